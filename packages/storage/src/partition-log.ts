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
 * The contract of a partition log as the broker uses it; {@link Log} is the file-backed implementation and
 * `logConformanceSuite` (from `@tributary/storage/testing`) checks any implementation against it.
 */
export interface PartitionLog {
  readonly name: string;
  readonly config: LogConfig;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly highWatermark: number;
  /** Offsets below it are durable (flushed). */
  readonly recoveryPoint: number;
  /** Total bytes stored. */
  readonly size: number;
  readonly segmentCount: number;

  append(records: Buffer, leaderEpoch: number): Promise<LogAppendResult>;
  appendAsFollower(records: Buffer): Promise<LogAppendResult>;
  read(fetchOffset: number, maxBytes: number, upperBound?: number, options?: ReadOptions): Promise<LogReadResult>;
  readBytes(fetchOffset: number, maxBytes: number, upperBound?: number, options?: ReadOptions): Promise<LogReadBytesResult>;
  offsetForTimestamp(timestamp: number): Promise<TimestampAndOffset | null>;
  updateHighWatermark(offset: number): number;
  latestEpoch(): number | undefined;
  leaderEpochEntries(): readonly EpochEntry[];
  endOffsetForEpoch(epoch: number): EpochEndOffset;
  truncateTo(offset: number): Promise<boolean>;
  truncateFullyAndStartAt(offset: number): Promise<void>;
  deleteRecordsBefore(offset: number): Promise<DeleteRecordsResult>;
  roll(): Promise<void>;
  flush(): Promise<void>;
  deleteOldSegments(): Promise<number>;
  updateConfig(config: LogConfig): void;
  close(): Promise<void>;
}
