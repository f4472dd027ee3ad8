import { constants } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';

/**
 * Common body of Kafka's sparse segment indexes (`.index`, `.timeindex`): fixed-size big-endian entries kept
 * in memory (Kafka maps the file; we hold a buffer) and written to the file in place.
 *
 * The file of the active segment is preallocated to `segment.index.bytes` when created and trimmed to its
 * entries when the segment is rolled or closed, as Kafka does. New entries reach the file on
 * {@link IndexFile.sync} (segment flush), roll and close: the active segment's index is always rebuilt by
 * recovery after an unclean shutdown, so it need not be on disk before then.
 */
export abstract class IndexFile {
  /** Entries [0, entries) are valid, `entrySize` bytes each. */
  protected buf: Buffer;
  protected count = 0;
  /** Entries already written to the file (a prefix of the valid ones). */
  private written = 0;
  private handle: FileHandle | null = null;
  readonly maxEntries: number;

  protected constructor(
    public path: string,
    readonly baseOffset: number,
    maxIndexSize: number,
    protected readonly entrySize: number,
    initial?: Buffer,
  ) {
    this.maxEntries = Math.max(1, Math.floor(maxIndexSize / entrySize));
    if (initial) {
      this.buf = initial;
      this.count = Math.floor(initial.length / entrySize);
      this.written = this.count;
    } else {
      this.buf = Buffer.alloc(Math.min(this.maxEntries * entrySize, 64 * entrySize));
    }
  }

  /** Reads an index file fully; `null` if it is missing or its length is not a whole number of entries. */
  protected static async readEntries(path: string, entrySize: number): Promise<Buffer | null> {
    try {
      const data = await readFile(path);
      return data.length % entrySize === 0 ? data : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  get entries(): number {
    return this.count;
  }

  get sizeInBytes(): number {
    return this.count * this.entrySize;
  }

  /** True when no further entry fits (Kafka's `isFull`). */
  isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  /** Opens the file for in-place writes and preallocates it to `maxEntries` entries (sparse). */
  async openForAppend(): Promise<void> {
    if (this.handle) return;
    this.handle = await open(this.path, constants.O_RDWR | constants.O_CREAT);
    await this.handle.truncate(this.maxEntries * this.entrySize);
    // Bytes past the valid entries may be stale: rewrite from the first unwritten one.
    this.written = Math.min(this.written, this.count);
  }

  protected slot(): number {
    if (this.count * this.entrySize >= this.buf.length) {
      const grown = Buffer.alloc(Math.min(this.buf.length * 2 || this.entrySize * 64, this.maxEntries * this.entrySize));
      this.buf.copy(grown, 0, 0, this.count * this.entrySize);
      this.buf = grown;
    }
    return this.count++ * this.entrySize;
  }

  /** Drops entries from `keep` on. */
  protected truncateEntries(keep: number): void {
    if (keep >= this.count) return;
    this.count = Math.max(0, keep);
    this.written = Math.min(this.written, this.count);
  }

  /** Removes every entry. */
  reset(): void {
    this.truncateEntries(0);
  }

  /** Writes entries not yet in the file; with `fsync`, makes them durable. */
  async sync(fsync: boolean): Promise<void> {
    if (!this.handle) return;
    if (this.written < this.count) {
      const from = this.written * this.entrySize;
      const to = this.count * this.entrySize;
      await this.handle.write(this.buf, from, to - from, from);
      this.written = this.count;
    }
    if (fsync) await this.handle.datasync();
  }

  /** Writes pending entries, cuts the file to its entries and closes it (roll or clean close). */
  async trimAndClose(fsync: boolean): Promise<void> {
    if (!this.handle) return;
    await this.sync(false);
    await this.handle.truncate(this.count * this.entrySize);
    if (fsync) await this.handle.datasync();
    await this.handle.close();
    this.handle = null;
  }

  /** Closes the file without trimming (the log is being deleted or abandoned). */
  async closeHandle(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.close();
  }

  /** Writes all entries to a fresh, trimmed file at `path` (after a rebuild of a closed segment's index). */
  async writeWhole(fsync: boolean): Promise<void> {
    await this.closeHandle();
    const fh = await open(this.path, 'w');
    try {
      await fh.write(this.buf, 0, this.count * this.entrySize, 0);
      if (fsync) await fh.datasync();
    } finally {
      await fh.close();
    }
    this.written = this.count;
  }

  /** Index of the last entry whose key (read by `keyAt`) is <= `target`, or -1. */
  protected floorSlot(target: number, keyAt: (i: number) => number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (keyAt(mid) <= target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
