import type { CompressionType } from './batch-header.js';

/** Timestamp type of a batch, attribute bit 3 (Kafka's `TimestampType`). */
export const TimestampType = { CREATE_TIME: 0, LOG_APPEND_TIME: 1 } as const;
export type TimestampType = (typeof TimestampType)[keyof typeof TimestampType];

/** Kafka's `RecordBatch.NO_TIMESTAMP`, `NO_PRODUCER_ID`, `NO_PRODUCER_EPOCH`, `NO_SEQUENCE`, `NO_PARTITION_LEADER_EPOCH`. */
export const NO_TIMESTAMP = -1;
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;

/** One record header (Kafka's `Header`): a UTF-8 key and nullable bytes. */
export interface RecordHeader {
  key: string;
  value: Buffer | null;
}

/**
 * One record of a v2 batch (Kafka's `Record`), with its absolute offset and timestamp. Decoded keys, values
 * and header values are views into the decoded buffer: copy them to keep them beyond that buffer's life.
 */
export interface Record {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
}

/**
 * A record as a consumer hands it out (Kafka's `ConsumerRecord`): the decoded record with its topic-partition,
 * the batch's timestamp type and leader epoch. Decoding straight into this shape (see `DecodeBatchOptions.origin`)
 * saves a consumer one object per record.
 */
export interface FetchedRecord extends Record {
  topic: string;
  partition: number;
  /** Kafka's `TimestampType` as the Java client prints it. */
  timestampType: 'CreateTime' | 'LogAppendTime';
  /** The leader epoch of the batch the record came in, `-1` if unknown. */
  leaderEpoch: number;
}

/** The header fields of a v2 record batch (Kafka's `DefaultRecordBatch`), attributes spelled out. */
export interface RecordBatchHeader {
  baseOffset: number;
  partitionLeaderEpoch: number;
  compression: CompressionType;
  timestampType: TimestampType;
  isTransactional: boolean;
  isControl: boolean;
  /** Attribute bit 6: `baseTimestamp` holds the delete horizon set by compaction (KIP-534). */
  hasDeleteHorizon: boolean;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
}

/** A decoded v2 record batch: its header fields and its records. */
export interface RecordBatch extends RecordBatchHeader {
  records: Record[];
}

/** A record to encode: every field but the value may be left out (see {@link RecordBatchInit}). */
export interface RecordInit {
  /** Absolute offset; defaults to `baseOffset + index`. */
  offset?: number;
  /** Defaults to the batch's `baseTimestamp`, or the encode time. */
  timestamp?: number;
  key?: Buffer | null | undefined;
  value: Buffer | null;
  headers?: readonly RecordHeader[] | undefined;
}

/**
 * What {@link encodeRecordBatch} needs. Left-out header fields take Kafka's producer defaults: base offset 0,
 * leader epoch / producer id / epoch / sequence -1, no compression, CreateTime; `lastOffsetDelta`,
 * `baseTimestamp` and `maxTimestamp` are computed from the records.
 */
export type RecordBatchInit = Partial<RecordBatchHeader> & { records: readonly RecordInit[] };
