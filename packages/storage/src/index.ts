/**
 * `@tributary/storage`: the partition log on disk, in Kafka's layout: segments of verbatim record batches
 * with sparse offset and time indexes, crash recovery, retention, compaction and the per-log-dir checkpoints.
 * It knows nothing of networks or clients. The conformance suite lives at `@tributary/storage/testing`.
 *
 * @packageDocumentation
 */
export { Log, type LogOpenOptions, type LogLoadStats } from './log.js';
export type { PartitionLog } from './partition-log.js';
export { LogManager, type LogManagerOptions } from './log-manager.js';
export {
  logManagerConfigFromBrokerProps,
  DEFAULT_LOG_MANAGER_SETTINGS,
  type LogManagerConfig,
} from './config/log-manager-config.js';
export { LogCleaner, type CleanerStats, type LogCleanerOptions } from './cleaner/log-cleaner.js';
export { cleanableRange, type CleanableRange } from './cleaner/cleanable.js';
export { CleaningAbortedError } from './cleaner/clean-segments.js';
export {
  DEFAULT_LOG_CONFIG,
  logConfig,
  parseLogConfig,
  logConfigToProps,
  isCompacted,
  hasDeleteRetention,
  type LogConfig,
  type CleanupPolicy,
} from './config/log-config.js';
export { logConfigFromBrokerProps } from './config/broker-defaults.js';
export { CONFIG_TABLE, KAFKA_LONG_MAX, type ConfigRow, type ConfigType } from './config/config-table.js';
export {
  StorageErrorCode,
  StorageError,
  LogClosedError,
  InvalidConfigError,
  InvalidOffsetError,
  LogIoError,
  CorruptFileError,
} from './errors.js';
export {
  ListOffsetsTimestamp,
  type FileSlice,
  type BufferSlice,
  type LogSlice,
  type LogOffsets,
  type LogReadInfo,
  type OffsetOutOfRange,
  type LogReadResult,
  type LogReadBytesResult,
  type ReadOptions,
  type LogAppendInfo,
  type LogAppendError,
  type LogAppendResult,
  type TimestampAndOffset,
  type DeleteRecordsResult,
  type EpochEndOffset,
} from './log-types.js';
export { readSlices } from './read-slices.js';
export type { EpochEntry } from './internal/leader-epoch-cache.js';
export { partitionDirName, parsePartitionDirName, type TopicPartition } from './internal/file-names.js';
