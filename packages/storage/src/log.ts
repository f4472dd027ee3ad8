import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { patchBatchOffsets } from '@tributary/protocol';
import { DEFAULT_LOG_CONFIG, isCompacted, type LogConfig } from './config/log-config.js';
import { InvalidOffsetError, LogClosedError, StorageErrorCode } from './errors.js';
import { analyzeAppend, type AppendAnalysis } from './internal/append-analysis.js';
import { DELETED_SUFFIX, parsePartitionDirName, type TopicPartition } from './internal/file-names.js';
import { LeaderEpochCache, type EpochEntry } from './internal/leader-epoch-cache.js';
import { loadLog } from './internal/log-loader.js';
import { readSegments } from './internal/log-read.js';
import { LogSegment, type AppendedBatch, type SegmentSettings } from './internal/log-segment.js';
import { segmentsToDelete } from './internal/retention.js';
import { floorSegmentIndex } from './internal/segment-list.js';
import { SerialQueue } from './internal/serial-queue.js';
import { findMaxTimestamp, findOffsetByTimestamp } from './internal/timestamp-search.js';
import type { PartitionLog } from './partition-log.js';
import { readSlices } from './read-slices.js';
import {
  ListOffsetsTimestamp,
  type DeleteRecordsResult,
  type EpochEndOffset,
  type LogAppendInfo,
  type LogAppendResult,
  type LogOffsets,
  type LogReadBytesResult,
  type LogReadResult,
  type ReadOptions,
  type TimestampAndOffset,
} from './log-types.js';

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
}

/** What {@link Log.open} found on disk. */
export interface LogLoadStats {
  readonly recoveredSegments: number;
  readonly truncatedBytes: number;
  readonly loadMs: number;
}

/** Largest delay `setTimeout` accepts; longer ones (Kafka's "forever" defaults) are not scheduled. */
const MAX_TIMER_MS = 0x7fffffff;

/** The segment settings a log config implies. */
export function settingsOf(config: LogConfig): SegmentSettings {
  return {
    indexIntervalBytes: config.indexIntervalBytes,
    segmentIndexBytes: config.segmentIndexBytes,
    initFileSize: config.preallocate ? config.segmentBytes : 0,
  };
}

/**
 * One partition's log on disk (Kafka's `UnifiedLog` + `LocalLog`): an append-only sequence of segments in
 * the partition folder. Appends are serialized and store batches verbatim with offsets patched in; reads
 * return byte ranges of segment files; recovery, truncation, retention and the leader-epoch history follow
 * Kafka. The high watermark is kept here but moved by the broker.
 *
 * @example
 * ```ts
 * const log = await Log.open({ dir: '/data/orders-0' });
 * const info = await log.append(batchBytes, leaderEpoch);
 * const read = await log.read(0, 1 << 20, log.highWatermark);
 * ```
 */
export class Log implements PartitionLog {
  readonly dir: string;
  readonly topicPartition: TopicPartition;
  private cfg: LogConfig;
  private segments: LogSegment[];
  private nextOffset: number;
  private startOffset: number;
  private hw: number;
  private recoveryPt: number;
  private readonly epochs: LeaderEpochCache;
  private readonly clock: () => number;
  private readonly queue = new SerialQueue();
  private closed = false;
  private unflushedRecords = 0;
  private lastFlushTime: number;
  private flushTimer: NodeJS.Timeout | null = null;
  /** Bumped by every truncation, so a flush racing with one does not advance the recovery point. */
  private truncations = 0;
  private readonly pendingDeletes = new Map<LogSegment, NodeJS.Timeout>();
  /** What loading found (segments recovered, bytes cut, time taken). */
  readonly loadStats: LogLoadStats;

  private constructor(init: {
    dir: string;
    tp: TopicPartition;
    config: LogConfig;
    segments: LogSegment[];
    nextOffset: number;
    logStartOffset: number;
    highWatermark: number;
    recoveryPoint: number;
    epochs: LeaderEpochCache;
    clock: () => number;
    loadStats: LogLoadStats;
  }) {
    this.dir = init.dir;
    this.topicPartition = init.tp;
    this.cfg = init.config;
    this.segments = init.segments;
    this.nextOffset = init.nextOffset;
    this.startOffset = init.logStartOffset;
    this.hw = init.highWatermark;
    this.recoveryPt = init.recoveryPoint;
    this.epochs = init.epochs;
    this.clock = init.clock;
    this.lastFlushTime = init.clock();
    this.loadStats = init.loadStats;
  }

  /** Opens (creating or recovering) the log in `options.dir`. */
  static async open(options: LogOpenOptions): Promise<Log> {
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
    const segments = loaded.segments;
    for (const s of segments) s.rollJitterMs = jitter(config);
    const nextOffset = loaded.nextOffset;
    const logStartOffset = Math.min(Math.max(options.logStartOffset ?? 0, segments[0]!.baseOffset), nextOffset);
    let epochsChanged = epochs.truncateFromEnd(nextOffset);
    epochsChanged = epochs.truncateFromStart(logStartOffset) || epochsChanged;
    if (epochsChanged || loaded.recoveredSegments > 0) await epochs.persist();
    const highWatermark = Math.min(Math.max(options.highWatermark ?? logStartOffset, logStartOffset), nextOffset);
    return new Log({
      dir: options.dir,
      tp: options.topicPartition ?? topicPartitionOf(options.dir),
      config,
      segments,
      nextOffset,
      logStartOffset,
      highWatermark,
      recoveryPoint: loaded.recoveryPoint,
      epochs,
      clock,
      loadStats: { recoveredSegments: loaded.recoveredSegments, truncatedBytes: loaded.truncatedBytes, loadMs: Date.now() - started },
    });
  }

  // ---- state ----------------------------------------------------------------------------------------------

  get name(): string {
    return `${this.topicPartition.topic}-${this.topicPartition.partition}`;
  }
  get config(): LogConfig {
    return this.cfg;
  }
  get logStartOffset(): number {
    return this.startOffset;
  }
  get logEndOffset(): number {
    return this.nextOffset;
  }
  get highWatermark(): number {
    return this.hw;
  }
  /** Every offset below this is known to be on disk (fsynced). */
  get recoveryPoint(): number {
    return this.recoveryPt;
  }
  /** Total bytes of the log's segments. */
  get size(): number {
    return this.segments.reduce((sum, s) => sum + s.size, 0);
  }
  get segmentCount(): number {
    return this.segments.length;
  }
  get isClosed(): boolean {
    return this.closed;
  }
  /**
   * The offset below which no transaction is open (Kafka's LSO). Without transactions it is the high
   * watermark; the transaction coordinator issue will lower it for open transactions.
   */
  get lastStableOffset(): number {
    return this.hw;
  }
  /** Changes on every truncation (the cleaner aborts a pass that raced with one). */
  get truncationGeneration(): number {
    return this.truncations;
  }
  /** Base offsets of the segments, oldest first. */
  segmentBaseOffsets(): number[] {
    return this.segments.map((s) => s.baseOffset);
  }
  private offsets(): LogOffsets {
    return { logStartOffset: this.startOffset, logEndOffset: this.nextOffset, highWatermark: this.hw };
  }
  private ensureOpen(): void {
    if (this.closed) throw new LogClosedError(`log ${this.name} is closed`);
  }
  private get active(): LogSegment {
    return this.segments.at(-1)!;
  }

  /** Applies a new config at run time (Kafka's dynamic topic config); index sizes apply to new segments. */
  updateConfig(config: LogConfig): void {
    this.cfg = config;
    const settings = settingsOf(config);
    for (const s of this.segments) s.updateSettings(settings);
    this.scheduleFlushTimer();
  }

  /** Moves the high watermark (the broker's call), clamped to [log start, log end]; returns the new value. */
  updateHighWatermark(offset: number): number {
    this.hw = Math.min(Math.max(offset, this.startOffset), this.nextOffset);
    return this.hw;
  }

  // ---- append ---------------------------------------------------------------------------------------------

  /**
   * Appends batches as the leader: assigns offsets from the log end offset by patching each batch's base
   * offset and partition leader epoch in `records` (in place: the CRC does not cover them), then writes the
   * bytes as they are. `records` must already be validated by the broker (CRC, records); only the sizes are
   * checked here. Kafka errors come back as data.
   */
  async append(records: Buffer, leaderEpoch: number): Promise<LogAppendResult> {
    const analysis = analyzeAppend(records, this.cfg.maxMessageBytes, this.cfg.segmentBytes);
    if ('message' in analysis) return analysis;
    return this.queue.run(() => this.doAppend(records, analysis, leaderEpoch));
  }

  /**
   * Appends batches replicated from the leader, offsets already assigned (Kafka's `appendAsFollower`). The
   * first offset must not be below the log end offset and offsets must increase.
   */
  async appendAsFollower(records: Buffer): Promise<LogAppendResult> {
    const analysis = analyzeAppend(records, Number.MAX_SAFE_INTEGER, Math.max(this.cfg.segmentBytes, records.length));
    if ('message' in analysis) return analysis;
    return this.queue.run(() => this.doAppend(records, analysis, null));
  }

  private async doAppend(records: Buffer, a: AppendAnalysis, leaderEpoch: number | null): Promise<LogAppendResult> {
    this.ensureOpen();
    if (a.batches.length === 0) return this.appendInfo(a, this.nextOffset, this.nextOffset - 1, -1);
    const appended: AppendedBatch[] = [];
    let next = leaderEpoch === null ? a.batches[0]!.baseOffset : this.nextOffset;
    if (next < this.nextOffset) throw new InvalidOffsetError(`follower append at ${next} is below the log end offset ${this.nextOffset}`);
    const firstOffset = next;
    let offsetOfMax = -1;
    for (const b of a.batches) {
      if (leaderEpoch !== null) patchBatchOffsets(records, b.at, next, leaderEpoch);
      else if (b.baseOffset < next) throw new InvalidOffsetError(`follower batches out of order at offset ${b.baseOffset}`);
      const base = leaderEpoch === null ? b.baseOffset : next;
      const lastOffset = base + b.lastOffsetDelta;
      if (b.maxTimestamp === a.maxTimestamp && offsetOfMax < 0) offsetOfMax = lastOffset;
      appended.push({ at: b.at, size: b.size, lastOffset, maxTimestamp: b.maxTimestamp });
      next = lastOffset + 1;
    }
    const lastOffset = next - 1;
    const segment = await this.maybeRoll(a.size, a.maxTimestamp, firstOffset, lastOffset);
    await segment.append(records, appended);
    this.nextOffset = lastOffset + 1;
    await this.learnEpochs(a, firstOffset, leaderEpoch);
    this.unflushedRecords += a.recordCount;
    if (this.unflushedRecords >= this.cfg.flushMessages) await this.flushUpTo(this.nextOffset);
    else this.scheduleFlushTimer();
    return this.appendInfo(a, firstOffset, lastOffset, offsetOfMax);
  }

  private appendInfo(a: AppendAnalysis, firstOffset: number, lastOffset: number, offsetOfMax: number): LogAppendInfo {
    return {
      errorCode: StorageErrorCode.NONE,
      firstOffset,
      lastOffset,
      maxTimestamp: a.maxTimestamp,
      offsetOfMaxTimestamp: offsetOfMax,
      recordCount: a.recordCount,
      batchCount: a.batches.length,
      validBytes: a.size,
      logStartOffset: this.startOffset,
      logEndOffset: this.nextOffset,
    };
  }

  /** Records new leader epochs: the leader's for its append, or each replicated batch's (Kafka does both). */
  private async learnEpochs(a: AppendAnalysis, firstOffset: number, leaderEpoch: number | null): Promise<void> {
    let changed = false;
    const latest = (): number => this.epochs.latestEpoch() ?? -1;
    if (leaderEpoch !== null) {
      if (leaderEpoch > latest()) changed = this.epochs.assign(leaderEpoch, firstOffset);
    } else {
      for (const b of a.batches) if (b.partitionLeaderEpoch > latest()) changed = this.epochs.assign(b.partitionLeaderEpoch, b.baseOffset) || changed;
    }
    if (changed) await this.epochs.persist();
  }

  /** Rolls first if the active segment is full by size, age or index, or cannot hold the offsets (Kafka's `maybeRoll`). */
  private async maybeRoll(size: number, maxTimestamp: number, firstOffset: number, lastOffset: number): Promise<LogSegment> {
    const seg = this.active;
    const now = this.clock();
    const maxSegmentMs = isCompacted(this.cfg) ? Math.min(this.cfg.maxCompactionLagMs, this.cfg.segmentMs) : this.cfg.segmentMs;
    const rolling = seg.rollingBasedTimestamp;
    const waited = rolling !== null && rolling >= 0 ? maxTimestamp - rolling : now - seg.created;
    const full =
      seg.size > this.cfg.segmentBytes - size ||
      (seg.size > 0 && waited > maxSegmentMs - seg.rollJitterMs) ||
      seg.indexesFull() ||
      !seg.canHold(lastOffset);
    if (!full) return seg;
    return this.rollAt(Math.max(firstOffset, this.nextOffset));
  }

  /** Forces a new active segment at the log end offset (Kafka's `roll`), unless the active one is empty. */
  async roll(): Promise<void> {
    await this.queue.run(async () => {
      this.ensureOpen();
      if (this.active.size > 0) await this.rollAt(this.nextOffset);
    });
  }

  private async rollAt(base: number): Promise<LogSegment> {
    const old = this.active;
    if (old.size === 0) {
      if (old.baseOffset === base) return old;
      // An empty active segment is replaced rather than kept (Kafka deletes it on roll).
      this.segments.pop();
      await old.deleteFiles();
    } else {
      await old.onBecomeInactive();
    }
    const seg = await LogSegment.create(this.dir, base, settingsOf(this.cfg), this.clock());
    seg.rollJitterMs = jitter(this.cfg);
    this.segments.push(seg);
    // Kafka flushes the rolled segment in the background: the roll does not wait for the fsync.
    if (old.size > 0) void this.flushUpTo(base).catch(() => undefined);
    return seg;
  }

  // ---- read -----------------------------------------------------------------------------------------------

  /**
   * Reads whole batches from the one holding `fetchOffset`, up to `maxBytes` and below `upperBound`
   * (default: the log end offset; the broker passes the high watermark for consumers). Offsets below the log
   * start or above the log end give `OFFSET_OUT_OF_RANGE`; `fetchOffset` at the end gives an empty result.
   */
  async read(fetchOffset: number, maxBytes: number, upperBound?: number, options: ReadOptions = {}): Promise<LogReadResult> {
    this.ensureOpen();
    const offsets = this.offsets();
    if (fetchOffset < offsets.logStartOffset || fetchOffset > offsets.logEndOffset) {
      return { errorCode: StorageErrorCode.OFFSET_OUT_OF_RANGE, fetchOffset, ...offsets };
    }
    const bound = Math.min(upperBound ?? offsets.logEndOffset, offsets.logEndOffset);
    const empty = { errorCode: StorageErrorCode.NONE, fetchOffset, firstBatchOffset: fetchOffset, slices: [], size: 0, ...offsets } as const;
    if (fetchOffset >= bound) return empty;
    const segments = this.segments.slice();
    const got = await readSegments(segments, fetchOffset, Math.max(0, maxBytes), bound, offsets.logEndOffset, options.minOneMessage ?? true);
    return { ...empty, firstBatchOffset: got.firstBatchOffset, slices: got.slices, size: got.size };
  }

  /** {@link Log.read}, with the batches copied into one buffer. */
  async readBytes(fetchOffset: number, maxBytes: number, upperBound?: number, options: ReadOptions = {}): Promise<LogReadBytesResult> {
    const r = await this.read(fetchOffset, maxBytes, upperBound, options);
    if (r.errorCode !== StorageErrorCode.NONE) return r;
    const { slices, ...rest } = r;
    return { ...rest, records: await readSlices(slices) };
  }

  /**
   * ListOffsets by timestamp (Kafka's `fetchOffsetByTimestamp`): the first record whose timestamp is at or
   * after `timestamp`, or a special value from {@link ListOffsetsTimestamp}; `null` if there is none.
   */
  async offsetForTimestamp(timestamp: number): Promise<TimestampAndOffset | null> {
    this.ensureOpen();
    const segments = this.segments.slice();
    switch (timestamp) {
      case ListOffsetsTimestamp.EARLIEST:
      case ListOffsetsTimestamp.EARLIEST_LOCAL:
        return { timestamp: -1, offset: this.startOffset, leaderEpoch: this.epochs.epochForOffset(this.startOffset) };
      case ListOffsetsTimestamp.LATEST:
        return { timestamp: -1, offset: this.nextOffset, leaderEpoch: this.epochs.latestEpoch() };
      case ListOffsetsTimestamp.LATEST_TIERED:
        return { timestamp: -1, offset: -1, leaderEpoch: undefined };
      case ListOffsetsTimestamp.MAX_TIMESTAMP: {
        const max = await findMaxTimestamp(segments);
        return max ? { ...max, leaderEpoch: this.epochs.latestEpoch() } : null;
      }
      default:
        return findOffsetByTimestamp(segments, timestamp, this.startOffset);
    }
  }

  // ---- leader epochs ----------------------------------------------------------------------------------------

  /** The latest leader epoch the log has seen. */
  latestEpoch(): number | undefined {
    return this.epochs.latestEpoch();
  }
  /** The leader-epoch history (`leader-epoch-checkpoint`). */
  leaderEpochEntries(): readonly EpochEntry[] {
    return this.epochs.epochEntries();
  }
  /** OffsetsForLeaderEpoch: the largest known epoch <= `epoch` and where it ended. */
  endOffsetForEpoch(epoch: number): EpochEndOffset {
    return this.epochs.endOffsetFor(epoch, this.nextOffset);
  }
  /** Records a new leader epoch starting at the log end offset (on becoming leader). */
  async assignEpochStartOffset(epoch: number, startOffset = this.nextOffset): Promise<void> {
    await this.queue.run(async () => {
      if (this.epochs.assign(epoch, startOffset)) await this.epochs.persist();
    });
  }

  // ---- truncation, deletion ---------------------------------------------------------------------------------

  /**
   * Removes every batch from the one holding `offset` on (a follower diverging from a new leader; Kafka's
   * `truncateTo`). Returns false if the log ends at or before `offset`.
   */
  async truncateTo(offset: number): Promise<boolean> {
    if (offset < 0) throw new InvalidOffsetError(`cannot truncate to negative offset ${offset}`);
    return this.queue.run(async () => {
      this.ensureOpen();
      if (offset >= this.nextOffset) return false;
      if (offset < this.segments[0]!.baseOffset) {
        await this.doTruncateFully(offset);
        return true;
      }
      this.truncations++;
      const keep = floorSegmentIndex(this.segments, offset);
      const dropped = this.segments.splice(keep + 1);
      for (const s of dropped) await s.deleteFiles();
      const seg = this.active;
      if (dropped.length > 0) await seg.becomeActive();
      await seg.truncateTo(offset);
      this.nextOffset = await seg.readNextOffset();
      this.afterTruncation();
      if (this.epochs.truncateFromEnd(this.nextOffset)) await this.epochs.persist();
      return true;
    });
  }

  /** Deletes every segment and starts empty at `offset` (Kafka's `truncateFullyAndStartAt`). */
  async truncateFullyAndStartAt(offset: number): Promise<void> {
    if (offset < 0) throw new InvalidOffsetError(`cannot start at negative offset ${offset}`);
    await this.queue.run(async () => {
      this.ensureOpen();
      await this.doTruncateFully(offset);
    });
  }

  private async doTruncateFully(offset: number): Promise<void> {
    this.truncations++;
    const old = this.segments.splice(0);
    for (const s of old) await s.deleteFiles();
    this.segments.push(await LogSegment.create(this.dir, offset, settingsOf(this.cfg), this.clock()));
    this.nextOffset = offset;
    this.startOffset = offset;
    this.recoveryPt = offset;
    this.afterTruncation();
    if (this.epochs.clear()) await this.epochs.persist();
  }

  private afterTruncation(): void {
    this.startOffset = Math.min(this.startOffset, this.nextOffset);
    this.hw = Math.min(this.hw, this.nextOffset);
    this.recoveryPt = Math.min(this.recoveryPt, this.nextOffset);
    this.unflushedRecords = 0;
  }

  /**
   * DeleteRecords: moves the log start offset up to `offset` (which must not pass the high watermark) and
   * deletes the segments now wholly below it (Kafka's `maybeIncrementLogStartOffset` + retention).
   */
  async deleteRecordsBefore(offset: number): Promise<DeleteRecordsResult> {
    return this.queue.run(async () => {
      this.ensureOpen();
      if (offset > this.hw || offset < 0) return { errorCode: StorageErrorCode.OFFSET_OUT_OF_RANGE, ...this.offsets() };
      if (offset > this.startOffset) await this.moveLogStartOffset(offset);
      await this.doDeleteOldSegments();
      return { errorCode: StorageErrorCode.NONE, lowWatermark: this.startOffset };
    });
  }

  private async moveLogStartOffset(offset: number): Promise<void> {
    this.startOffset = offset;
    if (this.epochs.truncateFromStart(offset)) await this.epochs.persist();
  }

  /**
   * Retention (Kafka's `deleteOldSegments`): deletes whole segments below the log start offset, beyond
   * `retention.bytes` or older than `retention.ms` (the last two only with `cleanup.policy=delete`), never
   * past the high watermark. Returns the number of segments deleted.
   */
  async deleteOldSegments(): Promise<number> {
    return this.queue.run(async () => {
      this.ensureOpen();
      return this.doDeleteOldSegments();
    });
  }

  private async doDeleteOldSegments(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const plan = await segmentsToDelete({
        segments: this.segments,
        config: this.cfg,
        logStartOffset: this.startOffset,
        logEndOffset: this.nextOffset,
        highWatermark: this.hw,
        now: this.clock(),
      });
      if (!plan) return deleted;
      // The log always keeps an active segment: roll first when all of them go (Kafka does the same).
      if (plan.count === this.segments.length) await this.rollAt(this.nextOffset);
      const gone = this.segments.splice(0, plan.count);
      await this.scheduleDeletion(gone);
      deleted += gone.length;
      const first = this.segments[0]!.baseOffset;
      if (first > this.startOffset) await this.moveLogStartOffset(first);
    }
  }

  /** Renames segments to `.deleted` now and removes them after `file.delete.delay.ms` (Kafka's async delete). */
  private async scheduleDeletion(segments: readonly LogSegment[]): Promise<void> {
    for (const seg of segments) {
      seg.deleted = true;
      await seg.changeSuffix(DELETED_SUFFIX);
      const timer = setTimeout(() => {
        this.pendingDeletes.delete(seg);
        void seg.deleteFiles().catch(() => undefined);
      }, Math.min(this.cfg.fileDeleteDelayMs, MAX_TIMER_MS));
      timer.unref();
      this.pendingDeletes.set(seg, timer);
    }
  }

  // ---- flush ------------------------------------------------------------------------------------------------

  /** fsyncs every unflushed segment up to the log end offset and advances the recovery point. */
  async flush(): Promise<void> {
    this.ensureOpen();
    await this.flushUpTo(this.nextOffset);
  }

  private async flushUpTo(offset: number): Promise<void> {
    if (offset <= this.recoveryPt) return;
    const generation = this.truncations;
    const pendingRecords = this.unflushedRecords;
    const segments = this.segments.filter((s, i) => s.baseOffset < offset && (this.segments[i + 1]?.baseOffset ?? Infinity) > this.recoveryPt);
    for (const s of segments) {
      try {
        await s.flush();
      } catch (e) {
        if (!s.deleted) throw e;
      }
    }
    if (generation !== this.truncations) return;
    this.recoveryPt = Math.max(this.recoveryPt, Math.min(offset, this.nextOffset));
    if (offset >= this.nextOffset) this.unflushedRecords = Math.max(0, this.unflushedRecords - pendingRecords);
    this.lastFlushTime = this.clock();
  }

  /** With a finite `flush.ms`, flushes once the oldest unflushed append is that old. */
  private scheduleFlushTimer(): void {
    const ms = this.cfg.flushMs;
    if (this.flushTimer || this.closed || ms > MAX_TIMER_MS || this.recoveryPt >= this.nextOffset) return;
    const due = Math.max(0, this.lastFlushTime + ms - this.clock());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (this.closed) return;
      void this.flushUpTo(this.nextOffset)
        .catch(() => undefined)
        .then(() => this.scheduleFlushTimer());
    }, due);
    this.flushTimer.unref();
  }

  // ---- lifecycle, internals for the cleaner -------------------------------------------------------------------

  /** Runs `task` exclusively with appends and other changes to the log (for the cleaner and the manager). */
  runExclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      this.ensureOpen();
      return task();
    });
  }

  /**
   * The live segment list (oldest first). Internal: the cleaner reads closed segments through it.
   * @internal
   */
  segmentList(): readonly LogSegment[] {
    return this.segments;
  }

  /**
   * Swaps `replacement` in for `old` (consecutive segments) — the cleaner's last step, run exclusively.
   * @internal
   */
  async replaceSegments(replacement: LogSegment, old: readonly LogSegment[]): Promise<void> {
    const first = this.segments.indexOf(old[0]!);
    if (first < 0 || old.some((s, i) => this.segments[first + i] !== s)) throw new InvalidOffsetError('segments to replace are no longer in the log');
    this.segments.splice(first, old.length, replacement);
    await this.scheduleDeletion(old);
  }

  /** The clock the log uses. */
  now(): number {
    return this.clock();
  }

  /**
   * Flushes and closes every file, trimming indexes (a clean close). Waits for appends in flight. The
   * caller writes the clean-shutdown marker once all logs of a dir are closed.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue.run(async () => {
      if (this.closed) return;
      await this.flushUpTo(this.nextOffset);
      this.closed = true;
      if (this.flushTimer) clearTimeout(this.flushTimer);
      for (const s of this.segments) await s.close();
      await this.runPendingDeletes();
    });
  }

  /** Closes without flushing and removes the partition folder (Kafka's log deletion). */
  async delete(): Promise<void> {
    await this.queue.run(async () => {
      this.closed = true;
      if (this.flushTimer) clearTimeout(this.flushTimer);
      for (const s of this.segments) await s.closeHandles();
      await this.runPendingDeletes();
      await rm(this.dir, { recursive: true, force: true });
    });
  }

  private async runPendingDeletes(): Promise<void> {
    for (const [seg, timer] of this.pendingDeletes) {
      clearTimeout(timer);
      await seg.deleteFiles().catch(() => undefined);
    }
    this.pendingDeletes.clear();
  }
}

function jitter(config: LogConfig): number {
  if (config.segmentJitterMs <= 0) return 0;
  return Math.floor(Math.random() * Math.min(config.segmentJitterMs, config.segmentMs));
}

function topicPartitionOf(dir: string): TopicPartition {
  try {
    return parsePartitionDirName(basename(dir));
  } catch {
    return { topic: basename(dir), partition: 0 };
  }
}
