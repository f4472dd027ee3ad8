import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Serdes, SerializationException, SessionWindow, TimeWindow, Windowed } from '../../src/index.js';
import * as WindowKeySchema from '../../src/serialization/windowed/window-key-schema.js';
import * as SessionKeySchema from '../../src/serialization/windowed/session-key-schema.js';
import { readInt64BE, writeInt64BE } from '../../src/serialization/windowed/int64.js';

const h = (s: string) => Buffer.from(s, 'hex');
const T = 'topic';

describe('window store keys: [key][8-byte start][4-byte seqnum]', () => {
  it('lays out key, start and sequence number big-endian', () => {
    expect(WindowKeySchema.toStoreKeyBinary(h('6b'), 0x0102030405, 7).toString('hex')).toBe('6b' + '0000000102030405' + '00000007');
    expect(WindowKeySchema.toStoreKeyBinary(Buffer.alloc(0), 0, 0).toString('hex')).toBe('00'.repeat(12));
    const windowed = new Windowed(h('aabb'), new TimeWindow(16, 26));
    expect(WindowKeySchema.toStoreKeyBinaryFromWindowed(windowed, 1).toString('hex')).toBe('aabb' + '0000000000000010' + '00000001');
  });

  it('extracts key bytes, start, sequence and window', () => {
    const key = h('6b6b' + '00000000000003e8' + '7fffffff');
    expect(WindowKeySchema.extractStoreKeyBytes(key).toString('hex')).toBe('6b6b');
    expect(WindowKeySchema.extractStoreTimestamp(key)).toBe(1000);
    expect(WindowKeySchema.extractStoreSequence(key)).toBe(0x7fffffff);
    const w = WindowKeySchema.extractStoreWindow(key, 50);
    expect([w.constructor.name, w.start(), w.end()]).toEqual(['TimeWindow', 1000, 1050]);
    const typed = WindowKeySchema.fromStoreKey(key, 50, Serdes.String().deserializer(), T);
    expect([typed.key(), typed.window().start(), typed.window().end()]).toEqual(['kk', 1000, 1050]);
    const bytes = WindowKeySchema.fromStoreBytesKey(key, 50);
    expect([bytes.key().toString('hex'), bytes.window().end()]).toEqual(['6b6b', 1050]);
  });

  it('range bounds: from (floored at 0) with seqnum 0, to with Integer.MAX_VALUE', () => {
    expect(WindowKeySchema.lowerRangeFixedSize(h('61'), -5).toString('hex')).toBe('61' + '0000000000000000' + '00000000');
    expect(WindowKeySchema.lowerRangeFixedSize(h('61'), 9).toString('hex')).toBe('61' + '0000000000000009' + '00000000');
    expect(WindowKeySchema.upperRangeFixedSize(h('61'), 9).toString('hex')).toBe('61' + '0000000000000009' + '7fffffff');
  });

  it('the pipe form has no sequence number', () => {
    const bytes = WindowKeySchema.toBinary(new Windowed('a', new TimeWindow(3, 8)), Serdes.String().serializer(), T);
    expect(bytes.toString('hex')).toBe('61' + '0000000000000003');
    const back = WindowKeySchema.from(bytes, 5, Serdes.String().deserializer(), T);
    expect([back.key(), back.window().start(), back.window().end()]).toEqual(['a', 3, 8]);
  });

  it('refuses keys shorter than the suffix', () => {
    expect(() => WindowKeySchema.extractStoreTimestamp(Buffer.alloc(11))).toThrow(SerializationException);
    expect(() => WindowKeySchema.extractStoreKeyBytes(Buffer.alloc(3))).toThrow(SerializationException);
  });

  it('round-trips, and one key\'s store keys sort bytewise by (start, seqnum), inside its range bounds', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 20 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 0, max: 0x7fffffff })), { minLength: 1, maxLength: 8 }),
        (keyArr, entries) => {
          const key = Buffer.from(keyArr);
          const binaries = entries.map(([ts, seq]) => {
            const b = WindowKeySchema.toStoreKeyBinary(key, ts, seq);
            expect(WindowKeySchema.extractStoreKeyBytes(b).equals(key)).toBe(true);
            expect(WindowKeySchema.extractStoreTimestamp(b)).toBe(ts);
            expect(WindowKeySchema.extractStoreSequence(b)).toBe(seq);
            expect(Buffer.compare(b, WindowKeySchema.lowerRangeFixedSize(key, ts))).toBeGreaterThanOrEqual(0);
            expect(Buffer.compare(b, WindowKeySchema.upperRangeFixedSize(key, ts))).toBeLessThanOrEqual(0);
            return { b, ts, seq };
          });
          const byBytes = [...binaries].sort((x, y) => Buffer.compare(x.b, y.b)).map((x) => [x.ts, x.seq]);
          const byNumbers = [...binaries].sort((x, y) => x.ts - y.ts || x.seq - y.seq).map((x) => [x.ts, x.seq]);
          expect(byBytes).toEqual(byNumbers);
        },
      ),
    );
  });
});

describe('session keys: [key][8-byte end][8-byte start]', () => {
  it('lays out end before start', () => {
    expect(SessionKeySchema.sessionKeyToBinary(h('6b'), 5, 10).toString('hex')).toBe('6b' + '000000000000000a' + '0000000000000005');
    const windowed = new Windowed(h('6b'), new SessionWindow(1, 2));
    expect(SessionKeySchema.sessionBytesKeyToBinary(windowed).toString('hex')).toBe('6b' + '0000000000000002' + '0000000000000001');
    const typed = new Windowed('k', new SessionWindow(1, 2));
    expect(SessionKeySchema.sessionTypedKeyToBinary(typed, Serdes.String().serializer(), T).toString('hex')).toBe(
      '6b' + '0000000000000002' + '0000000000000001',
    );
  });

  it('extracts key bytes, end, start and window', () => {
    const key = h('6162' + '00000000000003e8' + '0000000000000064');
    expect(SessionKeySchema.extractSessionKeyBytes(key).toString('hex')).toBe('6162');
    expect(SessionKeySchema.extractSessionEndTimestamp(key)).toBe(1000);
    expect(SessionKeySchema.extractSessionStartTimestamp(key)).toBe(100);
    const w = SessionKeySchema.extractSessionWindow(key);
    expect([w.constructor.name, w.start(), w.end()]).toEqual(['SessionWindow', 100, 1000]);
    const typed = SessionKeySchema.sessionKeyFrom(key, Serdes.String().deserializer(), T);
    expect([typed.key(), typed.window().start(), typed.window().end()]).toEqual(['ab', 100, 1000]);
    expect(SessionKeySchema.sessionBytesKeyFrom(key).key().toString('hex')).toBe('6162');
  });

  it('range bounds: lower is (end from, start 0), upper is (end max, start to)', () => {
    expect(SessionKeySchema.sessionLowerRangeFixedSize(h('61'), -3).toString('hex')).toBe('61' + '0'.repeat(32));
    expect(SessionKeySchema.sessionLowerRangeFixedSize(h('61'), 4).toString('hex')).toBe('61' + '0000000000000004' + '0000000000000000');
    expect(SessionKeySchema.sessionUpperRangeFixedSize(h('61'), 4).toString('hex')).toBe('61' + '001fffffffffffff' + '0000000000000004');
  });

  it('one key\'s sessions sort bytewise by (end, start), and round-trip', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 10 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 8 }),
        (keyArr, pairs) => {
          const key = Buffer.from(keyArr);
          const sessions = pairs.map(([a, b]) => {
            const [start, end] = a <= b ? [a, b] : [b, a];
            const bin = SessionKeySchema.sessionKeyToBinary(key, start, end);
            const back = SessionKeySchema.sessionBytesKeyFrom(bin);
            expect([back.key().equals(key), back.window().start(), back.window().end()]).toEqual([true, start, end]);
            return { bin, start, end };
          });
          const byBytes = [...sessions].sort((x, y) => Buffer.compare(x.bin, y.bin)).map((s) => [s.end, s.start]);
          const byNumbers = [...sessions].sort((x, y) => x.end - y.end || x.start - y.start).map((s) => [s.end, s.start]);
          expect(byBytes).toEqual(byNumbers);
        },
      ),
    );
  });
});

describe('8-byte longs', () => {
  it('writes and reads two\'s complement big-endian, as Java\'s ByteBuffer.putLong', () => {
    const buf = Buffer.alloc(8);
    for (const [n, bytes] of [
      [0, '0000000000000000'],
      [1, '0000000000000001'],
      [-1, 'ffffffffffffffff'],
      [4294967296, '0000000100000000'],
      [Number.MAX_SAFE_INTEGER, '001fffffffffffff'],
      [Number.MIN_SAFE_INTEGER, 'ffe0000000000001'],
    ] as const) {
      writeInt64BE(buf, n, 0);
      expect(buf.toString('hex')).toBe(bytes);
      expect(readInt64BE(buf, 0)).toBe(n);
    }
  });

  it('refuses values outside the safe range both ways', () => {
    expect(() => writeInt64BE(Buffer.alloc(8), 2 ** 53, 0)).toThrow(SerializationException);
    expect(() => writeInt64BE(Buffer.alloc(8), 0.5, 0)).toThrow(SerializationException);
    expect(() => readInt64BE(h('0020000000000000'), 0)).toThrow(SerializationException);
    expect(() => readInt64BE(h('ffe0000000000000'), 0)).toThrow(SerializationException);
  });

  it('round-trips every safe integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        const buf = Buffer.alloc(8);
        writeInt64BE(buf, n, 0);
        expect(buf.readBigInt64BE(0)).toBe(BigInt(n));
        expect(readInt64BE(buf, 0)).toBe(n);
      }),
    );
  });
});
