import { compress, compressSync } from '../compression/codec.js';
import { ProtocolEncodeError } from '../errors/tributary-error.js';
import { BatchAttributes, BatchLayout, CompressionType } from './batch-header.js';
import { crc32c } from './crc32c.js';
import {
  NO_PARTITION_LEADER_EPOCH,
  NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID,
  NO_SEQUENCE,
  NO_TIMESTAMP,
  TimestampType,
  type RecordBatchHeader,
  type RecordBatchInit,
} from './record-types.js';
import { planRecords, writeRecords } from './records-encode.js';

/** The header of `init` with every default and computed field filled in, plus the records section size. */
interface Resolved {
  header: RecordBatchHeader;
  bodySize: number;
  defaultTimestamp: number;
}

function resolve(init: RecordBatchInit): Resolved {
  const records = init.records;
  const baseOffset = init.baseOffset ?? 0;
  if (init.hasDeleteHorizon === true && init.baseTimestamp === undefined) {
    throw new ProtocolEncodeError('a batch with the delete-horizon flag needs baseTimestamp (the horizon)');
  }
  const defaultTimestamp = init.baseTimestamp ?? records[0]?.timestamp ?? Date.now();
  const baseTimestamp = init.baseTimestamp ?? (records.length === 0 ? NO_TIMESTAMP : defaultTimestamp);
  const plan = planRecords(records, baseOffset, baseTimestamp, defaultTimestamp);
  const header: RecordBatchHeader = {
    baseOffset,
    partitionLeaderEpoch: init.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH,
    compression: init.compression ?? CompressionType.NONE,
    timestampType: init.timestampType ?? TimestampType.CREATE_TIME,
    isTransactional: init.isTransactional ?? false,
    isControl: init.isControl ?? false,
    hasDeleteHorizon: init.hasDeleteHorizon ?? false,
    lastOffsetDelta: init.lastOffsetDelta ?? plan.lastOffsetDelta,
    baseTimestamp,
    maxTimestamp: init.maxTimestamp ?? plan.maxTimestamp,
    producerId: init.producerId ?? NO_PRODUCER_ID,
    producerEpoch: init.producerEpoch ?? NO_PRODUCER_EPOCH,
    baseSequence: init.baseSequence ?? NO_SEQUENCE,
  };
  return { header, bodySize: plan.size, defaultTimestamp };
}

/** The attributes int16 of a header (Kafka's `DefaultRecordBatch.computeAttributes`). */
export function batchAttributes(h: RecordBatchHeader): number {
  let a = h.compression & BatchAttributes.COMPRESSION_MASK;
  if (h.timestampType === TimestampType.LOG_APPEND_TIME) a |= BatchAttributes.TIMESTAMP_TYPE_LOG_APPEND;
  if (h.isTransactional) a |= BatchAttributes.TRANSACTIONAL;
  if (h.isControl) a |= BatchAttributes.CONTROL;
  if (h.hasDeleteHorizon) a |= BatchAttributes.DELETE_HORIZON;
  return a;
}

function writeInt64(buf: Buffer, pos: number, v: number, what: string): void {
  if (!Number.isSafeInteger(v)) throw new ProtocolEncodeError(`${what} ${v} is not a safe integer`);
  const hi = Math.floor(v / 0x100000000);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(v - hi * 0x100000000, pos + 4);
}

/** Writes the 61-byte header into `buf` (whose length is the whole batch) and then the CRC over it. */
function finish(buf: Buffer, h: RecordBatchHeader, recordCount: number): Buffer {
  const L = BatchLayout;
  writeInt64(buf, L.BASE_OFFSET, h.baseOffset, 'baseOffset');
  buf.writeInt32BE(buf.length - L.LOG_OVERHEAD, L.BATCH_LENGTH);
  buf.writeInt32BE(h.partitionLeaderEpoch, L.PARTITION_LEADER_EPOCH);
  buf[L.MAGIC] = 2;
  buf.writeInt16BE(batchAttributes(h), L.ATTRIBUTES);
  buf.writeInt32BE(h.lastOffsetDelta, L.LAST_OFFSET_DELTA);
  writeInt64(buf, L.BASE_TIMESTAMP, h.baseTimestamp, 'baseTimestamp');
  writeInt64(buf, L.MAX_TIMESTAMP, h.maxTimestamp, 'maxTimestamp');
  writeInt64(buf, L.PRODUCER_ID, h.producerId, 'producerId');
  buf.writeInt16BE(h.producerEpoch, L.PRODUCER_EPOCH);
  buf.writeInt32BE(h.baseSequence, L.BASE_SEQUENCE);
  buf.writeInt32BE(recordCount, L.RECORD_COUNT);
  buf.writeUInt32BE(crc32c(buf.subarray(L.ATTRIBUTES)), L.CRC);
  return buf;
}

function encodeUncompressed(init: RecordBatchInit, r: Resolved): Buffer {
  const h = r.header;
  const buf = Buffer.allocUnsafe(BatchLayout.HEADER_SIZE + r.bodySize);
  writeRecords(buf, BatchLayout.HEADER_SIZE, init.records, h.baseOffset, h.baseTimestamp, r.defaultTimestamp);
  return finish(buf, h, init.records.length);
}

function encodeBody(init: RecordBatchInit, r: Resolved): Buffer {
  const body = Buffer.allocUnsafe(r.bodySize);
  writeRecords(body, 0, init.records, r.header.baseOffset, r.header.baseTimestamp, r.defaultTimestamp);
  return body;
}

function withCompressedBody(r: Resolved, compressed: Buffer, recordCount: number): Buffer {
  const buf = Buffer.allocUnsafe(BatchLayout.HEADER_SIZE + compressed.length);
  buf.set(compressed, BatchLayout.HEADER_SIZE);
  return finish(buf, r.header, recordCount);
}

/**
 * Encodes a v2 record batch (Kafka's `MemoryRecordsBuilder` + `DefaultRecordBatch`) into one buffer, CRC
 * included. Synchronous: uncompressed, gzip, snappy and lz4 batches; zstd raises `COMPRESSION_SYNC_UNAVAILABLE`
 * (use {@link encodeRecordBatchAsync}). Defaults are a producer's: see {@link RecordBatchInit}.
 *
 * @example
 * ```ts
 * const bytes = encodeRecordBatch({ records: [{ key: Buffer.from('k'), value: Buffer.from('v') }] });
 * ```
 */
export function encodeRecordBatch(init: RecordBatchInit): Buffer {
  const r = resolve(init);
  if (r.header.compression === CompressionType.NONE) return encodeUncompressed(init, r);
  return withCompressedBody(r, compressSync(r.header.compression, encodeBody(init, r)), init.records.length);
}

/** {@link encodeRecordBatch} for every codec, compressing off the main thread where the library can. */
export async function encodeRecordBatchAsync(init: RecordBatchInit): Promise<Buffer> {
  const r = resolve(init);
  if (r.header.compression === CompressionType.NONE) return encodeUncompressed(init, r);
  const body = encodeBody(init, r);
  return withCompressedBody(r, await compress(r.header.compression, body), init.records.length);
}
