import { describe, expect, it } from 'vitest';
import {
  CompressionType,
  RecordErrorCode,
  TimestampType,
  crc32c,
  encodeRecordBatch,
  validateBatchForAppend,
  writeLegacyMessageSet,
  type AppendValidationOptions,
  type RecordBatchInit,
} from '@tributary/protocol';

const records = [{ timestamp: 100, value: Buffer.from('a') }, { timestamp: 300, value: Buffer.from('b') }, { timestamp: 200, value: null }];

function producerBatch(over: Partial<RecordBatchInit> = {}): Buffer {
  return encodeRecordBatch({ producerId: 42, producerEpoch: 3, baseSequence: 17, records, ...over });
}

/** Sets a header field and re-signs the batch, so only the field itself is wrong. */
function patched(buf: Buffer, write: (b: Buffer) => void): Buffer {
  const b = Buffer.from(buf);
  write(b);
  b.writeUInt32BE(crc32c(b.subarray(21)), 17);
  return b;
}

function errorOf(records: Buffer | null, options?: AppendValidationOptions): string {
  const v = validateBatchForAppend(records, options);
  if (v.ok) return 'ok';
  expect(v.errorCode).toBe(RecordErrorCode[v.errorName]);
  expect(v.reason.length).toBeGreaterThan(0);
  return v.errorName;
}

describe('validateBatchForAppend', () => {
  it('returns the header facts of a good producer batch', () => {
    const bytes = producerBatch({ isTransactional: true, compression: CompressionType.LZ4 });
    const v = validateBatchForAppend(bytes);
    expect(v).toEqual({
      ok: true,
      batch: {
        sizeInBytes: bytes.length,
        baseOffset: 0,
        partitionLeaderEpoch: -1,
        recordCount: 3,
        lastOffsetDelta: 2,
        baseTimestamp: 100,
        maxTimestamp: 300,
        producerId: 42,
        producerEpoch: 3,
        baseSequence: 17,
        isTransactional: true,
        isControl: false,
        compression: CompressionType.LZ4,
        timestampType: TimestampType.CREATE_TIME,
      },
    });
  });

  it('answers INVALID_RECORD for no batch, several batches, and legacy magic', () => {
    expect(errorOf(null)).toBe('INVALID_RECORD');
    expect(errorOf(Buffer.alloc(0))).toBe('INVALID_RECORD');
    expect(errorOf(Buffer.concat([producerBatch(), producerBatch()]))).toBe('INVALID_RECORD');
    expect(errorOf(writeLegacyMessageSet({ magic: 1, messages: [{ offset: 0, value: Buffer.from('x') }] }))).toBe('INVALID_RECORD');
  });

  it('answers CORRUPT_MESSAGE for truncation, stray bytes, a short header and a bad CRC', () => {
    const good = producerBatch();
    expect(errorOf(good.subarray(0, 8))).toBe('CORRUPT_MESSAGE');
    expect(errorOf(good.subarray(0, good.length - 1))).toBe('CORRUPT_MESSAGE');
    expect(errorOf(Buffer.concat([good, Buffer.from([1, 2, 3])]))).toBe('CORRUPT_MESSAGE');
    const shortHeader = Buffer.from(good.subarray(0, 40));
    shortHeader.writeInt32BE(28, 8);
    expect(errorOf(shortHeader)).toBe('CORRUPT_MESSAGE');
    const flipped = Buffer.from(good);
    flipped[good.length - 1] = flipped[good.length - 1]! ^ 0xff;
    expect(errorOf(flipped)).toBe('CORRUPT_MESSAGE');
    expect(errorOf(patched(good, (b) => b.writeInt32BE(-5, 57)), { origin: 'replication' })).toBe('CORRUPT_MESSAGE');
    expect(errorOf(patched(good, (b) => b.writeInt32BE(1000, 57)))).toBe('CORRUPT_MESSAGE'); // cannot fit
  });

  it('answers UNSUPPORTED_COMPRESSION_TYPE for unknown codecs and for zstd where it is not allowed', () => {
    expect(errorOf(patched(producerBatch(), (b) => b.writeInt16BE(6, 21)))).toBe('UNSUPPORTED_COMPRESSION_TYPE');
    const zstdHeader = patched(producerBatch(), (b) => b.writeInt16BE(CompressionType.ZSTD, 21));
    expect(errorOf(zstdHeader, { allowZstd: false })).toBe('UNSUPPORTED_COMPRESSION_TYPE');
    expect(errorOf(zstdHeader, { allowZstd: true })).toBe('ok'); // not decompressed: header facts only
  });

  it('answers MESSAGE_TOO_LARGE above max.message.bytes', () => {
    const b = producerBatch();
    expect(errorOf(b, { maxBatchBytes: b.length - 1 })).toBe('MESSAGE_TOO_LARGE');
    expect(errorOf(b, { maxBatchBytes: b.length })).toBe('ok');
  });

  it("applies Kafka's producer-batch rules to clients only", () => {
    const cases: Array<[string, Buffer]> = [
      ['base offset not 0', patched(producerBatch(), (b) => b.writeUInt32BE(9, 4))],
      ['count != lastOffsetDelta + 1', patched(producerBatch(), (b) => b.writeInt32BE(5, 23))],
      ['negative lastOffsetDelta', patched(producerBatch(), (b) => b.writeInt32BE(-1, 23))],
      ['zero records', encodeRecordBatch({ records: [] })],
      ['control batch', producerBatch({ isControl: true, isTransactional: true })],
      ['producer id without sequence', producerBatch({ baseSequence: -1 })],
    ];
    for (const [why, bytes] of cases) {
      expect([why, errorOf(bytes)]).toEqual([why, 'INVALID_RECORD']);
      expect([why, errorOf(bytes, { origin: 'replication' })]).toEqual([why, 'ok']);
    }
    const lat = producerBatch({ timestampType: TimestampType.LOG_APPEND_TIME });
    expect(errorOf(lat)).toBe('INVALID_TIMESTAMP');
    expect(errorOf(lat, { origin: 'replication' })).toBe('ok');
  });

  it('accepts a non-idempotent batch without sequence numbers', () => {
    expect(errorOf(encodeRecordBatch({ records }))).toBe('ok');
  });
});
