import { constants } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX, segmentFile } from './file-names.js';
import { OffsetIndex } from './offset-index.js';
import { TimeIndex } from './time-index.js';
import { readFully, scanBatches, type BatchInfo, type ScanResult } from './batch-scan.js';

/** Per-segment settings taken from the log config when the segment is created or loaded. */
export interface SegmentSettings {
  readonly indexIntervalBytes: number;
  readonly segmentIndexBytes: number;
  /** Initial file size (`segment.bytes` with `preallocate`, else 0). */
  readonly initFileSize: number;
}

/** One batch of an append: where it sits in the appended bytes and what the indexes need of it. */
export interface AppendedBatch {
  /** Offset of the batch within the appended buffer. */
  readonly at: number;
  readonly size: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
}

/** Where the batch holding an offset starts (Kafka's `LogOffsetPosition`). */
export interface BatchLocation {
  /** Base offset of the batch. */
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly position: number;
  readonly size: number;
}

/** Called for every batch recovery keeps (the log re-learns leader epochs from them, as Kafka does). */
export type RecoveredBatchListener = (batch: BatchInfo) => void;

const INT32_MAX = 0x7fffffff;

/**
 * A segment: one `.log` file of batches stored verbatim, named by its 20-digit base offset, with its sparse
 * `.index` and `.timeindex` (Kafka's `LogSegment`). The active (last) segment keeps its indexes in memory
 * and its index files open; older segments load their indexes on first use.
 */
export class LogSegment {
  /** Bytes of valid batches in the `.log` file (the file may be longer when preallocated). */
  size: number;
  /** Suffix after `.log` / `.index` (`''`, `.deleted`, `.cleaned`, `.swap`). */
  private suffix: string;
  private offsetIdx: OffsetIndex | null = null;
  private timeIdx: TimeIndex | null = null;
  private indexLoad: Promise<void> | null = null;
  private bytesSinceLastIndexEntry = 0;
  /** Largest timestamp in the segment and the last offset of the batch that carried it (-1 if unknown yet). */
  private maxTimestamp = -1;
  private offsetOfMaxTimestamp = -1;
  /** Max timestamp of the first batch: `segment.ms` counts from it (Kafka's `rollingBasedTimestamp`). */
  rollingBasedTimestamp: number | null = null;
  /** Random jitter subtracted from `segment.ms` for this segment. */
  rollJitterMs = 0;
  /** Set once the segment's files are scheduled for deletion; I/O errors after that are expected. */
  deleted = false;
  /** Bytes written since the last fsync. */
  unflushedBytes = 0;

  private constructor(
    readonly dir: string,
    readonly baseOffset: number,
    private handle: FileHandle,
    size: number,
    private settings: SegmentSettings,
    /** Creation time (clock), for `segment.ms` before the first batch. */
    readonly created: number,
    suffix: string,
  ) {
    this.size = size;
    this.suffix = suffix;
  }

  // ---- creation, opening ------------------------------------------------------------------------------

  /** Creates a new empty segment (its `.log` file and preallocated index files). */
  static async create(dir: string, baseOffset: number, settings: SegmentSettings, now: number, suffix = ''): Promise<LogSegment> {
    const path = segmentFile(dir, baseOffset, LOG_SUFFIX, suffix);
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC);
    if (settings.initFileSize > 0) await handle.truncate(settings.initFileSize);
    const seg = new LogSegment(dir, baseOffset, handle, 0, settings, now, suffix);
    seg.offsetIdx = OffsetIndex.create(seg.path(INDEX_SUFFIX), baseOffset, settings.segmentIndexBytes);
    seg.timeIdx = TimeIndex.create(seg.path(TIME_INDEX_SUFFIX), baseOffset, settings.segmentIndexBytes);
    await seg.offsetIdx.openForAppend();
    await seg.timeIdx.openForAppend();
    return seg;
  }

  /** Opens an existing segment whose `.log` holds `size` valid bytes (the file length unless told). */
  static async open(dir: string, baseOffset: number, settings: SegmentSettings, now: number, suffix = ''): Promise<LogSegment> {
    const path = segmentFile(dir, baseOffset, LOG_SUFFIX, suffix);
    const handle = await open(path, constants.O_RDWR);
    const { size } = await handle.stat();
    return new LogSegment(dir, baseOffset, handle, size, settings, now, suffix);
  }

  path(kind: string): string {
    return segmentFile(this.dir, this.baseOffset, kind, this.suffix);
  }

  get fileHandle(): FileHandle {
    return this.handle;
  }

  updateSettings(settings: SegmentSettings): void {
    this.settings = settings;
  }

  // ---- indexes --------------------------------------------------------------------------------------------

  /** Loads the index files of a closed segment, rebuilding them from the log if missing or corrupt. */
  async ensureIndexes(): Promise<void> {
    if (this.offsetIdx && this.timeIdx) return;
    this.indexLoad ??= this.loadIndexes();
    await this.indexLoad;
  }

  private async loadIndexes(): Promise<void> {
    const [oi, ti] = await Promise.all([
      OffsetIndex.load(this.path(INDEX_SUFFIX), this.baseOffset, this.settings.segmentIndexBytes),
      TimeIndex.load(this.path(TIME_INDEX_SUFFIX), this.baseOffset, this.settings.segmentIndexBytes),
    ]);
    if (oi && ti && oi.lastOffset >= this.baseOffset) {
      this.offsetIdx = oi;
      this.timeIdx = ti;
      const last = ti.lastEntry;
      if (last.timestamp > this.maxTimestamp) {
        this.maxTimestamp = last.timestamp;
        this.offsetOfMaxTimestamp = last.offset;
      }
      return;
    }
    // Kafka rebuilds a missing or corrupt index from the log (the log itself is trusted here).
    await this.rebuildIndexes(false);
    await this.persistClosedIndexes();
  }

  /**
   * Writes the indexes of a closed segment as whole, trimmed files, with the final max-timestamp entry
   * Kafka adds when a segment becomes inactive (after a rebuild or recovery of a non-active segment).
   */
  async persistClosedIndexes(): Promise<void> {
    if (this.maxTimestamp >= 0) this.tidx.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp, true);
    await this.oidx.writeWhole(true);
    await this.tidx.writeWhole(true);
  }

  private get oidx(): OffsetIndex {
    if (!this.offsetIdx) throw new Error(`indexes of segment ${this.baseOffset} used before ensureIndexes()`);
    return this.offsetIdx;
  }

  private get tidx(): TimeIndex {
    if (!this.timeIdx) throw new Error(`indexes of segment ${this.baseOffset} used before ensureIndexes()`);
    return this.timeIdx;
  }

  /** True if an index is full: the segment must roll (Kafka's `offsetIndex.isFull || timeIndex.isFull`). */
  indexesFull(): boolean {
    return (this.offsetIdx?.isFull() ?? false) || (this.timeIdx?.isFull() ?? false);
  }

  /** Offset-index entry count (tests, stats). */
  get indexEntries(): number {
    return this.offsetIdx?.entries ?? 0;
  }

  /** Largest timestamp of the segment, or -1 when it has none (the caller falls back to the file's mtime). */
  async largestTimestamp(): Promise<number> {
    await this.ensureIndexes();
    return this.maxTimestamp;
  }

  /** Last modification time of the `.log` file (Kafka's `lastModified`), in ms. */
  async lastModified(): Promise<number> {
    return (await stat(this.path(LOG_SUFFIX))).mtimeMs;
  }

  /** Bytes the segment's index files take (for the cleaner's grouping). */
  get indexSizes(): { offsetIndex: number; timeIndex: number } {
    return { offsetIndex: this.offsetIdx?.sizeInBytes ?? 0, timeIndex: this.timeIdx?.sizeInBytes ?? 0 };
  }

  // ---- append ---------------------------------------------------------------------------------------------

  /** Writes `data` (whole batches, offsets already assigned) at the end and indexes its batches. */
  async append(data: Buffer, batches: readonly AppendedBatch[]): Promise<void> {
    const position = this.size;
    await writeFully(this.handle, data, position);
    if (position === 0) this.rollingBasedTimestamp = batches[0]?.maxTimestamp ?? null;
    this.indexBatches(position, batches);
    this.size = position + data.length;
    this.unflushedBytes += data.length;
  }

  private indexBatches(position: number, batches: readonly AppendedBatch[]): void {
    const oi = this.oidx;
    const ti = this.tidx;
    const interval = this.settings.indexIntervalBytes;
    for (const b of batches) {
      if (b.maxTimestamp > this.maxTimestamp) {
        this.maxTimestamp = b.maxTimestamp;
        this.offsetOfMaxTimestamp = b.lastOffset;
      }
      if (this.bytesSinceLastIndexEntry > interval) {
        oi.append(b.lastOffset, position + b.at);
        ti.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
        this.bytesSinceLastIndexEntry = 0;
      }
      this.bytesSinceLastIndexEntry += b.size;
    }
  }

  /** True if `lastOffset` can still be stored relative to the base offset (int32). */
  canHold(lastOffset: number): boolean {
    return lastOffset - this.baseOffset <= INT32_MAX && lastOffset >= this.baseOffset;
  }

  // ---- lookups --------------------------------------------------------------------------------------------

  /**
   * The batch holding `offset` (the first batch whose last offset is >= `offset`) at or after
   * `fromPosition`, or `null` if the segment has none (Kafka's `translateOffset`).
   */
  async translateOffset(offset: number, fromPosition = 0): Promise<BatchLocation | null> {
    await this.ensureIndexes();
    const start = Math.max(fromPosition, this.oidx.lookup(offset).position);
    let found: BatchLocation | null = null;
    await scanBatches(this.handle, start, this.size, { wholeBatches: false, checkCrc: false }, (b) => {
      if (b.lastOffset < offset) return true;
      found = { baseOffset: b.baseOffset, lastOffset: b.lastOffset, position: b.position, size: b.size };
      return false;
    });
    return found;
  }

  /**
   * The end of the last whole batch that ends at or before `limit`, scanning from the batch boundary
   * `from` (the read path's way of returning whole batches only).
   */
  async lastBoundaryBefore(from: number, limit: number): Promise<number> {
    await this.ensureIndexes();
    const bound = Math.min(limit, this.size);
    let boundary = Math.max(from, this.oidx.floorPosition(bound));
    if (boundary > bound) return from;
    await scanBatches(this.handle, boundary, this.size, { wholeBatches: false, checkCrc: false }, (b) => {
      if (b.position + b.size > bound) return false;
      boundary = b.position + b.size;
      return true;
    });
    return boundary;
  }

  /** Offset after the last batch (Kafka's `readNextOffset`): scans forward from the last index entry. */
  async readNextOffset(): Promise<number> {
    await this.ensureIndexes();
    let next = this.baseOffset;
    const from = this.oidx.lookup(this.oidx.lastOffset).position;
    await scanBatches(this.handle, from, this.size, { wholeBatches: false, checkCrc: false }, (b) => {
      next = b.lastOffset + 1;
    });
    return next;
  }

  /** Visits whole batches from position `from` (reads for the cleaner and timestamp search). */
  async forEachBatch(from: number, visit: (info: BatchInfo, buf: Buffer, at: number) => boolean | void): Promise<ScanResult> {
    return scanBatches(this.handle, from, this.size, { wholeBatches: true, checkCrc: false }, visit);
  }

  /** Lookups of the time index then offset index for `timestamp`: the position to scan batches from. */
  async positionForTimestamp(timestamp: number, startingOffset: number): Promise<number> {
    await this.ensureIndexes();
    const entry = this.tidx.lookup(timestamp);
    return this.oidx.lookup(Math.max(entry.offset, startingOffset)).position;
  }

  /** Max timestamp of the segment and the last offset of its batch (-1, -1 if none). */
  async maxTimestampAndOffset(): Promise<{ timestamp: number; offset: number }> {
    await this.ensureIndexes();
    return { timestamp: this.maxTimestamp, offset: this.offsetOfMaxTimestamp };
  }

  // ---- recovery, truncation -------------------------------------------------------------------------------

  /**
   * Rebuilds both indexes from the `.log` (Kafka's `LogSegment.recover`). With `validate`, checks every
   * batch's size, magic, CRC and offset order and cuts the file at the first bad byte. Returns how many bytes
   * were cut and the next offset.
   */
  async recover(validate: boolean, onBatch?: RecoveredBatchListener): Promise<{ truncatedBytes: number; nextOffset: number }> {
    const fileSize = (await this.handle.stat()).size;
    const result = await this.rebuildIndexes(validate, onBatch, fileSize);
    let truncatedBytes = 0;
    if (result.validEnd < fileSize) {
      truncatedBytes = fileSize - result.validEnd;
      await this.handle.truncate(result.validEnd);
    }
    this.size = result.validEnd;
    return { truncatedBytes, nextOffset: result.nextOffset };
  }

  private async rebuildIndexes(validate: boolean, onBatch?: RecoveredBatchListener, end = this.size): Promise<{ validEnd: number; nextOffset: number }> {
    const oi = (this.offsetIdx ??= OffsetIndex.create(this.path(INDEX_SUFFIX), this.baseOffset, this.settings.segmentIndexBytes));
    const ti = (this.timeIdx ??= TimeIndex.create(this.path(TIME_INDEX_SUFFIX), this.baseOffset, this.settings.segmentIndexBytes));
    oi.reset();
    ti.reset();
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = -1;
    this.bytesSinceLastIndexEntry = 0;
    this.rollingBasedTimestamp = null;
    let nextOffset = this.baseOffset;
    const scan = await scanBatches(this.handle, 0, end, { wholeBatches: validate, checkCrc: validate }, (b) => {
      if (validate && (b.baseOffset < nextOffset || !this.canHold(b.lastOffset))) {
        return `batch offsets ${b.baseOffset}..${b.lastOffset} out of order after ${nextOffset - 1}`;
      }
      if (b.position === 0) this.rollingBasedTimestamp = b.maxTimestamp;
      this.indexBatches(0, [{ at: b.position, size: b.size, lastOffset: b.lastOffset, maxTimestamp: b.maxTimestamp }]);
      nextOffset = b.lastOffset + 1;
      onBatch?.(b);
      return true;
    });
    return { validEnd: scan.validEnd, nextOffset };
  }

  /**
   * Removes every batch holding an offset >= `offset` (Kafka's `LogSegment.truncateTo`); returns the bytes
   * removed. The cut is at a batch boundary, so a batch straddling `offset` goes entirely.
   */
  async truncateTo(offset: number): Promise<number> {
    await this.ensureIndexes();
    const at = await this.translateOffset(offset);
    if (!at) return 0;
    const removed = this.size - at.position;
    this.oidx.truncateTo(offset);
    this.tidx.truncateTo(offset);
    await this.handle.truncate(at.position);
    this.size = at.position;
    this.bytesSinceLastIndexEntry = 0;
    await this.recomputeMaxTimestamp();
    if (this.size === 0) this.rollingBasedTimestamp = null;
    return removed;
  }

  /** After a truncation: the time index's last entry, then every batch after the last offset-index entry. */
  private async recomputeMaxTimestamp(): Promise<void> {
    const last = this.tidx.lastEntry;
    this.maxTimestamp = last.timestamp;
    this.offsetOfMaxTimestamp = last.timestamp >= 0 ? last.offset : -1;
    const from = this.oidx.lookup(last.offset).position;
    await scanBatches(this.handle, from, this.size, { wholeBatches: false, checkCrc: false }, (b) => {
      if (b.maxTimestamp > this.maxTimestamp) {
        this.maxTimestamp = b.maxTimestamp;
        this.offsetOfMaxTimestamp = b.lastOffset;
      }
    });
  }

  // ---- lifecycle --------------------------------------------------------------------------------------------

  /** Opens the index files of the (new) active segment for in-place writes. */
  async becomeActive(): Promise<void> {
    await this.ensureIndexes();
    await this.oidx.openForAppend();
    await this.tidx.openForAppend();
    if (this.rollingBasedTimestamp === null && this.size > 0) {
      // Kafka's loadFirstBatchTimestamp: segment.ms counts from the first batch's max timestamp.
      await scanBatches(this.handle, 0, this.size, { wholeBatches: false, checkCrc: false }, (b) => {
        this.rollingBasedTimestamp = b.maxTimestamp;
        return false;
      });
    }
  }

  /**
   * The segment stops being the active one: record the final max timestamp in the time index, trim both
   * index files and the preallocated `.log` (Kafka's `onBecomeInactiveSegment`).
   */
  async onBecomeInactive(fsync = false): Promise<void> {
    await this.ensureIndexes();
    if (this.maxTimestamp >= 0) this.tidx.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp, true);
    await this.oidx.trimAndClose(fsync);
    await this.tidx.trimAndClose(fsync);
    if (this.settings.initFileSize > 0) await this.handle.truncate(this.size);
  }

  /** Max timestamp of the first batch (-1 if empty): when the segment's oldest data was written. */
  async firstBatchTimestamp(): Promise<number> {
    if (this.rollingBasedTimestamp !== null) return this.rollingBasedTimestamp;
    let ts = -1;
    await scanBatches(this.handle, 0, this.size, { wholeBatches: false, checkCrc: false }, (b) => {
      ts = b.maxTimestamp;
      return false;
    });
    return ts;
  }

  /** fsyncs the `.log` and writes pending index entries (Kafka's `LogSegment.flush`). */
  async flush(): Promise<void> {
    const pending = this.unflushedBytes;
    await this.handle.datasync();
    this.unflushedBytes = Math.max(0, this.unflushedBytes - pending);
    await this.offsetIdx?.sync(true);
    await this.timeIdx?.sync(true);
  }

  /** Clean close: trims like a roll, then closes every file. */
  async close(): Promise<void> {
    if (this.offsetIdx && this.timeIdx) await this.onBecomeInactive();
    await this.handle.close();
  }

  /** Closes files without writing anything (the segment is being deleted or the log abandoned). */
  async closeHandles(): Promise<void> {
    await this.offsetIdx?.closeHandle();
    await this.timeIdx?.closeHandle();
    await this.handle.close().catch(() => undefined);
  }

  /** Renames the segment's files to carry `suffix` (`.deleted`, `.swap`, `''`...). */
  async changeSuffix(suffix: string): Promise<void> {
    const kinds = [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX];
    for (const kind of kinds) {
      const from = this.path(kind);
      const to = segmentFile(this.dir, this.baseOffset, kind, suffix);
      await rename(from, to).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    this.suffix = suffix;
    if (this.offsetIdx) this.offsetIdx.path = this.path(INDEX_SUFFIX);
    if (this.timeIdx) this.timeIdx.path = this.path(TIME_INDEX_SUFFIX);
  }

  /** Removes the segment's files (whatever their suffix). */
  async deleteFiles(): Promise<void> {
    await this.closeHandles();
    for (const kind of [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX]) await rm(this.path(kind), { force: true });
  }
}

/** Writes all of `data` at `position`, looping over short writes. */
export async function writeFully(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

/** Reads `size` bytes at `position` of a segment file. */
export async function readSegmentBytes(handle: FileHandle, position: number, size: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(size);
  const n = await readFully(handle, buf, size, position);
  return n === size ? buf : buf.subarray(0, n);
}
