import { describe, expect, it } from 'vitest';
import {
  CompressionType,
  ControlRecordType,
  TimestampType,
  downConvert,
  encodeEndTxnMarkerBatch,
  encodeRecordBatch,
  encodeRecordBatchAsync,
  iterateRecordEntries,
  readLegacyMessageSet,
  writeLegacyMessageSet,
} from '@tributary/protocol';

function batch(baseOffset: number, compression: CompressionType, n = 3): Buffer {
  return encodeRecordBatch({
    baseOffset,
    compression,
    records: Array.from({ length: n }, (_, i) => ({
      timestamp: 1000 + baseOffset + i,
      key: i === 0 ? null : Buffer.from(`k${baseOffset + i}`),
      value: Buffer.from(`v${baseOffset + i}`),
      headers: [{ key: 'dropped', value: Buffer.from('by down-conversion') }],
    })),
  });
}

describe('downConvert', () => {
  const stored = Buffer.concat([
    batch(0, CompressionType.NONE),
    batch(3, CompressionType.GZIP),
    encodeEndTxnMarkerBatch({ type: ControlRecordType.COMMIT, coordinatorEpoch: 0, producerId: 1, producerEpoch: 0, timestamp: 5, baseOffset: 6 }),
    batch(7, CompressionType.LZ4, 2),
  ]);

  it.each([0, 1] as const)('turns v2 batches into a magic %i message set, dropping control batches and headers', async (toMagic) => {
    const legacy = await downConvert(stored, toMagic);
    const entries = [...iterateRecordEntries(legacy)];
    expect(entries.every((e) => e.magic === toMagic)).toBe(true);
    // 3 plain messages, then one wrapper per compressed batch (the control batch is gone).
    expect(entries.map((e) => e.offset)).toEqual([0, 1, 2, 5, 8]);
    const read = readLegacyMessageSet(legacy);
    expect(read.map((m) => m.offset)).toEqual([0, 1, 2, 3, 4, 5, 7, 8]);
    expect(read.map((m) => m.value?.toString())).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v7', 'v8']);
    expect(read.map((m) => m.key?.toString() ?? null)).toEqual([null, 'k1', 'k2', null, 'k4', 'k5', null, 'k8']);
    expect(read.map((m) => m.timestamp)).toEqual(toMagic === 0 ? Array(8).fill(-1) : [1000, 1001, 1002, 1003, 1004, 1005, 1007, 1008]);
  });

  it('leaves out records of uncompressed batches below the fetch offset, keeps compressed batches whole', async () => {
    const read = readLegacyMessageSet(await downConvert(stored, 1, { firstOffset: 4 }));
    expect(read.map((m) => m.offset)).toEqual([3, 4, 5, 7, 8]);
    const none = readLegacyMessageSet(await downConvert(batch(0, CompressionType.NONE), 1, { firstOffset: 3 }));
    expect(none).toEqual([]);
  });

  it('keeps LogAppendTime: the wrapper carries the batch max timestamp', async () => {
    const lat = encodeRecordBatch({ compression: CompressionType.SNAPPY, timestampType: TimestampType.LOG_APPEND_TIME, maxTimestamp: 4242, records: [{ timestamp: 1, value: Buffer.from('a') }] });
    const read = readLegacyMessageSet(await downConvert(lat, 1));
    expect(read).toMatchObject([{ offset: 0, timestamp: 4242, timestampType: TimestampType.LOG_APPEND_TIME }]);
  });

  it('passes through entries already at the target magic and converts magic 1 to 0', async () => {
    const v1 = writeLegacyMessageSet({ magic: 1, compression: CompressionType.GZIP, messages: [{ offset: 20, timestamp: 9, value: Buffer.from('x') }] });
    expect((await downConvert(v1, 1)).equals(v1)).toBe(true);
    expect(readLegacyMessageSet(await downConvert(v1, 0))).toEqual([{ offset: 20, magic: 0, timestamp: -1, timestampType: null, key: null, value: Buffer.from('x') }]);
  });

  it('ignores a trailing partial batch', async () => {
    const cut = stored.subarray(0, batch(0, CompressionType.NONE).length + 30);
    expect(readLegacyMessageSet(await downConvert(cut, 1)).map((m) => m.offset)).toEqual([0, 1, 2]);
  });

  it('refuses zstd batches with UNSUPPORTED_COMPRESSION', async () => {
    const z = await encodeRecordBatchAsync({ compression: CompressionType.ZSTD, records: [{ value: Buffer.from('z') }] });
    await expect(downConvert(z, 1)).rejects.toMatchObject({ code: 'UNSUPPORTED_COMPRESSION' });
  });
});
