/**
 * The cleaner's key → latest offset map (Kafka's `SkimpyOffsetMap`). Kafka stores 16-byte MD5 hashes in a
 * fixed buffer; we key a JS `Map` by the exact key bytes (no collisions) and bound it by the entry count the
 * configured `log.cleaner.dedupe.buffer.size` gives in Kafka's terms (24 bytes an entry, times the load
 * factor).
 */
export class OffsetMap {
  private readonly map = new Map<string, number>();
  /** The last offset the map covers (Kafka's `latestOffset`); -1 when empty. */
  latestOffset = -1;

  constructor(readonly maxEntries: number) {}

  static fromBufferSize(dedupeBufferSize: number, loadFactor: number): OffsetMap {
    return new OffsetMap(Math.max(1, Math.floor((dedupeBufferSize / 24) * loadFactor)));
  }

  get size(): number {
    return this.map.size;
  }

  /** True once no new key fits. */
  isFull(): boolean {
    return this.map.size >= this.maxEntries;
  }

  put(key: Buffer, offset: number): void {
    this.map.set(key.toString('latin1'), offset);
    if (offset > this.latestOffset) this.latestOffset = offset;
  }

  /** The latest offset of `key`, or -1. */
  get(key: Buffer): number {
    return this.map.get(key.toString('latin1')) ?? -1;
  }

  clear(): void {
    this.map.clear();
    this.latestOffset = -1;
  }
}
