import type { LogConfig } from './config/log-config.js';
import type { EpochEntry } from './internal/leader-epoch-cache.js';
import type {
  DeleteRecordsResult,
  EpochEndOffset,
  LogAppendResult,
  LogReadBytesResult,
  LogReadResult,
  ReadOptions,
  TimestampAndOffset,
} from './log-types.js';

/**
 * The contract of a partition log as the broker uses it (Kafka's `UnifiedLog` surface); {@link Log} is the
 * file-backed implementation and `logConformanceSuite` (from `@tributary/storage/testing`) checks any
 * implementation against it.
 */
export interface PartitionLog {
  /** `<topic>-<partition>`. */
  readonly name: string;
  /** The topic config in force (see `updateConfig`). */
  readonly config: LogConfig;
  /** First offset a fetch may ask for (moved by retention and DeleteRecords). */
  readonly logStartOffset: number;
  /** One past the last offset written (LEO). */
  readonly logEndOffset: number;
  /** Offsets below it are committed; kept here, moved by the broker (`updateHighWatermark`). */
  readonly highWatermark: number;
  /** Offsets below it are durable (fsynced). */
  readonly recoveryPoint: number;
  /** Bytes stored. */
  readonly size: number;
  /** Number of segments (at least one, the active segment). */
  readonly segmentCount: number;

  /** Leader append: assigns offsets from the log end by patching `records` in place; Kafka errors as data. */
  append(records: Buffer, leaderEpoch: number): Promise<LogAppendResult>;
  /** Follower append: offsets as the leader assigned them, not below the log end, increasing. */
  appendAsFollower(records: Buffer): Promise<LogAppendResult>;
  /** Whole batches from the one holding `fetchOffset`, within `maxBytes`, below `upperBound`. */
  read(fetchOffset: number, maxBytes: number, upperBound?: number, options?: ReadOptions): Promise<LogReadResult>;
  /** `read`, copied into one buffer. */
  readBytes(fetchOffset: number, maxBytes: number, upperBound?: number, options?: ReadOptions): Promise<LogReadBytesResult>;
  /** ListOffsets: the first record at or after `timestamp`, or a special `ListOffsetsTimestamp`. */
  offsetForTimestamp(timestamp: number): Promise<TimestampAndOffset | null>;
  /** Sets the high watermark (clamped into the log); returns the value kept. */
  updateHighWatermark(offset: number): number;
  /** The latest leader epoch recorded. */
  latestEpoch(): number | undefined;
  /** The leader-epoch history. */
  leaderEpochEntries(): readonly EpochEntry[];
  /** OffsetsForLeaderEpoch: the largest known epoch <= `epoch` and its end offset. */
  endOffsetForEpoch(epoch: number): EpochEndOffset;
  /** Cuts the log from the batch holding `offset`; false if nothing was beyond it. */
  truncateTo(offset: number): Promise<boolean>;
  /** Empties the log and restarts it at `offset`. */
  truncateFullyAndStartAt(offset: number): Promise<void>;
  /** DeleteRecords: moves the log start offset (at most to the high watermark). */
  deleteRecordsBefore(offset: number): Promise<DeleteRecordsResult>;
  /** Starts a new active segment. */
  roll(): Promise<void>;
  /** fsyncs up to the log end. */
  flush(): Promise<void>;
  /** Applies retention; returns the segments deleted. */
  deleteOldSegments(): Promise<number>;
  /** Takes a new topic config at run time. */
  updateConfig(config: LogConfig): void;
  /** Clean close. */
  close(): Promise<void>;
}
