// An ordered map keyed by strings, ordered by JavaScript's string comparison. The stores key it by the latin1
// form of the key bytes: latin1 maps each byte to one UTF-16 code unit below 256, so string order is exactly
// unsigned byte order (RocksDB's and LevelDB's default comparator) - prefixes included. Point operations are a
// hash-map lookup; order is kept in a list of sorted chunks (a small B-tree of one level), so inserting a new
// key costs a binary search and a splice of at most CHUNK entries, and a range costs O(log n + k).

const CHUNK = 512;

/** Bounds of a range: both optional and inclusive, as the stores' `range(from, to)`. */
export interface StringRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly reverse?: boolean | undefined;
}

export class SortedStringMap<V> {
  readonly #map = new Map<string, V>();
  // Sorted chunks of keys; every chunk non-empty; chunk i's keys all precede chunk i+1's.
  #chunks: string[][] = [];

  get size(): number {
    return this.#map.size;
  }

  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  set(key: string, value: V): void {
    if (!this.#map.has(key)) this.#insertKey(key);
    this.#map.set(key, value);
  }

  delete(key: string): boolean {
    if (!this.#map.delete(key)) return false;
    const ci = this.#chunkFor(key);
    const chunk = this.#chunks[ci]!;
    chunk.splice(lowerBound(chunk, key), 1);
    if (chunk.length === 0) this.#chunks.splice(ci, 1);
    return true;
  }

  clear(): void {
    this.#map.clear();
    this.#chunks = [];
  }

  /** Entries in [from, to] (inclusive bounds, each optional), in key order or reversed: a snapshot array. */
  range(range: StringRange = {}): Array<[string, V]> {
    const out: Array<[string, V]> = [];
    const { from, to } = range;
    if (from !== undefined && to !== undefined && from > to) return out;
    let ci = from === undefined ? 0 : this.#chunkFor(from);
    let i = from === undefined || ci >= this.#chunks.length ? 0 : lowerBound(this.#chunks[ci]!, from);
    for (; ci < this.#chunks.length; ci++, i = 0) {
      const chunk = this.#chunks[ci]!;
      for (; i < chunk.length; i++) {
        const k = chunk[i]!;
        if (to !== undefined && k > to) return finish(out, range.reverse);
        out.push([k, this.#map.get(k) as V]);
      }
    }
    return finish(out, range.reverse);
  }

  /** The keys in order (for tests and debugging). */
  keys(): string[] {
    return this.#chunks.flat();
  }

  /** The first and last key, or undefined when empty. */
  firstKey(): string | undefined {
    return this.#chunks[0]?.[0];
  }

  lastKey(): string | undefined {
    const last = this.#chunks[this.#chunks.length - 1];
    return last?.[last.length - 1];
  }

  #insertKey(key: string): void {
    if (this.#chunks.length === 0) {
      this.#chunks.push([key]);
      return;
    }
    const ci = Math.min(this.#chunkFor(key), this.#chunks.length - 1);
    const chunk = this.#chunks[ci]!;
    chunk.splice(lowerBound(chunk, key), 0, key);
    if (chunk.length > 2 * CHUNK) this.#chunks.splice(ci + 1, 0, chunk.splice(CHUNK));
  }

  /** Index of the first chunk whose last key is >= key (chunks.length when key is past every key). */
  #chunkFor(key: string): number {
    let lo = 0;
    let hi = this.#chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.#chunks[mid]!;
      if (chunk[chunk.length - 1]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function finish<T>(out: T[], reverse: boolean | undefined): T[] {
  return reverse === true ? out.reverse() : out;
}

/** First index whose element is >= key. */
function lowerBound(arr: readonly string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The latin1 string whose order equals the byte order of `bytes`. */
export function keyString(bytes: Buffer): string {
  return bytes.toString('latin1');
}

/** The bytes of a latin1 key string. */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}
