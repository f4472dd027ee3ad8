/**
 * Where each batch appended to the active segment in this process sits: base offset, last offset and file
 * position, in growable typed arrays (24 bytes a batch, no per-record cost). Reads near the log end (a
 * consumer tailing the log, a follower fetching) are answered from it without reading batch headers from the
 * file. It covers the batches appended since the segment became active; older ones go through the index.
 */
export class BatchTable {
  private bases = new Float64Array(256);
  private lasts = new Float64Array(256);
  private positions = new Float64Array(256);
  private count = 0;
  /** Set when recording stopped at the memory bound: the table no longer reaches the segment end. */
  private full = false;
  /** Covers the batches at file positions from here on (what was appended while the segment was active). */
  private fromPosition: number;

  /** Stops recording past this many batches (memory bound); lookups then use the index. */
  static readonly MAX_BATCHES = 1 << 20;

  constructor(fromPosition: number) {
    this.fromPosition = fromPosition;
  }

  get size(): number {
    return this.count;
  }

  record(baseOffset: number, lastOffset: number, position: number): void {
    if (this.full) return;
    if (this.count === BatchTable.MAX_BATCHES) {
      this.full = true;
      return;
    }
    if (this.count === this.bases.length) this.grow();
    this.bases[this.count] = baseOffset;
    this.lasts[this.count] = lastOffset;
    this.positions[this.count] = position;
    this.count++;
  }

  private grow(): void {
    const n = this.bases.length * 2;
    const grow = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.bases = grow(this.bases);
    this.lasts = grow(this.lasts);
    this.positions = grow(this.positions);
  }

  /**
   * The batch holding `offset` (first batch whose last offset is >= it) at or after `fromPosition`, if the
   * table can answer: the offset must be at or after the first recorded batch's base (every batch before the
   * table ends below it). `segmentSize` closes the last batch.
   */
  locate(offset: number, fromPosition: number, segmentSize: number): { baseOffset: number; lastOffset: number; position: number; size: number } | null {
    if (this.count === 0 || this.full || offset < this.bases[0]!) return null;
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lasts[mid]! >= offset) {
        found = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    if (found < 0) return null;
    while (found < this.count && this.positions[found]! < fromPosition) found++;
    if (found >= this.count) return null;
    const position = this.positions[found]!;
    const end = found + 1 < this.count ? this.positions[found + 1]! : segmentSize;
    return { baseOffset: this.bases[found]!, lastOffset: this.lasts[found]!, position, size: end - position };
  }

  /**
   * The end of the last recorded batch that ends at or before `limit`, if `from` is a recorded batch boundary
   * (or the end of the last one); `null` if the table cannot answer.
   */
  lastBoundaryBefore(from: number, limit: number, segmentSize: number): number | null {
    if (this.count === 0 || this.full || from < this.positions[0]!) return null;
    // Boundaries are the recorded positions plus the segment end.
    let lo = 0;
    let hi = this.count;
    let best = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const boundary = mid < this.count ? this.positions[mid]! : segmentSize;
      if (boundary <= limit) {
        best = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (best < 0) return from;
    const boundary = best < this.count ? this.positions[best]! : segmentSize;
    return Math.max(from, boundary);
  }

  /** Forgets batches at or after file position `position` (the segment was truncated there). */
  truncateAt(position: number): void {
    while (this.count > 0 && this.positions[this.count - 1]! >= position) this.count--;
    if (this.count === 0) this.fromPosition = Math.min(this.fromPosition, position);
  }
}
