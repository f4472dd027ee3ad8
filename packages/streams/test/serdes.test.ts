import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Headers, Serdes, SerializationException, serdeFrom, type Serde } from '../src/index.js';

const T = 'topic';

function roundTrip<V>(serde: Serde<V>, value: V): V {
  return serde.deserializer().deserialize(T, serde.serializer().serialize(T, value));
}

function bytes(serde: Serde<unknown> | Serde<number> | Serde<string> | Serde<boolean>, value: unknown): string {
  return (serde.serializer().serialize(T, value as never) as Buffer).toString('hex');
}

describe('Serdes: byte layouts match Kafka (Java DataOutput, big-endian)', () => {
  it('Long is 8 bytes, two\'s complement', () => {
    expect(bytes(Serdes.Long(), 1)).toBe('0000000000000001');
    expect(bytes(Serdes.Long(), -1)).toBe('ffffffffffffffff');
    expect(bytes(Serdes.Long(), 4294967296)).toBe('0000000100000000');
    expect(bytes(Serdes.Long(), Number.MAX_SAFE_INTEGER)).toBe('001fffffffffffff');
    expect(bytes(Serdes.Long(), Number.MIN_SAFE_INTEGER)).toBe('ffe0000000000001');
  });

  it('Integer, Short, Double, Float, Boolean', () => {
    expect(bytes(Serdes.Integer(), 258)).toBe('00000102');
    expect(bytes(Serdes.Integer(), -2)).toBe('fffffffe');
    expect(bytes(Serdes.Short(), -2)).toBe('fffe');
    expect(bytes(Serdes.Double(), 1.5)).toBe('3ff8000000000000');
    expect(bytes(Serdes.Float(), 1.5)).toBe('3fc00000');
    expect(bytes(Serdes.Boolean(), true)).toBe('01');
    expect(bytes(Serdes.Boolean(), false)).toBe('00');
  });

  it('String is UTF-8, UUID is its lower-case text', () => {
    expect(bytes(Serdes.String(), 'hé')).toBe('68c3a9');
    const id = '123E4567-E89B-12D3-A456-426614174000';
    expect(Serdes.UUID().serializer().serialize(T, id)!.toString()).toBe(id.toLowerCase());
    expect(roundTrip(Serdes.UUID(), id)).toBe(id.toLowerCase());
  });

  it('null serializes to null and back in every built-in serde', () => {
    const all: Serde<unknown>[] = [Serdes.String(), Serdes.Long(), Serdes.Integer(), Serdes.Short(), Serdes.Double(), Serdes.Float(),
      Serdes.Boolean(), Serdes.ByteArray(), Serdes.Buffer(), Serdes.UUID(), Serdes.Void(), Serdes.JSON()] as Serde<unknown>[];
    for (const serde of all) {
      expect(serde.serializer().serialize(T, null)).toBeNull();
      expect(serde.deserializer().deserialize(T, null)).toBeNull();
    }
  });
});

describe('Serdes: round trips', () => {
  it('numbers survive a round trip (fast-check)', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => roundTrip(Serdes.Long(), n) === n));
    fc.assert(fc.property(fc.integer(), (n) => roundTrip(Serdes.Integer(), n) === n));
    fc.assert(fc.property(fc.integer({ min: -32768, max: 32767 }), (n) => roundTrip(Serdes.Short(), n) === n));
    fc.assert(fc.property(fc.double({ noNaN: true }), (n) => Object.is(roundTrip(Serdes.Double(), n), n)));
    fc.assert(fc.property(fc.float({ noNaN: true }), (n) => Object.is(roundTrip(Serdes.Float(), n), n)));
    fc.assert(fc.property(fc.string(), (s) => roundTrip(Serdes.String(), s) === s));
  });

  it('JSON, bytes and Buffer', () => {
    expect(roundTrip(Serdes.JSON<{ a: number[] }>(), { a: [1, 2] })).toEqual({ a: [1, 2] });
    const raw = new Uint8Array([1, 2, 3]);
    expect(Array.from(roundTrip(Serdes.ByteArray(), raw))).toEqual([1, 2, 3]);
    const buf = Buffer.from('xyz');
    expect(roundTrip(Serdes.Buffer(), buf)).toBe(buf);
  });
});

describe('Serdes: refusals raise SerializationException', () => {
  const code = (f: () => unknown) => {
    try { f(); } catch (e) { return (e as SerializationException).code; }
    return 'no error';
  };

  it('wrong sizes, as Kafka\'s messages say', () => {
    expect(() => Serdes.Long().deserializer().deserialize(T, Buffer.alloc(4))).toThrow('Size of data received by LongDeserializer is not 8');
    expect(code(() => Serdes.Integer().deserializer().deserialize(T, Buffer.alloc(8)))).toBe('SERIALIZATION');
    expect(code(() => Serdes.Double().deserializer().deserialize(T, Buffer.alloc(1)))).toBe('SERIALIZATION');
  });

  it('values out of range or unrepresentable', () => {
    expect(code(() => Serdes.Long().serializer().serialize(T, 2 ** 60))).toBe('SERIALIZATION');
    expect(code(() => Serdes.Long().serializer().serialize(T, 1.5))).toBe('SERIALIZATION');
    expect(code(() => Serdes.Integer().serializer().serialize(T, 2 ** 31))).toBe('SERIALIZATION');
    expect(code(() => Serdes.Long().deserializer().deserialize(T, Buffer.from('0020000000000000', 'hex')))).toBe('SERIALIZATION');
    expect(code(() => Serdes.Long().deserializer().deserialize(T, Buffer.from('ffe0000000000000', 'hex')))).toBe('SERIALIZATION');
    expect(code(() => Serdes.UUID().deserializer().deserialize(T, Buffer.from('nope')))).toBe('SERIALIZATION');
    expect(code(() => Serdes.JSON().deserializer().deserialize(T, Buffer.from('{')))).toBe('SERIALIZATION');
    expect(code(() => Serdes.Void().deserializer().deserialize(T, Buffer.alloc(0)))).toBe('ILLEGAL_ARGUMENT');
  });
});

describe('Serdes.from / serdeFrom', () => {
  it('wraps a serializer and deserializer, passing headers through', () => {
    const seen: string[] = [];
    const serde = Serdes.from<string>(
      { serialize: (_t, s, h) => { h?.add('enc', 'rev'); return s === null ? null : Buffer.from([...s].reverse().join('')); } },
      { deserialize: (_t, b, h) => { seen.push(h?.lastHeader('enc')?.value?.toString() ?? ''); return (b === null ? null : [...b.toString()].reverse().join('')) as string; } },
    );
    const headers = new Headers();
    const b = serde.serializer().serialize(T, 'abc', headers);
    expect(b!.toString()).toBe('cba');
    expect(serde.deserializer().deserialize(T, b, headers)).toBe('abc');
    expect(seen).toEqual(['rev']);
    expect(serdeFrom(serde.serializer(), serde.deserializer()).serializer()).toBe(serde.serializer());
  });
});
