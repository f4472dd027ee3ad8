import { isCompacted } from '../config/log-config.js';
import { StorageError } from '../errors.js';
import type { TopicPartition } from '../internal/file-names.js';
import type { Log } from '../log.js';
import { cleanableRange, type CleanableRange } from './cleanable.js';
import { CleaningAbortedError, cleanSegments, groupBySize, mapSegment } from './clean-segments.js';
import { OffsetMap } from './offset-map.js';

/** What one cleaning pass did (Kafka's `CleanerStats`). */
export interface CleanerStats {
  readonly topicPartition: TopicPartition;
  /** The new cleaner checkpoint: every offset below it has been compacted. */
  readonly cleanedUpTo: number;
  readonly range: CleanableRange;
  readonly segmentsCleaned: number;
  readonly recordsRead: number;
  readonly recordsRetained: number;
  readonly bytesRead: number;
  readonly bytesWritten: number;
}

export interface LogCleanerOptions {
  /** `log.cleaner.dedupe.buffer.size`. */
  readonly dedupeBufferSize: number;
  /** `log.cleaner.io.buffer.load.factor`. */
  readonly loadFactor: number;
}

/**
 * The compaction cleaner (Kafka's `LogCleaner` with one cleaner thread): picks the compacted log with the
 * highest dirty ratio above its `min.cleanable.dirty.ratio` (or past `max.compaction.lag.ms`), builds a
 * key → latest offset map of its dirty part, and rewrites its closed segments keeping only each key's latest
 * record, original offsets and order intact. The active segment is never touched.
 */
export class LogCleaner {
  private readonly map: OffsetMap;

  constructor(options: LogCleanerOptions) {
    this.map = OffsetMap.fromBufferSize(options.dedupeBufferSize, options.loadFactor);
  }

  /** Cleans the dirtiest cleanable log among `logs`; `null` if none needs it. */
  async cleanDirtiest(logs: readonly Log[], checkpointOf: (tp: TopicPartition) => number | undefined): Promise<CleanerStats | null> {
    let best: { log: Log; range: CleanableRange } | null = null;
    for (const log of logs) {
      if (log.isClosed || !isCompacted(log.config)) continue;
      const range = await cleanableRange(log, checkpointOf(log.topicPartition), log.now());
      const cleanable = range.dirtyBytes > 0 && (range.needCompactionNow || range.ratio > log.config.minCleanableDirtyRatio);
      if (cleanable && (!best || range.ratio > best.range.ratio)) best = { log, range };
    }
    return best ? this.clean(best.log, best.range) : null;
  }

  /** {@link LogCleaner.clean}, turning failures caused by a concurrent truncation or close into an abort. */
  private async guarded<T>(log: Log, generation: number, task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (e) {
      if (e instanceof CleaningAbortedError) throw e;
      if (log.isClosed || log.truncationGeneration !== generation) {
        throw new CleaningAbortedError(`log ${log.name} changed during cleaning`, { cause: e });
      }
      throw e;
    }
  }

  /** Cleans `log` over `range` (compute one with `cleanableRange`), whatever its dirty ratio. */
  async clean(log: Log, range: CleanableRange): Promise<CleanerStats> {
    const generation = log.truncationGeneration;
    return this.guarded(log, generation, () => this.doClean(log, range, generation));
  }

  private async doClean(log: Log, range: CleanableRange, generation: number): Promise<CleanerStats> {
    const now = log.now();
    const segments = log.segmentList().slice(0, -1);
    const map = this.map;
    map.clear();
    const dirty = segments.filter((s, i) => s.baseOffset < range.firstUncleanableOffset && (segments[i + 1]?.baseOffset ?? Infinity) > range.firstDirtyOffset);
    for (let i = 0; i < dirty.length; i++) {
      const seg = dirty[i]!;
      const to = Math.min(dirty[i + 1]?.baseOffset ?? range.firstUncleanableOffset, range.firstUncleanableOffset);
      const complete = await mapSegment(seg, range.firstDirtyOffset, to, map);
      if (!complete) break;
      map.latestOffset = Math.max(map.latestOffset, to - 1);
    }
    const endOffset = map.latestOffset + 1;
    if (endOffset <= range.firstDirtyOffset) {
      throw new StorageError('STORAGE_CLEANER_BUFFER', `the offset map cannot hold the keys of one segment of ${log.name}; raise log.cleaner.dedupe.buffer.size`);
    }
    const toClean = segments.filter((s) => s.baseOffset < endOffset);
    const groups = groupBySize(toClean, log.config.segmentBytes, log.config.segmentIndexBytes, range.firstUncleanableOffset);
    const counts = { recordsRead: 0, recordsRetained: 0, bytesRead: 0, bytesWritten: 0 };
    const ctx = { map, now, deleteRetentionMs: log.config.deleteRetentionMs, upperBoundOffset: range.firstUncleanableOffset };
    for (const group of groups) await cleanSegments(log, group, ctx, generation, counts);
    return { topicPartition: log.topicPartition, cleanedUpTo: endOffset, range, segmentsCleaned: toClean.length, ...counts };
  }
}
