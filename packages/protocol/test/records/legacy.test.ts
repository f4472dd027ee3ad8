import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CompressionType,
  ProtocolDecodeError,
  TimestampType,
  crc32,
  crc32Pure,
  decompressSync,
  readLegacyMessageSet,
  writeLegacyMessageSet,
  xxhash32,
  type LegacyMessageInit,
} from '@tributary/protocol';

/** A magic 0 message built by hand: offset 3, key "k", value "v"; `cccccccc` is the CRC-32 of magic..end. */
const HAND_V0 = '0000000000000003' + '00000010' + 'cccccccc' + '00' + '00' + '00000001' + '6b' + '00000001' + '76';

function hand(hex: string): Buffer {
  const b = Buffer.from(hex, 'hex');
  b.writeUInt32BE(crc32Pure(b.subarray(16)), 12);
  return b;
}

describe('CRC-32', () => {
  it('matches the standard test vector, native and pure', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32Pure(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('hand-built legacy messages', () => {
  it('reads a magic 0 message and writes the same bytes', () => {
    expect(readLegacyMessageSet(hand(HAND_V0))).toEqual([
      { offset: 3, magic: 0, timestamp: -1, timestampType: null, key: Buffer.from('k'), value: Buffer.from('v') },
    ]);
    const written = writeLegacyMessageSet({ magic: 0, messages: [{ offset: 3, key: Buffer.from('k'), value: Buffer.from('v') }] });
    expect(written.toString('hex')).toBe(hand(HAND_V0).toString('hex'));
  });

  it('reads a magic 1 message with its timestamp and a null key', () => {
    const v1 = hand('0000000000000009' + '00000018' + 'cccccccc' + '01' + '00' + '00000000000003e8' + 'ffffffff' + '00000002' + '6869');
    expect(readLegacyMessageSet(v1)).toEqual([{ offset: 9, magic: 1, timestamp: 1000, timestampType: TimestampType.CREATE_TIME, key: null, value: Buffer.from('hi') }]);
  });

  it('rejects a bad CRC unless checks are off', () => {
    const b = hand(HAND_V0);
    b[b.length - 1] = 0x77;
    expect(() => readLegacyMessageSet(b)).toThrow(/CRC-32/);
    expect(readLegacyMessageSet(b, { verifyCrc: false })[0]!.value).toEqual(Buffer.from('w'));
  });
});

const CODECS = [CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4];
const messagesArb = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 3 }),
      timestamp: fc.integer({ min: 0, max: 2 ** 42 }),
      key: fc.option(fc.uint8Array({ maxLength: 20 }).map((a) => Buffer.from(a))),
      value: fc.option(fc.uint8Array({ maxLength: 50 }).map((a) => Buffer.from(a))),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .chain((ms) =>
    fc.nat({ max: 2 ** 40 }).map((base) => {
      let offset = base;
      return ms.map((m): LegacyMessageInit => ({ offset: (offset += m.gap), timestamp: m.timestamp, key: m.key, value: m.value }));
    }),
  );

describe('round trips', () => {
  for (const magic of [0, 1] as const) {
    it.each(CODECS)(`magic ${magic} with codec %i`, (compression) => {
      fc.assert(
        fc.property(messagesArb, (messages) => {
          const read = readLegacyMessageSet(writeLegacyMessageSet({ magic, compression, messages }));
          expect(read).toEqual(
            messages.map((m) => ({
              offset: m.offset,
              magic,
              timestamp: magic === 0 ? -1 : m.timestamp,
              timestampType: magic === 0 ? null : TimestampType.CREATE_TIME,
              key: m.key ?? null,
              value: m.value,
            })),
          );
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('compressed wrappers', () => {
  const messages = [10, 11, 14].map((offset) => ({ offset, timestamp: offset * 100, value: Buffer.from(`m${offset}`) }));

  it('magic 1: relative inner offsets, wrapper = last absolute offset and max timestamp', () => {
    const set = writeLegacyMessageSet({ magic: 1, compression: CompressionType.GZIP, messages });
    expect(set.readUInt32BE(4)).toBe(14); // wrapper offset
    expect(set.readUInt32BE(22)).toBe(1400); // wrapper timestamp (low word)
    const inner = decompressSync(CompressionType.GZIP, set.subarray(34)); // value after null key + length
    const innerOffsets: number[] = [];
    for (let pos = 0; pos < inner.length; pos += 12 + inner.readInt32BE(pos + 8)) innerOffsets.push(inner.readUInt32BE(pos + 4));
    expect(innerOffsets).toEqual([0, 1, 4]);
  });

  it('magic 1 LogAppendTime: every inner message takes the wrapper timestamp', () => {
    const set = writeLegacyMessageSet({ magic: 1, compression: CompressionType.SNAPPY, timestampType: TimestampType.LOG_APPEND_TIME, logAppendTime: 777, messages });
    expect(readLegacyMessageSet(set).map((m) => [m.offset, m.timestamp, m.timestampType])).toEqual([
      [10, 777, TimestampType.LOG_APPEND_TIME],
      [11, 777, TimestampType.LOG_APPEND_TIME],
      [14, 777, TimestampType.LOG_APPEND_TIME],
    ]);
  });

  it("magic 0 lz4: writes Kafka's magic-0 frame header checksum, and reads it back", () => {
    const set = writeLegacyMessageSet({ magic: 0, compression: CompressionType.LZ4, messages });
    const frame = set.subarray(26); // magic 0: 18-byte header, null key (4), value length (4)
    expect(frame.readUInt32LE(0)).toBe(0x184d2204);
    expect(frame[6]).toBe((xxhash32(frame, 0, 6) >>> 8) & 0xff);
    expect(readLegacyMessageSet(set).map((m) => m.offset)).toEqual([10, 11, 14]);
  });

  it('rejects nested compression and a null wrapper value', () => {
    /** A one-message set re-signed with `attributes`, to build wrappers our writer would never write. */
    const forged = (value: Buffer | null, attributes: number): Buffer => {
      const b = writeLegacyMessageSet({ magic: 1, messages: [{ offset: 14, timestamp: 0, value }] });
      b[17] = attributes;
      b.writeUInt32BE(crc32(b.subarray(16)), 12);
      return b;
    };
    const innerWrapper = writeLegacyMessageSet({ magic: 1, compression: CompressionType.GZIP, messages });
    expect(() => readLegacyMessageSet(forged(gzipSync(innerWrapper), CompressionType.GZIP))).toThrow(/another compressed/);
    expect(() => readLegacyMessageSet(forged(null, CompressionType.GZIP))).toThrow(/null value/);
    expect(() => readLegacyMessageSet(forged(gzipSync(innerWrapper), CompressionType.ZSTD))).toThrow(ProtocolDecodeError);
  });

  it('refuses zstd for legacy formats', () => {
    expect(() => writeLegacyMessageSet({ magic: 1, compression: CompressionType.ZSTD, messages })).toThrow(expect.objectContaining({ code: 'PROTOCOL_ENCODE' }));
  });
});

describe('malformed legacy input', () => {
  it('ignores a trailing partial entry', () => {
    const two = writeLegacyMessageSet({ magic: 1, messages: [{ offset: 0, value: Buffer.from('a') }, { offset: 1, value: Buffer.from('b') }] });
    for (let cut = 36; cut < two.length; cut++) expect(readLegacyMessageSet(two.subarray(0, cut)).map((m) => m.offset)).toEqual([0]);
  });

  it('random bytes raise only ProtocolDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.boolean(), (a, verifyCrc) => {
        try {
          readLegacyMessageSet(Buffer.from(a), { verifyCrc });
        } catch (e) {
          expect(e).toBeInstanceOf(ProtocolDecodeError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
