import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CompressionType,
  ProtocolDecodeError,
  TimestampType,
  crc32c,
  crc32cPure,
  decodeRecordBatch,
  decodeRecordBatchAsync,
  encodeRecordBatch,
  encodeRecordBatchAsync,
  type RecordBatchInit,
} from '@tributary/protocol';

/**
 * A batch built by hand from RECORD-FORMAT.md (not by our encoder): base offset 5, leader epoch 3,
 * transactional, two records, the second with a null key and a header with a null value. `cccccccc` is the
 * CRC placeholder, filled with the table-driven CRC-32C of bytes 21..end.
 */
const HAND_BATCH_HEX = [
  '0000000000000005', // baseOffset 5
  '00000049', // batchLength 73 = 49 header bytes after this field + 24 record bytes
  '00000003', // partitionLeaderEpoch 3
  '02', // magic
  'cccccccc', // crc
  '0010', // attributes: transactional, no compression, CreateTime
  '00000001', // lastOffsetDelta 1
  '00000000000003e8', // baseTimestamp 1000
  '00000000000003ea', // maxTimestamp 1002
  '0000000000000007', // producerId 7
  '0001', // producerEpoch 1
  '0000000a', // baseSequence 10
  '00000002', // recordCount 2
  // record 0: length 12, attrs, tsDelta 0, offsetDelta 0, key "k", value "hello", 0 headers
  '18' + '00' + '00' + '00' + '02' + '6b' + '0a' + '68656c6c6f' + '00',
  // record 1: length 10, attrs, tsDelta 2, offsetDelta 1, null key, value "v", 1 header "h" = null
  '14' + '00' + '04' + '02' + '01' + '02' + '76' + '02' + '02' + '68' + '01',
].join('');

function handBatch(): Buffer {
  const b = Buffer.from(HAND_BATCH_HEX, 'hex');
  b.writeUInt32BE(crc32cPure(b.subarray(21)), 17);
  return b;
}

describe('CRC-32C', () => {
  it('matches the standard test vector, native and pure', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32cPure(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('native and pure agree on random data and on continued checksums', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.nat({ max: 2000 }), (d, cut) => {
        const c = Math.min(cut, d.length);
        expect(crc32c(d)).toBe(crc32cPure(d));
        expect(crc32c(d.subarray(c), crc32c(d.subarray(0, c)))).toBe(crc32c(d));
      }),
    );
  });
});

describe('the hand-built batch', () => {
  it('decodes field by field', () => {
    const bytes = handBatch();
    expect(bytes.length).toBe(85);
    const b = decodeRecordBatch(bytes);
    expect(b).toMatchObject({
      baseOffset: 5,
      partitionLeaderEpoch: 3,
      compression: CompressionType.NONE,
      timestampType: TimestampType.CREATE_TIME,
      isTransactional: true,
      isControl: false,
      hasDeleteHorizon: false,
      lastOffsetDelta: 1,
      baseTimestamp: 1000,
      maxTimestamp: 1002,
      producerId: 7,
      producerEpoch: 1,
      baseSequence: 10,
    });
    expect(b.records).toEqual([
      { offset: 5, timestamp: 1000, key: Buffer.from('k'), value: Buffer.from('hello'), headers: [] },
      { offset: 6, timestamp: 1002, key: null, value: Buffer.from('v'), headers: [{ key: 'h', value: null }] },
    ]);
  });

  it('is what our encoder writes for the same content, byte for byte (CRC included)', () => {
    const encoded = encodeRecordBatch({
      baseOffset: 5,
      partitionLeaderEpoch: 3,
      isTransactional: true,
      producerId: 7,
      producerEpoch: 1,
      baseSequence: 10,
      records: [
        { timestamp: 1000, key: Buffer.from('k'), value: Buffer.from('hello') },
        { timestamp: 1002, key: null, value: Buffer.from('v'), headers: [{ key: 'h', value: null }] },
      ],
    });
    expect(encoded.toString('hex')).toBe(handBatch().toString('hex'));
  });

  it('returns keys and values as views into the input (no copy)', () => {
    const bytes = handBatch();
    const r = decodeRecordBatch(bytes).records[0]!;
    expect(r.value!.buffer).toBe(bytes.buffer);
    expect(r.value!.byteOffset).toBe(bytes.byteOffset + 61 + 7); // length, attributes, two deltas, key length, key, value length
  });

  it('rejects a changed value byte with a CRC error, and decodes it when CRC checks are off', () => {
    const bytes = handBatch();
    bytes[bytes.length - 5] = 0x77; // the value "v" becomes "w"
    expect(() => decodeRecordBatch(bytes)).toThrow(/CRC/);
    expect(decodeRecordBatch(bytes, 0, { verifyCrc: false }).records[1]!.value).toEqual(Buffer.from('w'));
  });
});

const bytesArb = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
const recordArb = fc.record({
  gap: fc.nat({ max: 3 }),
  tsDelta: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  key: fc.option(bytesArb),
  value: fc.option(bytesArb),
  headers: fc.array(fc.record({ key: fc.string({ unit: 'grapheme', maxLength: 6 }), value: fc.option(bytesArb) }), { maxLength: 3 }),
});
const batchArb = fc.record({
  baseOffset: fc.nat({ max: 2 ** 40 }),
  baseTimestamp: fc.integer({ min: 0, max: 2 ** 42 }),
  partitionLeaderEpoch: fc.integer({ min: -1, max: 1000 }),
  isTransactional: fc.boolean(),
  producerId: fc.oneof(fc.constant(-1), fc.nat({ max: 2 ** 45 })),
  producerEpoch: fc.integer({ min: -1, max: 32767 }),
  baseSequence: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
  records: fc.array(recordArb, { maxLength: 20 }),
});

/** A generated batch as encoder input plus the records a decoder must return. */
type Generated = typeof batchArb extends fc.Arbitrary<infer T> ? T : never;

function build(g: Generated, compression: CompressionType) {
  let offset = g.baseOffset - 1;
  const records = g.records.map((r) => {
    offset += 1 + r.gap;
    return { offset, timestamp: g.baseTimestamp + r.tsDelta, key: r.key, value: r.value, headers: r.headers };
  });
  const { baseTimestamp: _unused, ...header } = g;
  const init: RecordBatchInit = { ...header, compression, records };
  return { init, records };
}

describe('round trips', () => {
  it.each([CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD])(
    'random batches survive encode/decode with codec %i',
    async (compression) => {
      await fc.assert(
        fc.asyncProperty(batchArb, async (g) => {
          const { init, records } = build(g, compression);
          const bytes = await encodeRecordBatchAsync(init);
          const b = await decodeRecordBatchAsync(bytes);
          expect(b.records).toEqual(records);
          expect(b.compression).toBe(compression);
          expect(b.baseOffset).toBe(g.baseOffset);
          expect(b.producerId).toBe(g.producerId);
          expect(b.baseSequence).toBe(g.baseSequence);
          expect(b.isTransactional).toBe(g.isTransactional);
          const last = records[records.length - 1];
          expect(b.lastOffsetDelta).toBe(last === undefined ? -1 : last.offset - g.baseOffset);
          expect(b.maxTimestamp).toBe(records.reduce((m, r) => Math.max(m, r.timestamp), -1));
          // Re-encoding the decoded batch reproduces the bytes (a decoded batch is valid encoder input).
          expect((await encodeRecordBatchAsync(b)).equals(bytes)).toBe(true);
          if (compression !== CompressionType.ZSTD) {
            expect(encodeRecordBatch(init).length).toBe(bytes.length);
            expect(decodeRecordBatch(bytes).records).toEqual(records);
          }
        }),
        { numRuns: compression === CompressionType.NONE ? 200 : 40 },
      );
    },
  );

  it('keeps the delete horizon in baseTimestamp and gives LogAppendTime records the batch max timestamp', () => {
    const horizon = encodeRecordBatch({
      hasDeleteHorizon: true,
      baseTimestamp: 5_000,
      records: [{ timestamp: 4_000, value: null }],
    });
    const h = decodeRecordBatch(horizon);
    expect(h.hasDeleteHorizon).toBe(true);
    expect(h.baseTimestamp).toBe(5_000);
    expect(h.records[0]!.timestamp).toBe(4_000);
    const lat = decodeRecordBatch(
      encodeRecordBatch({ timestampType: TimestampType.LOG_APPEND_TIME, maxTimestamp: 9_999, records: [{ timestamp: 1, value: null }, { timestamp: 2, value: null }] }),
    );
    expect(lat.records.map((r) => r.timestamp)).toEqual([9_999, 9_999]);
  });

  it('handles timestamps and offsets at the edge of the safe range', () => {
    const far = 2 ** 53 - 1;
    const b = decodeRecordBatch(encodeRecordBatch({ baseOffset: 2 ** 50, baseTimestamp: 0, records: [{ timestamp: far, value: null }, { timestamp: -far, value: null }] }));
    expect(b.records.map((r) => r.timestamp)).toEqual([far, -far]);
    expect(b.records[1]!.offset).toBe(2 ** 50 + 1);
  });

  it('rejects what the format cannot carry', () => {
    expect(() => encodeRecordBatch({ records: [{ offset: 2 ** 32, value: null }] })).toThrow(expect.objectContaining({ code: 'PROTOCOL_ENCODE' }));
    expect(() => encodeRecordBatch({ records: [{ timestamp: 1.5, value: null }] })).toThrow(expect.objectContaining({ code: 'PROTOCOL_ENCODE' }));
    expect(() => encodeRecordBatch({ hasDeleteHorizon: true, records: [] })).toThrow(expect.objectContaining({ code: 'PROTOCOL_ENCODE' }));
    expect(() => encodeRecordBatch({ compression: CompressionType.ZSTD, records: [] })).toThrow(
      expect.objectContaining({ code: 'COMPRESSION_SYNC_UNAVAILABLE' }),
    );
  });
});

/** Decodes and reports how it failed: 'ok', 'decode-error' or the unexpected error itself. */
async function outcome(bytes: Buffer, verifyCrc = true): Promise<unknown> {
  try {
    await decodeRecordBatchAsync(bytes, 0, { verifyCrc });
    return 'ok';
  } catch (e) {
    return e instanceof ProtocolDecodeError ? 'decode-error' : e;
  }
}

describe('malformed input', () => {
  it('random bytes raise only ProtocolDecodeError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.boolean(), async (a, crc) => {
        expect(['ok', 'decode-error']).toContain(await outcome(Buffer.from(a), crc));
      }),
      { numRuns: 500 },
    );
  });

  it('every truncation of a valid batch raises ProtocolDecodeError', async () => {
    for (const compression of [CompressionType.NONE, CompressionType.LZ4, CompressionType.ZSTD]) {
      const bytes = await encodeRecordBatchAsync({ compression, records: [{ key: Buffer.from('a'), value: Buffer.from('bcd'), headers: [{ key: 'x', value: null }] }] });
      for (let n = 0; n < bytes.length; n++) expect(await outcome(bytes.subarray(0, n))).toBe('decode-error');
    }
  });

  it('corrupted record sections with a recomputed CRC decode or raise only ProtocolDecodeError', async () => {
    const seed = encodeRecordBatch({
      records: Array.from({ length: 5 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.alloc(i * 3, i), headers: [{ key: 'h', value: Buffer.from('v') }] })),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }), async (edits) => {
        const b = Buffer.from(seed);
        for (const [at, v] of edits) b[21 + (at % (b.length - 21))] = v; // attributes onward, CRC fixed below
        b.writeUInt32BE(crc32c(b.subarray(21)), 17);
        expect(['ok', 'decode-error']).toContain(await outcome(b));
      }),
      { numRuns: 500 },
    );
  });
});
