import { INDEX_SUFFIX, TIME_INDEX_SUFFIX, segmentFile } from './file-names.js';
import { OffsetIndex, type OffsetPosition } from './offset-index.js';
import { TimeIndex } from './time-index.js';

/** What indexing needs of one batch. */
export interface IndexedBatch {
  /** Position of the batch relative to `position` given to {@link SegmentIndexes.index}. */
  readonly at: number;
  readonly size: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
}

/**
 * A segment's two sparse indexes and the running state Kafka's `LogSegment` keeps beside them: the largest
 * timestamp seen (and the last offset of its batch), and the bytes since the last index entry.
 */
export class SegmentIndexes {
  /** Largest timestamp in the segment (-1 if none) and the last offset of the batch carrying it. */
  maxTimestamp = -1;
  offsetOfMaxTimestamp = -1;
  private bytesSinceLastEntry = 0;

  private constructor(
    readonly offsets: OffsetIndex,
    readonly times: TimeIndex,
  ) {
    const last = times.lastEntry;
    if (last.timestamp >= 0) {
      this.maxTimestamp = last.timestamp;
      this.offsetOfMaxTimestamp = last.offset;
    }
  }

  /** Empty indexes for a new segment (files are created by {@link SegmentIndexes.openForAppend}). */
  static create(dir: string, baseOffset: number, suffix: string, maxIndexSize: number): SegmentIndexes {
    return new SegmentIndexes(
      OffsetIndex.create(segmentFile(dir, baseOffset, INDEX_SUFFIX, suffix), baseOffset, maxIndexSize),
      TimeIndex.create(segmentFile(dir, baseOffset, TIME_INDEX_SUFFIX, suffix), baseOffset, maxIndexSize),
    );
  }

  /** Loads a segment's index files; `null` if either is missing or fails Kafka's sanity check. */
  static async load(dir: string, baseOffset: number, suffix: string, maxIndexSize: number): Promise<SegmentIndexes | null> {
    const [oi, ti] = await Promise.all([
      OffsetIndex.load(segmentFile(dir, baseOffset, INDEX_SUFFIX, suffix), baseOffset, maxIndexSize),
      TimeIndex.load(segmentFile(dir, baseOffset, TIME_INDEX_SUFFIX, suffix), baseOffset, maxIndexSize),
    ]);
    return oi && ti ? new SegmentIndexes(oi, ti) : null;
  }

  /** Indexes batches written at `position` (Kafka's per-batch rule: an entry once `index.interval.bytes` passed). */
  index(position: number, batches: readonly IndexedBatch[], intervalBytes: number): void {
    for (const b of batches) {
      if (b.maxTimestamp > this.maxTimestamp) {
        this.maxTimestamp = b.maxTimestamp;
        this.offsetOfMaxTimestamp = b.lastOffset;
      }
      if (this.bytesSinceLastEntry > intervalBytes) {
        this.offsets.append(b.lastOffset, position + b.at);
        this.times.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
        this.bytesSinceLastEntry = 0;
      }
      this.bytesSinceLastEntry += b.size;
    }
  }

  /** Forgets everything (before a rebuild). */
  reset(): void {
    this.offsets.reset();
    this.times.reset();
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = -1;
    this.bytesSinceLastEntry = 0;
  }

  /** Drops entries for offsets >= `offset`; the max timestamp falls back to the time index's last entry. */
  truncateTo(offset: number): void {
    this.offsets.truncateTo(offset);
    this.times.truncateTo(offset);
    const last = this.times.lastEntry;
    this.maxTimestamp = last.timestamp;
    this.offsetOfMaxTimestamp = last.timestamp >= 0 ? last.offset : -1;
    this.bytesSinceLastEntry = 0;
  }

  /** Raises the max timestamp if `timestamp` is above it (used while rescanning after a truncation). */
  observe(timestamp: number, lastOffset: number): void {
    if (timestamp > this.maxTimestamp) {
      this.maxTimestamp = timestamp;
      this.offsetOfMaxTimestamp = lastOffset;
    }
  }

  lookup(offset: number): OffsetPosition {
    return this.offsets.lookup(offset);
  }

  /** Position to scan from for the first record at or after `timestamp` (time index, then offset index). */
  positionForTimestamp(timestamp: number, startingOffset: number): number {
    const entry = this.times.lookup(timestamp);
    return this.offsets.lookup(Math.max(entry.offset, startingOffset)).position;
  }

  /** True if an index is full: the segment must roll (Kafka's `offsetIndex.isFull || timeIndex.isFull`). */
  isFull(): boolean {
    return this.offsets.isFull() || this.times.isFull();
  }

  /** Kafka adds the final max timestamp to the time index when a segment stops being active. */
  addFinalTimeEntry(): void {
    if (this.maxTimestamp >= 0) this.times.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp, true);
  }

  setPaths(dir: string, baseOffset: number, suffix: string): void {
    this.offsets.path = segmentFile(dir, baseOffset, INDEX_SUFFIX, suffix);
    this.times.path = segmentFile(dir, baseOffset, TIME_INDEX_SUFFIX, suffix);
  }

  async openForAppend(): Promise<void> {
    await this.offsets.openForAppend();
    await this.times.openForAppend();
  }

  async sync(fsync: boolean): Promise<void> {
    await this.offsets.sync(fsync);
    await this.times.sync(fsync);
  }

  async trimAndClose(fsync: boolean): Promise<void> {
    await this.offsets.trimAndClose(fsync);
    await this.times.trimAndClose(fsync);
  }

  async writeWhole(fsync: boolean): Promise<void> {
    await this.offsets.writeWhole(fsync);
    await this.times.writeWhole(fsync);
  }

  async closeHandles(): Promise<void> {
    await this.offsets.closeHandle();
    await this.times.closeHandle();
  }
}
