import type { FileHandle } from 'node:fs/promises';
import type { StorageErrorCode } from './errors.js';

/** Bytes of a segment file: the broker reads `size` bytes at `position` of `handle` and sends them unchanged. */
export interface FileSlice {
  readonly kind: 'file';
  readonly handle: FileHandle;
  /** Path of the segment file (for diagnostics; it may be renamed to `.deleted` later). */
  readonly path: string;
  readonly position: number;
  readonly size: number;
}

/** Bytes already in memory (what in-memory log implementations return). */
export interface BufferSlice {
  readonly kind: 'buffer';
  readonly buffer: Buffer;
}

/** A piece of a read: whole batches, in log order. */
export type LogSlice = FileSlice | BufferSlice;

/** The offsets that frame every read result (for the fetch response's partition fields). */
export interface LogOffsets {
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly highWatermark: number;
}

/** A successful read (Kafka's `FetchDataInfo`): zero or more whole batches starting at the one holding the fetch offset. */
export interface LogReadInfo extends LogOffsets {
  readonly errorCode: typeof StorageErrorCode.NONE;
  /** The offset asked for. */
  readonly fetchOffset: number;
  /** Base offset of the first batch returned (may be below `fetchOffset`), or `fetchOffset` when empty. */
  readonly firstBatchOffset: number;
  readonly slices: readonly LogSlice[];
  /** Total bytes across `slices`. */
  readonly size: number;
}

/** The fetch offset is below the log start or above the log end (Kafka's `OffsetOutOfRangeException`). */
export interface OffsetOutOfRange extends LogOffsets {
  readonly errorCode: typeof StorageErrorCode.OFFSET_OUT_OF_RANGE;
  readonly fetchOffset: number;
}

/** Outcome of {@link PartitionLog.read}. */
export type LogReadResult = LogReadInfo | OffsetOutOfRange;

/** Outcome of {@link PartitionLog.readBytes}: the same, with the batches copied into one buffer. */
export type LogReadBytesResult = (Omit<LogReadInfo, 'slices'> & { readonly records: Buffer }) | OffsetOutOfRange;

/** Options of a read. */
export interface ReadOptions {
  /**
   * Return the first batch even if it is larger than `maxBytes` (Kafka's `minOneMessage`, true for the first
   * partition of a fetch so a consumer never stalls on a large batch). Default true.
   */
  readonly minOneMessage?: boolean;
}

/** What an append did (Kafka's `LogAppendInfo`). */
export interface LogAppendInfo {
  readonly errorCode: typeof StorageErrorCode.NONE;
  /** Offset of the first record appended. */
  readonly firstOffset: number;
  /** Offset of the last record appended. */
  readonly lastOffset: number;
  /** Largest batch max timestamp appended (-1 if none carried one). */
  readonly maxTimestamp: number;
  /** Last offset of the batch carrying `maxTimestamp`. */
  readonly offsetOfMaxTimestamp: number;
  /** Records appended (sum of the batches' record counts). */
  readonly recordCount: number;
  /** Batches appended. */
  readonly batchCount: number;
  /** Bytes appended. */
  readonly validBytes: number;
  readonly logStartOffset: number;
  /** The log end offset after the append. */
  readonly logEndOffset: number;
}

/** An append refused for a reason Kafka reports as an error code; nothing was written. */
export interface LogAppendError {
  readonly errorCode:
    | typeof StorageErrorCode.CORRUPT_MESSAGE
    | typeof StorageErrorCode.MESSAGE_TOO_LARGE
    | typeof StorageErrorCode.RECORD_LIST_TOO_LARGE;
  readonly message: string;
}

/** Outcome of an append. */
export type LogAppendResult = LogAppendInfo | LogAppendError;

/** A record found by timestamp (Kafka's `TimestampAndOffset`). */
export interface TimestampAndOffset {
  readonly timestamp: number;
  readonly offset: number;
  /** Leader epoch of the record's batch, when known. */
  readonly leaderEpoch: number | undefined;
}

/** Kafka's special ListOffsets timestamps. */
export const ListOffsetsTimestamp = {
  /** The log end offset (the broker answers with the high watermark or last stable offset). */
  LATEST: -1,
  /** The log start offset. */
  EARLIEST: -2,
  /** The record with the largest timestamp (KIP-734). */
  MAX_TIMESTAMP: -3,
  /** The first offset kept locally (= log start without tiered storage). */
  EARLIEST_LOCAL: -4,
  /** The last offset in tiered storage (none: answers -1). */
  LATEST_TIERED: -5,
} as const;

/** Outcome of deleting records up to an offset (DeleteRecords). */
export type DeleteRecordsResult =
  | { readonly errorCode: typeof StorageErrorCode.NONE; readonly lowWatermark: number }
  | (LogOffsets & { readonly errorCode: typeof StorageErrorCode.OFFSET_OUT_OF_RANGE });

/** Leader epoch lookup result (OffsetsForLeaderEpoch): `-1, -1` when undefined. */
export interface EpochEndOffset {
  readonly epoch: number;
  readonly endOffset: number;
}
