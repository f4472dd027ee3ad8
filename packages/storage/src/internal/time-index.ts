import { IndexFile } from './index-file.js';

/** A timestamp and the offset it was reached at (Kafka's `TimestampOffset`). */
export interface TimestampOffset {
  timestamp: number;
  offset: number;
}

const ENTRY = 12;

/**
 * Kafka's `.timeindex`: 12-byte entries (int64 timestamp, int32 offset relative to the segment's base),
 * appended only when the segment's max timestamp grows. Each maps the largest timestamp seen so far to the
 * last offset of the batch that carried it.
 */
export class TimeIndex extends IndexFile {
  private constructor(path: string, baseOffset: number, maxIndexSize: number, initial?: Buffer) {
    super(path, baseOffset, maxIndexSize, ENTRY, initial);
  }

  static create(path: string, baseOffset: number, maxIndexSize: number): TimeIndex {
    return new TimeIndex(path, baseOffset, maxIndexSize);
  }

  /** Loads a closed segment's time index; `null` if missing or failing the sanity check. */
  static async load(path: string, baseOffset: number, maxIndexSize: number): Promise<TimeIndex | null> {
    const data = await IndexFile.readEntries(path, ENTRY);
    if (!data) return null;
    const index = new TimeIndex(path, baseOffset, Math.max(maxIndexSize, data.length + ENTRY), data);
    return index.isSane() ? index : null;
  }

  private tsAt(i: number): number {
    const hi = this.buf.readInt32BE(i * ENTRY);
    return hi * 0x100000000 + this.buf.readUInt32BE(i * ENTRY + 4);
  }

  private relAt(i: number): number {
    return this.buf.readInt32BE(i * ENTRY + 8);
  }

  private isSane(): boolean {
    let prevTs = -Infinity;
    let prevRel = -1;
    for (let i = 0; i < this.count; i++) {
      const ts = this.tsAt(i);
      const rel = this.relAt(i);
      if (ts <= prevTs || rel < prevRel || rel < 0) return false;
      prevTs = ts;
      prevRel = rel;
    }
    return true;
  }

  /** One slot stays free so the final entry written on roll always fits (Kafka: `entries >= maxEntries - 1`). */
  override isFull(): boolean {
    return this.count >= this.maxEntries - 1;
  }

  /** The last entry, or (-1, base offset) when empty. */
  get lastEntry(): TimestampOffset {
    if (this.count === 0) return { timestamp: -1, offset: this.baseOffset };
    return { timestamp: this.tsAt(this.count - 1), offset: this.baseOffset + this.relAt(this.count - 1) };
  }

  /** Appends (timestamp, offset) if the timestamp is above the last entry's (Kafka's `maybeAppend`). */
  maybeAppend(timestamp: number, offset: number, skipFullCheck = false): void {
    // NO_TIMESTAMP (-1) and other negative values are never indexed.
    if (timestamp < 0 || (!skipFullCheck && this.isFull())) return;
    if (this.count >= this.maxEntries) return;
    if (this.count > 0 && (timestamp <= this.lastEntry.timestamp || offset < this.lastEntry.offset)) return;
    const at = this.slot();
    const hi = Math.floor(timestamp / 0x100000000);
    this.buf.writeInt32BE(hi, at);
    this.buf.writeUInt32BE(timestamp - hi * 0x100000000, at + 4);
    this.buf.writeInt32BE(offset - this.baseOffset, at + 8);
  }

  /** The entry with the largest timestamp <= `timestamp`, or (-1, base offset). */
  lookup(timestamp: number): TimestampOffset {
    const i = this.floorSlot(timestamp, (k) => this.tsAt(k));
    return i < 0 ? { timestamp: -1, offset: this.baseOffset } : { timestamp: this.tsAt(i), offset: this.baseOffset + this.relAt(i) };
  }

  /** Removes entries for offsets >= `offset`. */
  truncateTo(offset: number): void {
    let keep = this.count;
    while (keep > 0 && this.baseOffset + this.relAt(keep - 1) >= offset) keep--;
    this.truncateEntries(keep);
  }
}
