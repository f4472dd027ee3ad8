import { decompress, decompressSync } from '../compression/codec.js';
import { ProtocolDecodeError } from '../errors/tributary-error.js';
import { BatchAttributes, BatchLayout, CompressionType, isBatchCrcValid, readBatchHeader, type BatchHeader } from './batch-header.js';
import { TimestampType, type RecordBatch, type RecordBatchHeader } from './record-types.js';
import { decodeRecords } from './records-decode.js';

/** Options of the batch decoders. */
export interface DecodeBatchOptions {
  /** Check the CRC-32C before decoding (Kafka's consumer `check.crcs`, default true). */
  verifyCrc?: boolean;
  /**
   * Decode the records as {@link FetchedRecord}s of this topic-partition (with the batch's timestamp type and
   * leader epoch): what a consumer returns, made in one object per record.
   */
  origin?: { readonly topic: string; readonly partition: number };
}

interface Located {
  raw: BatchHeader;
  header: RecordBatchHeader;
  /** The batch's end in the input buffer. */
  end: number;
}

/** Reads and checks the header of the whole batch at `pos`; the batch must be complete in `buf`. */
function locate(buf: Buffer, pos: number, options?: DecodeBatchOptions): Located {
  const raw = readBatchHeader(buf, pos);
  const size = raw.batchLength + BatchLayout.LOG_OVERHEAD;
  if (size < BatchLayout.HEADER_SIZE) throw new ProtocolDecodeError(`batch length ${raw.batchLength} is shorter than a batch header`);
  if (size > buf.length - pos) throw new ProtocolDecodeError(`batch of ${size} bytes at offset ${pos} is truncated to ${buf.length - pos}`);
  if (options?.verifyCrc !== false && !isBatchCrcValid(buf, pos, size)) {
    throw new ProtocolDecodeError(`record batch at offset ${pos} fails its CRC-32C check`);
  }
  const compression = raw.attributes & BatchAttributes.COMPRESSION_MASK;
  if (compression > CompressionType.ZSTD) throw new ProtocolDecodeError(`unknown compression codec id ${compression} in batch attributes`);
  if (raw.recordCount < 0) throw new ProtocolDecodeError(`negative record count ${raw.recordCount}`);
  const header: RecordBatchHeader = {
    baseOffset: raw.baseOffset,
    partitionLeaderEpoch: raw.partitionLeaderEpoch,
    compression: compression as CompressionType,
    timestampType: raw.attributes & BatchAttributes.TIMESTAMP_TYPE_LOG_APPEND ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
    isTransactional: (raw.attributes & BatchAttributes.TRANSACTIONAL) !== 0,
    isControl: (raw.attributes & BatchAttributes.CONTROL) !== 0,
    hasDeleteHorizon: (raw.attributes & BatchAttributes.DELETE_HORIZON) !== 0,
    lastOffsetDelta: raw.lastOffsetDelta,
    baseTimestamp: raw.baseTimestamp,
    maxTimestamp: raw.maxTimestamp,
    producerId: raw.producerId,
    producerEpoch: raw.producerEpoch,
    baseSequence: raw.baseSequence,
  };
  return { raw, header, end: pos + size };
}

function withRecords(l: Located, body: Buffer, start: number, end: number, options: DecodeBatchOptions | undefined): RecordBatch {
  const h = l.header;
  const logAppendTime = h.timestampType === TimestampType.LOG_APPEND_TIME ? h.maxTimestamp : null;
  const o = options?.origin;
  const origin = o === undefined ? undefined : { topic: o.topic, partition: o.partition, timestampType: logAppendTime === null ? ('CreateTime' as const) : ('LogAppendTime' as const), leaderEpoch: h.partitionLeaderEpoch };
  const records = decodeRecords(body, start, end, l.raw.recordCount, h.baseOffset, h.baseTimestamp, logAppendTime, origin);
  return { ...h, records };
}

/**
 * Decodes the complete v2 batch at `pos` (Kafka's `DefaultRecordBatch` iteration): header, CRC check, records.
 * Keys and values of an uncompressed batch are views into `buf`. Synchronous for every codec but zstd, which
 * raises `COMPRESSION_SYNC_UNAVAILABLE` (use {@link decodeRecordBatchAsync}). Malformed input raises
 * {@link ProtocolDecodeError}.
 */
export function decodeRecordBatch(buf: Buffer, pos = 0, options?: DecodeBatchOptions): RecordBatch {
  const l = locate(buf, pos, options);
  const start = pos + BatchLayout.RECORDS;
  if (l.header.compression === CompressionType.NONE) return withRecords(l, buf, start, l.end, options);
  const body = decompressSync(l.header.compression, buf.subarray(start, l.end));
  return withRecords(l, body, 0, body.length, options);
}

/** {@link decodeRecordBatch} for every codec; decompression runs off the main thread where it can. */
export async function decodeRecordBatchAsync(buf: Buffer, pos = 0, options?: DecodeBatchOptions): Promise<RecordBatch> {
  const l = locate(buf, pos, options);
  const start = pos + BatchLayout.RECORDS;
  if (l.header.compression === CompressionType.NONE) return withRecords(l, buf, start, l.end, options);
  const body = await decompress(l.header.compression, buf.subarray(start, l.end));
  return withRecords(l, body, 0, body.length, options);
}
