import { IndexFile } from './index-file.js';

/** An offset and the file position of the batch that holds it (Kafka's `OffsetPosition`). */
export interface OffsetPosition {
  offset: number;
  position: number;
}

const ENTRY = 8;

/**
 * Kafka's `.index`: sparse 8-byte entries (int32 offset relative to the segment's base, int32 file position).
 * Each entry maps the last offset of a batch to the position where that batch starts.
 */
export class OffsetIndex extends IndexFile {
  private constructor(path: string, baseOffset: number, maxIndexSize: number, initial?: Buffer) {
    super(path, baseOffset, maxIndexSize, ENTRY, initial);
  }

  /** A new empty index for a new segment. */
  static create(path: string, baseOffset: number, maxIndexSize: number): OffsetIndex {
    return new OffsetIndex(path, baseOffset, maxIndexSize);
  }

  /** Loads a closed segment's index; `null` if missing or failing Kafka's sanity check (then rebuild it). */
  static async load(path: string, baseOffset: number, maxIndexSize: number): Promise<OffsetIndex | null> {
    const data = await IndexFile.readEntries(path, ENTRY);
    if (!data) return null;
    const index = new OffsetIndex(path, baseOffset, Math.max(maxIndexSize, data.length), data);
    return index.isSane() ? index : null;
  }

  private relAt(i: number): number {
    return this.buf.readInt32BE(i * ENTRY);
  }

  private posAt(i: number): number {
    return this.buf.readInt32BE(i * ENTRY + 4);
  }

  /** Offsets and positions strictly increase and are non-negative. */
  private isSane(): boolean {
    let prevRel = -1;
    let prevPos = -1;
    for (let i = 0; i < this.count; i++) {
      const rel = this.relAt(i);
      const pos = this.posAt(i);
      if (rel <= prevRel || pos <= prevPos) return false;
      prevRel = rel;
      prevPos = pos;
    }
    return true;
  }

  /** The last indexed offset (the base offset when empty). */
  get lastOffset(): number {
    return this.count === 0 ? this.baseOffset : this.baseOffset + this.relAt(this.count - 1);
  }

  /**
   * Appends an entry; ignored unless `offset` is above the last one, and when the index is full (one append
   * of many batches can fill it midway; the index only gets sparser, lookups stay right).
   */
  append(offset: number, position: number): void {
    if (this.isFull() || (this.count > 0 && offset <= this.lastOffset)) return;
    const at = this.slot();
    this.buf.writeInt32BE(offset - this.baseOffset, at);
    this.buf.writeInt32BE(position, at + 4);
  }

  /** The entry with the largest offset <= `target`, or (base offset, 0). */
  lookup(target: number): OffsetPosition {
    const i = this.floorSlot(target - this.baseOffset, (k) => this.relAt(k));
    return i < 0 ? { offset: this.baseOffset, position: 0 } : { offset: this.baseOffset + this.relAt(i), position: this.posAt(i) };
  }

  /** The largest indexed batch position <= `position` (0 if none). */
  floorPosition(position: number): number {
    const i = this.floorSlot(position, (k) => this.posAt(k));
    return i < 0 ? 0 : this.posAt(i);
  }

  /** Removes entries for offsets >= `offset` (Kafka's `truncateTo`). */
  truncateTo(offset: number): void {
    const i = this.floorSlot(offset - this.baseOffset - 1, (k) => this.relAt(k));
    this.truncateEntries(i + 1);
  }
}
