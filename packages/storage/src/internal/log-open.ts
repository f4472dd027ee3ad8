import { basename } from 'node:path';
import { DEFAULT_LOG_CONFIG, type LogConfig } from '../config/log-config.js';
import { parsePartitionDirName, type TopicPartition } from './file-names.js';
import { LeaderEpochCache } from './leader-epoch-cache.js';
import { loadLog } from './log-loader.js';
import type { LogSegment, SegmentSettings } from './log-segment.js';
import { rollJitter } from './roll-policy.js';

/** How to open a partition log. */
export interface LogOpenOptions {
  /** The partition folder (`<log.dir>/<topic>-<partition>`); created if missing. */
  readonly dir: string;
  readonly config?: LogConfig;
  /** Offset below which data is known flushed (from `recovery-point-offset-checkpoint`); default 0. */
  readonly recoveryPoint?: number;
  /** From `log-start-offset-checkpoint`; default: the first segment's base offset. */
  readonly logStartOffset?: number;
  /** From `replication-offset-checkpoint`; default: the log start offset. */
  readonly highWatermark?: number;
  /** The log dir holds a clean-shutdown marker: trust the files and skip recovery. Default false. */
  readonly hadCleanShutdown?: boolean;
  /** Milliseconds clock (injected in tests). Default `Date.now`. */
  readonly clock?: () => number;
  /** Default: parsed from the folder name. */
  readonly topicPartition?: TopicPartition;
  /**
   * Called (and awaited) after a truncation lowered the recovery point, so the owner can write
   * `recovery-point-offset-checkpoint` at once, as Kafka's `LogManager.truncateTo` does: a stale, higher
   * checkpoint would make recovery trust rewritten, unflushed bytes.
   */
  readonly onRecoveryPointLowered?: () => Promise<void>;
}

/** What opening a log found on disk. */
export interface LogLoadStats {
  /** Segments scanned and re-indexed by recovery (0 after a clean shutdown). */
  readonly recoveredSegments: number;
  /** Bytes cut from corrupt or torn tails. */
  readonly truncatedBytes: number;
  readonly loadMs: number;
}

/** Everything a `Log` starts from. */
export interface LogInit {
  readonly dir: string;
  readonly topicPartition: TopicPartition;
  readonly config: LogConfig;
  readonly segments: LogSegment[];
  readonly nextOffset: number;
  readonly logStartOffset: number;
  readonly highWatermark: number;
  readonly recoveryPoint: number;
  readonly epochs: LeaderEpochCache;
  readonly clock: () => number;
  readonly loadStats: LogLoadStats;
  readonly onRecoveryPointLowered: (() => Promise<void>) | undefined;
}

/** The segment settings a log config implies. */
export function settingsOf(config: LogConfig): SegmentSettings {
  return {
    indexIntervalBytes: config.indexIntervalBytes,
    segmentIndexBytes: config.segmentIndexBytes,
    initFileSize: config.preallocate ? config.segmentBytes : 0,
  };
}

function topicPartitionOf(dir: string): TopicPartition {
  try {
    return parsePartitionDirName(basename(dir));
  } catch {
    return { topic: basename(dir), partition: 0 };
  }
}

/**
 * Loads a partition folder (Kafka's `UnifiedLog` construction): segments with recovery, then the log start
 * offset (the checkpoint's, at least the first segment's base), the leader-epoch history cut to the log, and
 * the high watermark clamped into the log.
 */
export async function loadPartition(options: LogOpenOptions): Promise<LogInit> {
  const started = Date.now();
  const clock = options.clock ?? Date.now;
  const config = options.config ?? DEFAULT_LOG_CONFIG;
  const epochs = await LeaderEpochCache.load(options.dir);
  const loaded = await loadLog({
    dir: options.dir,
    settings: settingsOf(config),
    recoveryPoint: options.recoveryPoint ?? 0,
    logStartOffset: options.logStartOffset ?? 0,
    hadCleanShutdown: options.hadCleanShutdown ?? false,
    now: clock(),
    epochCache: epochs,
  });
  for (const s of loaded.segments) s.rollJitterMs = rollJitter(config);
  const nextOffset = loaded.nextOffset;
  const logStartOffset = Math.min(Math.max(options.logStartOffset ?? 0, loaded.segments[0]!.baseOffset), nextOffset);
  let epochsChanged = epochs.truncateFromEnd(nextOffset);
  epochsChanged = epochs.truncateFromStart(logStartOffset) || epochsChanged;
  if (epochsChanged || loaded.recoveredSegments > 0) await epochs.persist();
  return {
    dir: options.dir,
    topicPartition: options.topicPartition ?? topicPartitionOf(options.dir),
    config,
    segments: loaded.segments,
    nextOffset,
    logStartOffset,
    highWatermark: Math.min(Math.max(options.highWatermark ?? logStartOffset, logStartOffset), nextOffset),
    recoveryPoint: loaded.recoveryPoint,
    epochs,
    clock,
    onRecoveryPointLowered: options.onRecoveryPointLowered,
    loadStats: { recoveredSegments: loaded.recoveredSegments, truncatedBytes: loaded.truncatedBytes, loadMs: Date.now() - started },
  };
}
