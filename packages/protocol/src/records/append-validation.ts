import { BatchAttributes, BatchLayout, CompressionType, isBatchCrcValid } from './batch-header.js';
import { NO_PRODUCER_ID, TimestampType } from './record-types.js';
import { MIN_RECORD_SIZE } from './records-decode.js';

/**
 * The Kafka error codes a broker answers for a partition's records that cannot be appended. The numbers are
 * Kafka's (`Errors`); they are repeated here so the protocol package's record code needs no message tables.
 */
export const RecordErrorCode = {
  CORRUPT_MESSAGE: 2,
  MESSAGE_TOO_LARGE: 10,
  INVALID_TIMESTAMP: 32,
  UNSUPPORTED_COMPRESSION_TYPE: 76,
  INVALID_RECORD: 87,
} as const;
export type RecordErrorName = keyof typeof RecordErrorCode;

/** Who is appending: a producer (strict checks, Kafka's `AppendOrigin.CLIENT`) or a replica fetcher. */
export type AppendOrigin = 'client' | 'replication';

export interface AppendValidationOptions {
  /** Default `client`. */
  origin?: AppendOrigin;
  /** False for Produce below v7, which may not carry zstd. Default true. */
  allowZstd?: boolean;
  /** The topic's `max.message.bytes`: a larger batch gets MESSAGE_TOO_LARGE. Default: no limit. */
  maxBatchBytes?: number;
}

/** The header facts of a batch that passed validation: what the log and producer-state checks need. */
export interface BatchAppendInfo {
  sizeInBytes: number;
  baseOffset: number;
  partitionLeaderEpoch: number;
  recordCount: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  isTransactional: boolean;
  isControl: boolean;
  compression: CompressionType;
  timestampType: TimestampType;
}

/** Either the batch's facts or the Kafka error to answer, with a reason for the log and the error message. */
export type AppendValidationResult =
  | { ok: true; batch: BatchAppendInfo }
  | { ok: false; errorCode: number; errorName: RecordErrorName; reason: string };

function fail(errorName: RecordErrorName, reason: string): AppendValidationResult {
  return { ok: false, errorCode: RecordErrorCode[errorName], errorName, reason };
}

/** An int64 header field, or NaN when it is outside the safe-integer range. */
function int64(buf: Buffer, pos: number): number {
  const hi = buf.readInt32BE(pos);
  if (hi > 0x1fffff || hi < -0x200000) return Number.NaN;
  return hi * 0x100000000 + buf.readUInt32BE(pos + 4);
}

/** Checks the framing: exactly one whole v2 entry. Returns an error result, or null when the shape is right. */
function checkShape(records: Buffer | null): AppendValidationResult | null {
  if (records === null || records.length === 0) return fail('INVALID_RECORD', 'produce data holds no record batch');
  if (records.length < BatchLayout.LOG_OVERHEAD) return fail('CORRUPT_MESSAGE', `${records.length} bytes cannot hold a record batch`);
  const size = records.readInt32BE(BatchLayout.BATCH_LENGTH) + BatchLayout.LOG_OVERHEAD;
  if (size > records.length) return fail('CORRUPT_MESSAGE', `batch declares ${size} bytes, only ${records.length} present`);
  if (records.length <= BatchLayout.MAGIC) return fail('CORRUPT_MESSAGE', 'record entry too short to hold a magic byte');
  const magic = records.readInt8(BatchLayout.MAGIC);
  if (magic !== 2) return fail('INVALID_RECORD', `produce data must be record batches of magic 2, found magic ${magic}`);
  if (size < BatchLayout.HEADER_SIZE) return fail('CORRUPT_MESSAGE', `batch declares ${size} bytes, fewer than its 61-byte header`);
  if (size < records.length) {
    return records.length - size >= BatchLayout.LOG_OVERHEAD
      ? fail('INVALID_RECORD', 'produce data must contain exactly one record batch')
      : fail('CORRUPT_MESSAGE', `${records.length - size} stray bytes after the record batch`);
  }
  return null;
}

function readInfo(b: Buffer): BatchAppendInfo {
  const L = BatchLayout;
  const attributes = b.readInt16BE(L.ATTRIBUTES);
  return {
    sizeInBytes: b.length,
    baseOffset: int64(b, L.BASE_OFFSET),
    partitionLeaderEpoch: b.readInt32BE(L.PARTITION_LEADER_EPOCH),
    recordCount: b.readInt32BE(L.RECORD_COUNT),
    lastOffsetDelta: b.readInt32BE(L.LAST_OFFSET_DELTA),
    baseTimestamp: int64(b, L.BASE_TIMESTAMP),
    maxTimestamp: int64(b, L.MAX_TIMESTAMP),
    producerId: int64(b, L.PRODUCER_ID),
    producerEpoch: b.readInt16BE(L.PRODUCER_EPOCH),
    baseSequence: b.readInt32BE(L.BASE_SEQUENCE),
    isTransactional: (attributes & BatchAttributes.TRANSACTIONAL) !== 0,
    isControl: (attributes & BatchAttributes.CONTROL) !== 0,
    compression: (attributes & BatchAttributes.COMPRESSION_MASK) as CompressionType,
    timestampType: attributes & BatchAttributes.TIMESTAMP_TYPE_LOG_APPEND ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME,
  };
}

/** Kafka's `LogValidator.validateBatch` checks for a producer's batch. */
function checkClientBatch(info: BatchAppendInfo): AppendValidationResult | null {
  if (info.baseOffset !== 0) return fail('INVALID_RECORD', `a producer batch must have base offset 0, found ${info.baseOffset}`);
  if (info.lastOffsetDelta < 0) return fail('INVALID_RECORD', `invalid offset range: last offset delta ${info.lastOffsetDelta}`);
  if (info.recordCount <= 0) return fail('INVALID_RECORD', `invalid record count ${info.recordCount}`);
  if (info.recordCount !== info.lastOffsetDelta + 1) {
    return fail('INVALID_RECORD', `record count ${info.recordCount} does not match the offset range [0, ${info.lastOffsetDelta}]`);
  }
  if (info.isControl) return fail('INVALID_RECORD', 'clients may not write control batches');
  if (info.producerId !== NO_PRODUCER_ID && info.baseSequence < 0) {
    return fail('INVALID_RECORD', `invalid base sequence ${info.baseSequence} for producer id ${info.producerId}`);
  }
  if (info.timestampType === TimestampType.LOG_APPEND_TIME) return fail('INVALID_TIMESTAMP', 'producers may not set the LogAppendTime timestamp type');
  return null;
}

/**
 * Validates one partition's `records` for append without decoding its records: what a Produce handler calls
 * before `Log.append` (Kafka's `ProduceRequest.validateRecords`, `UnifiedLog.analyzeAndValidateRecords` and
 * `LogValidator.validateBatch`). Expected bad input is returned as a Kafka error code with a reason, never
 * thrown.
 *
 * @example
 * ```ts
 * const v = validateBatchForAppend(partitionData.records, { allowZstd: version >= 7 });
 * if (!v.ok) return { errorCode: v.errorCode, errorMessage: v.reason };
 * ```
 */
export function validateBatchForAppend(records: Buffer | null, options?: AppendValidationOptions): AppendValidationResult {
  const shape = checkShape(records);
  if (shape !== null || records === null) return shape ?? fail('INVALID_RECORD', 'no records');
  const info = readInfo(records);
  const codec = records.readInt16BE(BatchLayout.ATTRIBUTES) & BatchAttributes.COMPRESSION_MASK;
  if (codec > CompressionType.ZSTD) return fail('UNSUPPORTED_COMPRESSION_TYPE', `unknown compression codec id ${codec}`);
  if (codec === CompressionType.ZSTD && options?.allowZstd === false) {
    return fail('UNSUPPORTED_COMPRESSION_TYPE', 'zstd needs Produce v7 or later');
  }
  if (options?.maxBatchBytes !== undefined && records.length > options.maxBatchBytes) {
    return fail('MESSAGE_TOO_LARGE', `batch of ${records.length} bytes exceeds the limit of ${options.maxBatchBytes}`);
  }
  if (!isBatchCrcValid(records, 0, records.length)) return fail('CORRUPT_MESSAGE', 'record batch fails its CRC-32C check');
  if ([info.baseOffset, info.baseTimestamp, info.maxTimestamp, info.producerId].some(Number.isNaN)) {
    return fail('CORRUPT_MESSAGE', 'an int64 header field is outside the range Tributary supports (2^53)');
  }
  if (info.recordCount < 0) return fail('CORRUPT_MESSAGE', `negative record count ${info.recordCount}`);
  const bodySize = records.length - BatchLayout.HEADER_SIZE;
  if (info.compression === CompressionType.NONE && info.recordCount * MIN_RECORD_SIZE > bodySize) {
    return fail('CORRUPT_MESSAGE', `${info.recordCount} records cannot fit in ${bodySize} bytes`);
  }
  if ((options?.origin ?? 'client') === 'client') {
    const bad = checkClientBatch(info);
    if (bad !== null) return bad;
  }
  return { ok: true, batch: info };
}
