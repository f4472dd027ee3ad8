import { rm } from 'node:fs/promises';
import { patchBatchOffsets } from '@tributary/protocol';
import type { LogConfig } from './config/log-config.js';
import { InvalidOffsetError, LogClosedError, LogIoError, StorageErrorCode, asStorageError } from './errors.js';
import { analyzeAppend, type AppendAnalysis } from './internal/append-analysis.js';
import type { TopicPartition } from './internal/file-names.js';
import type { EpochEntry, LeaderEpochCache } from './internal/leader-epoch-cache.js';
import { LocalLog } from './internal/local-log.js';
import { loadPartition, type LogInit, type LogLoadStats, type LogOpenOptions } from './internal/log-open.js';
import type { AppendedBatch, LogSegment } from './internal/log-segment.js';
import { segmentsToDelete } from './internal/retention.js';
import { SerialQueue } from './internal/serial-queue.js';
import { lookupTimestamp } from './internal/timestamp-search.js';
import type { PartitionLog } from './partition-log.js';
import { readSlices } from './read-slices.js';
import type {
  DeleteRecordsResult,
  EpochEndOffset,
  LogAppendInfo,
  LogAppendResult,
  LogOffsets,
  LogReadBytesResult,
  LogReadResult,
  ReadOptions,
  TimestampAndOffset,
} from './log-types.js';

export { settingsOf, type LogOpenOptions, type LogLoadStats } from './internal/log-open.js';

/** Largest delay `setTimeout` accepts; longer ones (Kafka's "forever" defaults) are not scheduled. */
const MAX_TIMER_MS = 0x7fffffff;

/**
 * One partition's log on disk (Kafka's `UnifiedLog`): an append-only sequence of segments in the partition
 * folder. Appends are serialized and store batches verbatim with offsets patched in; reads return byte
 * ranges of segment files; recovery, truncation, retention and the leader-epoch history follow Kafka. The
 * high watermark is kept here but moved by the broker.
 *
 * @example
 * ```ts
 * const log = await Log.open({ dir: '/data/orders-0' });
 * const info = await log.append(batchBytes, leaderEpoch);
 * const read = await log.read(0, 1 << 20, log.highWatermark);
 * ```
 */
export class Log implements PartitionLog {
  readonly topicPartition: TopicPartition;
  /** What loading found (segments recovered, bytes cut, time taken). */
  readonly loadStats: LogLoadStats;
  private readonly local: LocalLog;
  private startOffset: number;
  private hw: number;
  private readonly epochs: LeaderEpochCache;
  private readonly clock: () => number;
  private readonly queue = new SerialQueue();
  private closed = false;
  /** Set by an I/O failure in a change to the log: the log is offline from then on (Kafka: the dir fails). */
  private failure: LogIoError | null = null;
  private unflushedRecords = 0;
  private lastFlushTime: number;
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly onRecoveryPointLowered: (() => Promise<void>) | undefined;

  private constructor(init: LogInit) {
    this.topicPartition = init.topicPartition;
    this.loadStats = init.loadStats;
    this.local = new LocalLog(init);
    this.startOffset = init.logStartOffset;
    this.hw = init.highWatermark;
    this.epochs = init.epochs;
    this.clock = init.clock;
    this.lastFlushTime = init.clock();
    this.onRecoveryPointLowered = init.onRecoveryPointLowered;
  }

  /** Opens (creating or recovering) the log in `options.dir`. */
  static async open(options: LogOpenOptions): Promise<Log> {
    return new Log(await loadPartition(options));
  }

  // ---- state ----------------------------------------------------------------------------------------------

  get dir(): string {
    return this.local.dir;
  }
  get name(): string {
    return `${this.topicPartition.topic}-${this.topicPartition.partition}`;
  }
  get config(): LogConfig {
    return this.local.config;
  }
  get logStartOffset(): number {
    return this.startOffset;
  }
  get logEndOffset(): number {
    return this.local.nextOffset;
  }
  get highWatermark(): number {
    return this.hw;
  }
  /** Every offset below this is known to be on disk (fsynced). */
  get recoveryPoint(): number {
    return this.local.recoveryPoint;
  }
  /** Total bytes of the log's segments. */
  get size(): number {
    return this.local.size;
  }
  get segmentCount(): number {
    return this.local.segments.length;
  }
  get isClosed(): boolean {
    return this.closed;
  }
  /** True once an I/O failure took the log offline (every call then throws `STORAGE_IO`). */
  get isOffline(): boolean {
    return this.failure !== null;
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
    return this.local.truncationGeneration;
  }
  /** Base offsets of the segments, oldest first. */
  segmentBaseOffsets(): number[] {
    return this.local.segments.map((s) => s.baseOffset);
  }
  /** The clock the log uses. */
  now(): number {
    return this.clock();
  }
  private offsets(): LogOffsets {
    return { logStartOffset: this.startOffset, logEndOffset: this.local.nextOffset, highWatermark: this.hw };
  }
  private ensureOpen(): void {
    if (this.closed) throw new LogClosedError(`log ${this.name} is closed`);
    if (this.failure) throw new LogIoError(`log ${this.name} is offline after an I/O error`, { cause: this.failure });
  }
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      this.ensureOpen();
      try {
        return await task();
      } catch (e) {
        const error = asStorageError(e, this.name);
        // A change that failed half way leaves the files in an unknown state: take the log offline, as Kafka
        // takes a failing log dir offline; reopening it runs recovery.
        if (error instanceof LogIoError) this.failure = error;
        throw error;
      }
    });
  }

  /** Applies a new config at run time (Kafka's dynamic topic config); index sizes apply to new segments. */
  updateConfig(config: LogConfig): void {
    this.local.updateConfig(config);
    this.scheduleFlushTimer();
  }

  /** Moves the high watermark (the broker's call), clamped to [log start, log end]; returns the new value. */
  updateHighWatermark(offset: number): number {
    this.hw = Math.min(Math.max(offset, this.startOffset), this.local.nextOffset);
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
    const analysis = analyzeAppend(records, this.config.maxMessageBytes, this.config.segmentBytes);
    if ('message' in analysis) return analysis;
    return this.exclusive(() => this.doAppend(records, analysis, leaderEpoch));
  }

  /**
   * Appends batches replicated from the leader, offsets already assigned (Kafka's `appendAsFollower`). The
   * first offset must not be below the log end offset and offsets must increase.
   */
  async appendAsFollower(records: Buffer): Promise<LogAppendResult> {
    const analysis = analyzeAppend(records, Number.MAX_SAFE_INTEGER, Math.max(this.config.segmentBytes, records.length));
    if ('message' in analysis) return analysis;
    return this.exclusive(() => this.doAppend(records, analysis, null));
  }

  private async doAppend(records: Buffer, a: AppendAnalysis, leaderEpoch: number | null): Promise<LogAppendResult> {
    const end = this.local.nextOffset;
    if (a.batches.length === 0) return this.appendInfo(a, end, end - 1, -1);
    const batches = assignOffsets(records, a, end, leaderEpoch);
    await this.local.append(records, batches, a.maxTimestamp);
    await this.learnEpochs(a, batches[0]!.baseOffset, leaderEpoch);
    this.unflushedRecords += a.recordCount;
    if (this.unflushedRecords >= this.config.flushMessages) await this.flushUpTo(this.local.nextOffset);
    else this.scheduleFlushTimer();
    const offsetOfMax = batches.find((b) => b.maxTimestamp === a.maxTimestamp)?.lastOffset ?? -1;
    return this.appendInfo(a, batches[0]!.baseOffset, batches.at(-1)!.lastOffset, offsetOfMax);
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
      logEndOffset: this.local.nextOffset,
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

  /** Forces a new active segment at the log end offset (Kafka's `roll`), unless the active one is empty. */
  async roll(): Promise<void> {
    await this.exclusive(async () => {
      if (this.local.active.size > 0) await this.local.roll();
    });
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
    const got = await this.local.read(fetchOffset, Math.max(0, maxBytes), bound, options.minOneMessage ?? true).catch((e: unknown) => {
      throw asStorageError(e, this.name);
    });
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
   * after `timestamp`, or a special value from `ListOffsetsTimestamp`; `null` if there is none.
   */
  async offsetForTimestamp(timestamp: number): Promise<TimestampAndOffset | null> {
    this.ensureOpen();
    return lookupTimestamp(this.local.segments.slice(), timestamp, this.offsets(), this.epochs);
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
    return this.epochs.endOffsetFor(epoch, this.local.nextOffset);
  }
  /** Records that a new leader epoch starts at `startOffset` (default: the log end; on becoming leader). */
  async assignEpochStartOffset(epoch: number, startOffset?: number): Promise<void> {
    await this.exclusive(async () => {
      if (this.epochs.assign(epoch, startOffset ?? this.local.nextOffset)) await this.epochs.persist();
    });
  }

  // ---- truncation, deletion ---------------------------------------------------------------------------------

  /**
   * Removes every batch from the one holding `offset` on (a follower diverging from a new leader; Kafka's
   * `truncateTo`). Returns false if the log ends at or before `offset`.
   */
  async truncateTo(offset: number): Promise<boolean> {
    if (offset < 0) throw new InvalidOffsetError(`cannot truncate to negative offset ${offset}`);
    return this.exclusive(async () => {
      if (offset >= this.local.nextOffset) return false;
      if (offset < this.local.segments[0]!.baseOffset) await this.doTruncateFully(offset);
      else await this.local.truncateTo(offset);
      await this.afterTruncation();
      return true;
    });
  }

  /** Deletes every segment and starts empty at `offset` (Kafka's `truncateFullyAndStartAt`). */
  async truncateFullyAndStartAt(offset: number): Promise<void> {
    if (offset < 0) throw new InvalidOffsetError(`cannot start at negative offset ${offset}`);
    await this.exclusive(async () => {
      await this.doTruncateFully(offset);
      await this.afterTruncation();
    });
  }

  private async doTruncateFully(offset: number): Promise<void> {
    await this.local.truncateFullyAndStartAt(offset);
    this.startOffset = offset;
    if (this.epochs.clear()) await this.epochs.persist();
  }

  private async afterTruncation(): Promise<void> {
    const end = this.local.nextOffset;
    this.startOffset = Math.min(this.startOffset, end);
    this.hw = Math.min(this.hw, end);
    this.unflushedRecords = 0;
    if (this.epochs.truncateFromEnd(end)) await this.epochs.persist();
    await this.onRecoveryPointLowered?.();
  }

  /**
   * DeleteRecords: moves the log start offset up to `offset` (which must not pass the high watermark) and
   * deletes the segments now wholly below it (Kafka's `maybeIncrementLogStartOffset` + retention).
   */
  async deleteRecordsBefore(offset: number): Promise<DeleteRecordsResult> {
    return this.exclusive(async () => {
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
    return this.exclusive(() => this.doDeleteOldSegments());
  }

  private async doDeleteOldSegments(): Promise<number> {
    let deleted = 0;
    for (;;) {
      const plan = await segmentsToDelete({ ...this.offsets(), segments: this.local.segments, config: this.config, now: this.clock() });
      if (!plan) return deleted;
      const first = await this.local.removeOldest(plan.count);
      deleted += plan.count;
      if (first > this.startOffset) await this.moveLogStartOffset(first);
    }
  }

  // ---- flush ------------------------------------------------------------------------------------------------

  /** fsyncs every unflushed segment up to the log end offset and advances the recovery point. */
  async flush(): Promise<void> {
    this.ensureOpen();
    await this.flushUpTo(this.local.nextOffset);
  }

  private async flushUpTo(offset: number): Promise<void> {
    const pending = this.unflushedRecords;
    if (!(await this.local.flushUpTo(offset))) return;
    if (offset >= this.local.nextOffset) this.unflushedRecords = Math.max(0, this.unflushedRecords - pending);
    this.lastFlushTime = this.clock();
  }

  /** With a finite `flush.ms`, flushes once the oldest unflushed append is that old. */
  private scheduleFlushTimer(): void {
    const ms = this.config.flushMs;
    if (this.flushTimer || this.closed || ms > MAX_TIMER_MS || this.local.recoveryPoint >= this.local.nextOffset) return;
    const due = Math.max(0, this.lastFlushTime + ms - this.clock());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      if (this.closed) return;
      void this.flushUpTo(this.local.nextOffset)
        .catch(() => undefined)
        .then(() => this.scheduleFlushTimer());
    }, due);
    this.flushTimer.unref();
  }

  // ---- lifecycle, internals for the cleaner -------------------------------------------------------------------

  /** Runs `task` exclusively with appends and other changes to the log (for the cleaner and the manager). */
  runExclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.exclusive(task);
  }

  /**
   * The live segment list (oldest first). Internal: the cleaner reads closed segments through it.
   * @internal
   */
  segmentList(): readonly LogSegment[] {
    return this.local.segments;
  }

  /**
   * Swaps `replacement` in for `old` (consecutive segments); the cleaner's last step, run exclusively.
   * @internal
   */
  replaceSegments(replacement: LogSegment, old: readonly LogSegment[]): Promise<void> {
    return this.local.replaceSegments(replacement, old);
  }

  /**
   * Flushes and closes every file, trimming indexes (a clean close). Waits for appends in flight. The
   * caller writes the clean-shutdown marker once all logs of a dir are closed.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue.run(async () => {
      if (this.closed) return;
      this.closed = true;
      if (this.flushTimer) clearTimeout(this.flushTimer);
      if (this.failure) await this.local.closeHandles();
      else await this.local.close();
    });
  }

  /** Closes without flushing and removes the partition folder (Kafka's log deletion). */
  async delete(): Promise<void> {
    await this.queue.run(async () => {
      this.closed = true;
      if (this.flushTimer) clearTimeout(this.flushTimer);
      await this.local.closeHandles();
      await rm(this.local.dir, { recursive: true, force: true });
    });
  }
}

/**
 * The offsets of an append's batches: the leader's, assigned from the log end and patched into the bytes
 * with its epoch, or a follower's, taken from the bytes and checked to follow the log end and increase.
 */
function assignOffsets(records: Buffer, a: AppendAnalysis, logEnd: number, leaderEpoch: number | null): AppendedBatch[] {
  const out: AppendedBatch[] = [];
  let next = logEnd;
  for (const b of a.batches) {
    if (leaderEpoch !== null) patchBatchOffsets(records, b.at, next, leaderEpoch);
    else if (b.baseOffset < next) throw new InvalidOffsetError(`follower batch at offset ${b.baseOffset} is below ${next}, the next offset expected`);
    const base = leaderEpoch === null ? b.baseOffset : next;
    const lastOffset = base + b.lastOffsetDelta;
    out.push({ at: b.at, size: b.size, baseOffset: base, lastOffset, maxTimestamp: b.maxTimestamp });
    next = lastOffset + 1;
  }
  return out;
}
