import { constants } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX, segmentFile } from './file-names.js';
import { SegmentIndexes } from './segment-indexes.js';
import { scanBatches, type BatchInfo, type ScanResult } from './batch-scan.js';
import { BatchTable } from './batch-table.js';

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
  readonly baseOffset: number;
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
  private idx: SegmentIndexes | null = null;
  private indexLoad: Promise<void> | null = null;
  /** Max timestamp of the first batch: `segment.ms` counts from it (Kafka's `rollingBasedTimestamp`). */
  rollingBasedTimestamp: number | null = null;
  /** Random jitter subtracted from `segment.ms` for this segment. */
  rollJitterMs = 0;
  /** Set once the segment's files are scheduled for deletion; I/O errors after that are expected. */
  deleted = false;
  /** Positions of the batches appended while active (fast lookups near the log end); null when inactive. */
  private table: BatchTable | null = null;

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

  /** Creates a new empty segment: its `.log` file and its index files, preallocated. */
  static async create(dir: string, baseOffset: number, settings: SegmentSettings, now: number, suffix = ''): Promise<LogSegment> {
    const path = segmentFile(dir, baseOffset, LOG_SUFFIX, suffix);
    const handle = await open(path, constants.O_RDWR | constants.O_CREAT | constants.O_TRUNC);
    if (settings.initFileSize > 0) await handle.truncate(settings.initFileSize);
    const seg = new LogSegment(dir, baseOffset, handle, 0, settings, now, suffix);
    seg.idx = SegmentIndexes.create(dir, baseOffset, suffix, settings.segmentIndexBytes);
    await seg.idx.openForAppend();
    seg.table = new BatchTable(0);
    return seg;
  }

  /** Opens an existing segment; its size is the file's length until recovery says otherwise. */
  static async open(dir: string, baseOffset: number, settings: SegmentSettings, now: number, suffix = ''): Promise<LogSegment> {
    const handle = await open(segmentFile(dir, baseOffset, LOG_SUFFIX, suffix), constants.O_RDWR);
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

  private scanHeaders(from: number, visit: (b: BatchInfo) => boolean | void): Promise<ScanResult> {
    return scanBatches(this.handle, from, this.size, { wholeBatches: false, checkCrc: false }, visit);
  }

  // ---- indexes --------------------------------------------------------------------------------------------

  /** The indexes, loaded on first use for a closed segment (rebuilt from the log if missing or corrupt). */
  async indexes(): Promise<SegmentIndexes> {
    if (!this.idx) {
      this.indexLoad ??= this.loadIndexes();
      await this.indexLoad;
    }
    return this.idx!;
  }

  private async loadIndexes(): Promise<void> {
    const loaded = await SegmentIndexes.load(this.dir, this.baseOffset, this.suffix, this.settings.segmentIndexBytes);
    if (loaded && loaded.offsets.lastOffset >= this.baseOffset) {
      this.idx = loaded;
      return;
    }
    // Kafka rebuilds a missing or corrupt index from the log (the log itself is trusted here).
    await this.rebuildIndexes(false);
    await this.persistClosedIndexes();
  }

  /** Writes a closed segment's indexes as whole, trimmed files with the final time entry (after a rebuild). */
  async persistClosedIndexes(): Promise<void> {
    const idx = await this.indexes();
    idx.addFinalTimeEntry();
    await idx.writeWhole(true);
  }

  /** True if an index is full: the segment must roll. */
  indexesFull(): boolean {
    return this.idx?.isFull() ?? false;
  }

  /** Largest timestamp of the segment, or -1 when it has none (the caller falls back to the file's mtime). */
  async largestTimestamp(): Promise<number> {
    return (await this.indexes()).maxTimestamp;
  }

  /** Max timestamp of the segment and the last offset of its batch (-1, -1 if none). */
  async maxTimestampAndOffset(): Promise<{ timestamp: number; offset: number }> {
    const idx = await this.indexes();
    return { timestamp: idx.maxTimestamp, offset: idx.offsetOfMaxTimestamp };
  }

  /** Last modification time of the `.log` file (Kafka's `lastModified`), in ms. */
  async lastModified(): Promise<number> {
    return (await stat(this.path(LOG_SUFFIX))).mtimeMs;
  }

  /** Bytes the segment's index files take (for the cleaner's grouping). */
  get indexSizes(): { offsetIndex: number; timeIndex: number } {
    return { offsetIndex: this.idx?.offsets.sizeInBytes ?? 0, timeIndex: this.idx?.times.sizeInBytes ?? 0 };
  }

  // ---- append ---------------------------------------------------------------------------------------------

  /** Writes `data` (whole batches, offsets already assigned) at the end and indexes its batches. */
  async append(data: Buffer, batches: readonly AppendedBatch[]): Promise<void> {
    const position = this.size;
    await writeFully(this.handle, data, position);
    if (position === 0) this.rollingBasedTimestamp = batches[0]?.maxTimestamp ?? null;
    this.idx!.index(position, batches, this.settings.indexIntervalBytes);
    if (this.table) for (const b of batches) this.table.record(b.baseOffset, b.lastOffset, position + b.at);
    this.size = position + data.length;
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
    const fast = this.table?.locate(offset, fromPosition, this.size);
    if (fast) return fast;
    const start = Math.max(fromPosition, (await this.indexes()).lookup(offset).position);
    let found: BatchLocation | null = null;
    await this.scanHeaders(start, (b) => {
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
    if (limit >= this.size) return this.size;
    const bound = limit;
    const fast = this.table?.lastBoundaryBefore(from, bound, this.size);
    if (fast !== undefined && fast !== null) return fast;
    let boundary = Math.max(from, (await this.indexes()).offsets.floorPosition(bound));
    if (boundary > bound) return from;
    // An index entry (a batch start) this close to the limit already gives nearly all the room a read asked
    // for: skip the header reads that could add a batch or so between it and the limit.
    if (bound - boundary <= (bound - from) / 16) return boundary;
    await this.scanHeaders(boundary, (b) => {
      if (b.position + b.size > bound) return false;
      boundary = b.position + b.size;
      return true;
    });
    return boundary;
  }

  /** Offset after the last batch (Kafka's `readNextOffset`): scans forward from the last index entry. */
  async readNextOffset(): Promise<number> {
    const idx = await this.indexes();
    let next = this.baseOffset;
    await this.scanHeaders(idx.lookup(idx.offsets.lastOffset).position, (b) => {
      next = b.lastOffset + 1;
    });
    return next;
  }

  /** Visits whole batches from position `from` (reads for the cleaner and timestamp search). */
  async forEachBatch(from: number, visit: (info: BatchInfo, buf: Buffer, at: number) => boolean | void): Promise<ScanResult> {
    return scanBatches(this.handle, from, this.size, { wholeBatches: true, checkCrc: false }, visit);
  }

  /** Where to scan batches from for the first record at or after `timestamp`. */
  async positionForTimestamp(timestamp: number, startingOffset: number): Promise<number> {
    return (await this.indexes()).positionForTimestamp(timestamp, startingOffset);
  }

  /** Max timestamp of the first batch (-1 if empty): when the segment's oldest data was written. */
  async firstBatchTimestamp(): Promise<number> {
    if (this.rollingBasedTimestamp !== null) return this.rollingBasedTimestamp;
    let ts = -1;
    await this.scanHeaders(0, (b) => {
      ts = b.maxTimestamp;
      return false;
    });
    return ts;
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
    const idx = (this.idx ??= SegmentIndexes.create(this.dir, this.baseOffset, this.suffix, this.settings.segmentIndexBytes));
    idx.reset();
    this.rollingBasedTimestamp = null;
    let nextOffset = this.baseOffset;
    const scan = await scanBatches(this.handle, 0, end, { wholeBatches: validate, checkCrc: validate }, (b) => {
      if (validate && (b.baseOffset < nextOffset || !this.canHold(b.lastOffset))) {
        return `batch offsets ${b.baseOffset}..${b.lastOffset} out of order after ${nextOffset - 1}`;
      }
      if (b.position === 0) this.rollingBasedTimestamp = b.maxTimestamp;
      idx.index(0, [{ at: b.position, size: b.size, lastOffset: b.lastOffset, maxTimestamp: b.maxTimestamp }], this.settings.indexIntervalBytes);
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
    const idx = await this.indexes();
    const at = await this.translateOffset(offset);
    if (!at) return 0;
    const removed = this.size - at.position;
    idx.truncateTo(offset);
    await this.handle.truncate(at.position);
    this.size = at.position;
    this.table?.truncateAt(at.position);
    // The time index is sparse: rescan the batches after its last entry for the true max timestamp.
    await this.scanHeaders(idx.lookup(idx.times.lastEntry.offset).position, (b) => idx.observe(b.maxTimestamp, b.lastOffset));
    if (this.size === 0) this.rollingBasedTimestamp = null;
    return removed;
  }

  // ---- lifecycle --------------------------------------------------------------------------------------------

  /** Opens the index files of the (new) active segment for in-place writes. */
  async becomeActive(): Promise<void> {
    await (await this.indexes()).openForAppend();
    this.table ??= new BatchTable(this.size);
    if (this.rollingBasedTimestamp === null && this.size > 0) this.rollingBasedTimestamp = await this.firstBatchTimestamp();
  }

  /**
   * The segment stops being the active one: record the final max timestamp in the time index, trim both
   * index files and the preallocated `.log` (Kafka's `onBecomeInactiveSegment`).
   */
  async onBecomeInactive(fsync = false): Promise<void> {
    this.table = null;
    const idx = await this.indexes();
    idx.addFinalTimeEntry();
    await idx.trimAndClose(fsync);
    if (this.settings.initFileSize > 0) await this.handle.truncate(this.size);
  }

  /** fsyncs the `.log` and writes pending index entries (Kafka's `LogSegment.flush`). */
  async flush(): Promise<void> {
    await this.handle.datasync();
    await this.idx?.sync(true);
  }

  /** Clean close: trims like a roll, then closes every file. */
  async close(): Promise<void> {
    if (this.idx) await this.onBecomeInactive();
    await this.handle.close();
  }

  /** Closes files without writing anything (the segment is being deleted or the log abandoned). */
  async closeHandles(): Promise<void> {
    await this.idx?.closeHandles();
    await this.handle.close().catch(() => undefined);
  }

  /** Renames the segment's files to carry `suffix` (`.deleted`, `.swap`, `''`); the `.log` goes last. */
  async changeSuffix(suffix: string): Promise<void> {
    for (const kind of [INDEX_SUFFIX, TIME_INDEX_SUFFIX, LOG_SUFFIX]) {
      await rename(this.path(kind), segmentFile(this.dir, this.baseOffset, kind, suffix)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    this.suffix = suffix;
    this.idx?.setPaths(this.dir, this.baseOffset, suffix);
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
