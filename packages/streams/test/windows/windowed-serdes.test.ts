import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  Headers,
  IllegalArgumentException,
  IllegalStateException,
  MAX_WINDOW_END_MS,
  SerializationException,
  Serdes,
  SessionWindow,
  SessionWindowedDeserializer,
  SessionWindowedSerde,
  SessionWindowedSerializer,
  TimeWindow,
  TimeWindowedDeserializer,
  TimeWindowedSerde,
  TimeWindowedSerializer,
  Windowed,
  WindowedSerdes,
  serdeFrom,
  type Serde,
} from '../../src/index.js';

const T = 'topic';
const hex = (b: Buffer | null) => (b === null ? null : b.toString('hex'));

function win<K>(w: Windowed<K>): [K, string, number, number] {
  return [w.key(), w.window().constructor.name, w.window().start(), w.window().end()];
}

describe('time-windowed serde: [key][8-byte big-endian start]', () => {
  const serde = WindowedSerdes.timeWindowedSerdeFrom(Serdes.String, 500);

  it('writes the inner key bytes and the window start, not the end', () => {
    expect(hex(serde.serializer().serialize(T, new Windowed('a', new TimeWindow(1000, 1500))))).toBe('61' + '00000000000003e8');
    expect(hex(serde.serializer().serialize(T, new Windowed('hé', new TimeWindow(0, 500))))).toBe('68c3a9' + '0000000000000000');
    const longKeys = WindowedSerdes.timeWindowedSerdeFrom(Serdes.Long(), 10);
    expect(hex(longKeys.serializer().serialize(T, new Windowed(7, new TimeWindow(4294967297, 4294967307))))).toBe(
      '0000000000000007' + '0000000100000001',
    );
  });

  it('rebuilds the end from the window size', () => {
    const w = serde.deserializer().deserialize(T, Buffer.from('61' + '00000000000003e8', 'hex'));
    expect(win(w)).toEqual(['a', 'TimeWindow', 1000, 1500]);
    const big = WindowedSerdes.timeWindowedSerdeFrom(Serdes.String, 60_000).deserializer();
    expect(win(big.deserialize(T, Buffer.from('6b' + '0000018bcfe56800', 'hex')))).toEqual(['k', 'TimeWindow', 1700000000000, 1700000060000]);
  });

  it('caps an end beyond the largest time at MAX_WINDOW_END_MS (Kafka truncates to Long.MAX_VALUE)', () => {
    const unlimited = WindowedSerdes.timeWindowedSerdeFrom(Serdes.String, MAX_WINDOW_END_MS);
    const w = unlimited.deserializer().deserialize(T, Buffer.from('61' + '0000000000000064', 'hex'));
    expect(win(w)).toEqual(['a', 'TimeWindow', 100, MAX_WINDOW_END_MS]);
  });

  it('null and empty bytes read as null; null serializes to null', () => {
    expect(serde.serializer().serialize(T, null)).toBeNull();
    expect(serde.deserializer().deserialize(T, null)).toBeNull();
    expect(serde.deserializer().deserialize(T, Buffer.alloc(0))).toBeNull();
  });

  it('refuses bytes shorter than a window start, and a key the inner serializer turns into null', () => {
    expect(() => serde.deserializer().deserialize(T, Buffer.from('0102', 'hex'))).toThrow(SerializationException);
    expect(() => serde.serializer().serialize(T, new Windowed(null as unknown as string, new TimeWindow(0, 5)))).toThrow(SerializationException);
  });

  it('refuses a start a JS number cannot hold exactly', () => {
    expect(() => serde.deserializer().deserialize(T, Buffer.from('61' + '7fffffffffffffff', 'hex'))).toThrow(SerializationException);
  });

  it('forChangelog reads window store changelog keys [key][start][seqnum]', () => {
    const changelog = WindowedSerdes.timeWindowedSerdeFrom(Serdes.String, 500).forChangelog(true);
    const w = changelog.deserializer().deserialize(T, Buffer.from('61' + '00000000000003e8' + '00000002', 'hex'));
    expect(win(w)).toEqual(['a', 'TimeWindow', 1000, 1500]);
    expect(changelog).toBeInstanceOf(TimeWindowedSerde);
  });

  it('serializeBaseKey is the inner key alone (what windowed partitioning hashes)', () => {
    expect(hex(serde.serializer().serializeBaseKey(T, new Windowed('ab', new TimeWindow(5, 10))))).toBe('6162');
  });

  it('round-trips any key and window start', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 1000 }), fc.integer({ min: 1, max: 1000 }), (key, start, size) => {
        const s = WindowedSerdes.timeWindowedSerdeFrom(Serdes.String(), size);
        const bytes = s.serializer().serialize(T, new Windowed(key, new TimeWindow(start, start + size)))!;
        expect(bytes.length).toBe(Buffer.byteLength(key) + 8);
        expect(win(s.deserializer().deserialize(T, bytes))).toEqual([key, 'TimeWindow', start, start + size]);
      }),
    );
  });
});

describe('session-windowed serde: [key][8-byte end][8-byte start]', () => {
  const serde = WindowedSerdes.sessionWindowedSerdeFrom(Serdes.String);

  it('writes end before start', () => {
    expect(hex(serde.serializer().serialize(T, new Windowed('ab', new SessionWindow(5, 10))))).toBe(
      '6162' + '000000000000000a' + '0000000000000005',
    );
    expect(hex(serde.serializer().serialize(T, new Windowed('', new SessionWindow(7, 7))))).toBe('0000000000000007' + '0000000000000007');
  });

  it('reads a session window [start, end]', () => {
    const w = serde.deserializer().deserialize(T, Buffer.from('6162' + '000000000000000a' + '0000000000000005', 'hex'));
    expect(win(w)).toEqual(['ab', 'SessionWindow', 5, 10]);
  });

  it('null and empty read as null; short bytes are refused', () => {
    expect(serde.serializer().serialize(T, null)).toBeNull();
    expect(serde.deserializer().deserialize(T, null)).toBeNull();
    expect(serde.deserializer().deserialize(T, Buffer.alloc(0))).toBeNull();
    expect(() => serde.deserializer().deserialize(T, Buffer.alloc(15))).toThrow(SerializationException);
  });

  it('round-trips any key and session', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (key, a, b) => {
        const [start, end] = a <= b ? [a, b] : [b, a];
        const bytes = serde.serializer().serialize(T, new Windowed(key, new SessionWindow(start, end)))!;
        expect(win(serde.deserializer().deserialize(T, bytes))).toEqual([key, 'SessionWindow', start, end]);
      }),
    );
  });

  it('serializeBaseKey and the WindowedSerdes class forms', () => {
    expect(hex(serde.serializer().serializeBaseKey(T, new Windowed('z', new SessionWindow(1, 2))))).toBe('7a');
    expect(serde).toBeInstanceOf(SessionWindowedSerde);
    expect(WindowedSerdes.SessionWindowedSerde).toBe(SessionWindowedSerde);
    expect(WindowedSerdes.TimeWindowedSerde).toBe(TimeWindowedSerde);
  });
});

describe('inner serdes: constructor, configs, and what is passed through', () => {
  it('a serde or a Serdes factory both work as Java\'s Class argument; null is refused', () => {
    const a = WindowedSerdes.timeWindowedSerdeFrom(Serdes.String(), 10);
    const b = WindowedSerdes.timeWindowedSerdeFrom(Serdes.String, 10);
    const w = new Windowed('x', new TimeWindow(0, 10));
    expect(hex(a.serializer().serialize(T, w))).toBe(hex(b.serializer().serialize(T, w)));
    expect(() => WindowedSerdes.timeWindowedSerdeFrom(null as unknown as Serde<string>, 10)).toThrow('type cannot be null');
    expect(() => WindowedSerdes.sessionWindowedSerdeFrom(undefined as unknown as Serde<string>)).toThrow(IllegalArgumentException);
  });

  it('without an inner serializer, use fails with Kafka\'s message', () => {
    expect(() => new TimeWindowedSerializer<string>().serialize(T, null)).toThrow(
      'Inner serializer is `null`. User code must use constructor `TimeWindowedSerializer(final Serializer<T> inner)` instead of the no-arg constructor.',
    );
    expect(() => new SessionWindowedDeserializer<string>().deserialize(T, null)).toThrow(IllegalStateException);
    expect(() => new TimeWindowedDeserializer<string>().deserialize(T, null)).toThrow('Inner deserializer is `null`.');
  });

  it('the no-arg serde is configured from window.size.ms and the inner class configs', () => {
    const serde = new TimeWindowedSerde<string>();
    serde.configure(
      { 'window.size.ms': '500', 'windowed.inner.serializer.class': Serdes.String, 'windowed.inner.deserializer.class': Serdes.String() },
      true,
    );
    expect(serde.deserializer().getWindowSize()).toBe(500);
    const bytes = serde.serializer().serialize(T, new Windowed('q', new TimeWindow(10, 510)));
    expect(win(serde.deserializer().deserialize(T, bytes))).toEqual(['q', 'TimeWindow', 10, 510]);

    const session = new SessionWindowedSerde<string>();
    session.configure({ 'windowed.inner.class.serde': Serdes.String }, false); // the deprecated config
    expect(win(session.deserializer().deserialize(T, session.serializer().serialize(T, new Windowed('s', new SessionWindow(1, 2))))))
      .toEqual(['s', 'SessionWindow', 1, 2]);
  });

  it('window size set twice or never is refused with Kafka\'s messages', () => {
    expect(() => new TimeWindowedDeserializer(Serdes.String().deserializer(), 5).configure({ 'window.size.ms': 5 }, true)).toThrow(
      'Window size should not be set in both the time windowed deserializer constructor and the window.size.ms config',
    );
    expect(() => new TimeWindowedDeserializer(Serdes.String().deserializer()).configure({}, true)).toThrow(
      'Window size needs to be set either through the time windowed deserializer constructor or the window.size.ms config but not both',
    );
    expect(() => new TimeWindowedDeserializer(Serdes.String().deserializer()).configure({ 'window.size.ms': 'ten' }, true)).toThrow(
      IllegalArgumentException,
    );
  });

  it('an inner class missing everywhere, or different in constructor and config, is refused', () => {
    expect(() => new SessionWindowedSerializer<string>().configure({}, true)).toThrow(
      'Inner class serializer should be set either via constructor or via the windowed.inner.serializer.class config',
    );
    class UpperSerializer {
      serialize(_t: string, s: string | null): Buffer | null {
        return s === null ? null : Buffer.from(s.toUpperCase());
      }
    }
    expect(() =>
      new TimeWindowedSerializer<string>(new UpperSerializer()).configure({ 'windowed.inner.serializer.class': Serdes.String }, true),
    ).toThrow(/^Inner class serializer set using constructor \(UpperSerializer\) is different from the one set in windowed.inner.serializer.class config/);
    expect(() => new TimeWindowedSerializer<string>().configure({ 'windowed.inner.serializer.class': 42 }, true)).toThrow(
      'Serde class 42 could not be found.',
    );
  });

  it('hands headers to the inner serializer and deserializer, and close() reaches them', () => {
    const seen: string[] = [];
    const inner = serdeFrom<string>(
      {
        serialize: (_t, s, h) => {
          seen.push(`ser:${h?.lastHeader('h')?.value?.toString() ?? '-'}`);
          return Buffer.from(s ?? '');
        },
        close: () => seen.push('ser-close'),
      },
      {
        deserialize: (_t, b, h) => {
          seen.push(`de:${h?.lastHeader('h')?.value?.toString() ?? '-'}`);
          return b!.toString();
        },
        close: () => seen.push('de-close'),
      },
    );
    const serde = WindowedSerdes.sessionWindowedSerdeFrom(inner);
    const headers = new Headers().add('h', Buffer.from('v'));
    const bytes = serde.serializer().serialize(T, new Windowed('k', new SessionWindow(0, 1)), headers);
    serde.deserializer().deserialize(T, bytes, headers);
    serde.close();
    expect(seen).toEqual(['ser:v', 'de:v', 'ser-close', 'de-close']);
  });
});
