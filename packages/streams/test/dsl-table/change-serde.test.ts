import { describe, expect, it } from 'vitest';
import { Serdes } from '../../src/index.js';
import { Change } from '../../src/internal/kstream/change.js';
import { ChangedDeserializer, ChangedSerializer } from '../../src/internal/kstream/change-serde.js';

// The value layout of KTable.groupBy's repartition topic, byte for byte as Kafka's ChangedSerializer writes it.

const ser = new ChangedSerializer(Serdes.String().serializer());
const de = new ChangedDeserializer(Serdes.String().deserializer());

describe('Change serde (Kafka layout)', () => {
  it('new only: [new][1]; old only: [old][0]; both: [uint32 new length][new][old][2]', () => {
    expect(ser.serialize('t', new Change('ab', null))).toEqual(Buffer.from([0x61, 0x62, 1]));
    expect(ser.serialize('t', new Change(null, 'c'))).toEqual(Buffer.from([0x63, 0]));
    expect(ser.serialize('t', new Change('ab', 'c'))).toEqual(Buffer.from([0, 0, 0, 2, 0x61, 0x62, 0x63, 2]));
  });

  it('round-trips, and reads the isLatest variants (flags 3-5) Kafka writes for versioned stores', () => {
    for (const c of [new Change('x', null), new Change(null, 'y'), new Change('new', 'old'), new Change('', '')]) {
      const back = de.deserialize('t', ser.serialize('t', c));
      expect([back.newValue, back.oldValue, back.isLatest]).toEqual([c.newValue, c.oldValue, true]);
    }
    const both = de.deserialize('t', Buffer.from([0, 0, 0, 1, 0x6e, 0x6f, 0, 5]));
    expect([both.newValue, both.oldValue, both.isLatest]).toEqual(['n', 'o', false]);
    expect(de.deserialize('t', Buffer.from([0x6f, 1, 3])).oldValue).toBe('o');
    expect(de.deserialize('t', Buffer.from([0x6e, 1, 4])).newValue).toBe('n');
  });

  it('rejects a change with neither value, and unknown flags', () => {
    expect(() => ser.serialize('t', new Change<string>(null, null))).toThrow(expect.objectContaining({ code: 'STREAMS' }));
    expect(() => de.deserialize('t', Buffer.from([1, 9]))).toThrow(expect.objectContaining({ code: 'STREAMS' }));
  });

  it('an unset inner serde is taken from the default value serde', () => {
    const lazy = new ChangedSerializer<string>(undefined);
    expect(() => lazy.serialize('t', new Change('a', null))).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    lazy.setIfUnset(undefined, Serdes.String() as never);
    expect(lazy.serialize('t', new Change('a', null))).toEqual(Buffer.from([0x61, 1]));
  });

  it('prints like Kafka\'s Change', () => {
    expect(String(new Change('a', null))).toBe('(a<-null)');
  });
});
