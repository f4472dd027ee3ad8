// An ordered map keyed by strings, ordered by JavaScript's string comparison. The stores key it by the latin1
// form of the key bytes: latin1 maps each byte to one UTF-16 code unit below 256, so string order is exactly
// unsigned byte order (RocksDB's and LevelDB's default comparator) - prefixes included.
//
// Point operations are one hash-map operation and an array push: the order is maintained lazily. Most users
// (the record cache, LevelDB's pending batch) do point operations all the time and ranges rarely or never, so
// keeping a sorted structure up to date on every insert (a binary search and a splice each) was wasted work -
// it was the record cache's largest cost. Keys inserted or deleted since the last ordered read are logged;
// the next ordered read (range, keys, firstKey, lastKey) folds them into sorted chunks (a one-level B-tree:
// a binary search and a splice per logged key), or re-sorts everything when the log outgrew the map.

const CHUNK = 512;

/** Bounds of a range: both optional and inclusive, as the stores' `range(from, to)`. */
export interface StringRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly reverse?: boolean | undefined;
}

export class SortedStringMap<V> {
  readonly #map = new Map<string, V>();
  // Sorted chunks of keys (every chunk non-empty; chunk i's keys all precede chunk i+1's), valid once the logs
  // below are folded in; undefined when the whole order must be rebuilt from the map.
  #chunks: string[][] | undefined = [];
  // Keys set while absent / deleted while present since the chunks were last synced (may repeat; checked
  // against the map when folded in).
  #added: string[] = [];
  #removed: string[] = [];

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
    const map = this.#map;
    if (!map.has(key) && this.#chunks !== undefined) this.#log(this.#added, key);
    map.set(key, value);
  }

  delete(key: string): boolean {
    if (!this.#map.delete(key)) return false;
    if (this.#chunks !== undefined) this.#log(this.#removed, key);
    return true;
  }

  clear(): void {
    this.#map.clear();
    this.#chunks = [];
    this.#added = [];
    this.#removed = [];
  }

  /** The values in insertion order (no sorting: for callers to whom the order does not matter). */
  values(): IterableIterator<V> {
    return this.#map.values();
  }

  /** Entries in [from, to] (inclusive bounds, each optional), in key order or reversed: a snapshot array. */
  range(range: StringRange = {}): Array<[string, V]> {
    const out: Array<[string, V]> = [];
    const { from, to } = range;
    if (from !== undefined && to !== undefined && from > to) return out;
    const chunks = this.#sorted();
    let ci = from === undefined ? 0 : chunkFor(chunks, from);
    let i = from === undefined || ci >= chunks.length ? 0 : lowerBound(chunks[ci]!, from);
    for (; ci < chunks.length; ci++, i = 0) {
      const chunk = chunks[ci]!;
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
    return this.#sorted().flat();
  }

  /** The first and last key, or undefined when empty. */
  firstKey(): string | undefined {
    return this.#sorted()[0]?.[0];
  }

  lastKey(): string | undefined {
    const chunks = this.#sorted();
    const last = chunks[chunks.length - 1];
    return last?.[last.length - 1];
  }

  #log(log: string[], key: string): void {
    log.push(key);
    // A log longer than the map costs more to fold in than a full sort: drop the order, rebuild it when read.
    if (this.#added.length + this.#removed.length > this.#map.size + CHUNK) {
      this.#chunks = undefined;
      this.#added = [];
      this.#removed = [];
    }
  }

  /** The chunks, brought up to date. */
  #sorted(): string[][] {
    let chunks = this.#chunks;
    if (chunks === undefined) {
      const keys = [...this.#map.keys()].sort();
      chunks = [];
      for (let i = 0; i < keys.length; i += CHUNK) chunks.push(keys.slice(i, i + CHUNK));
      this.#chunks = chunks;
      return chunks;
    }
    if (this.#removed.length > 0) {
      for (const key of this.#removed) if (!this.#map.has(key)) removeKey(chunks, key);
      this.#removed = [];
    }
    if (this.#added.length > 0) {
      for (const key of this.#added) if (this.#map.has(key)) insertKey(chunks, key);
      this.#added = [];
    }
    return chunks;
  }
}

/** Inserts `key` in order unless present. */
function insertKey(chunks: string[][], key: string): void {
  if (chunks.length === 0) {
    chunks.push([key]);
    return;
  }
  const ci = Math.min(chunkFor(chunks, key), chunks.length - 1);
  const chunk = chunks[ci]!;
  const i = lowerBound(chunk, key);
  if (chunk[i] === key) return;
  chunk.splice(i, 0, key);
  if (chunk.length > 2 * CHUNK) chunks.splice(ci + 1, 0, chunk.splice(CHUNK));
}

/** Removes `key` when present. */
function removeKey(chunks: string[][], key: string): void {
  const ci = chunkFor(chunks, key);
  const chunk = chunks[ci];
  if (chunk === undefined) return;
  const i = lowerBound(chunk, key);
  if (chunk[i] !== key) return;
  chunk.splice(i, 1);
  if (chunk.length === 0) chunks.splice(ci, 1);
}

/** Index of the first chunk whose last key is >= key (chunks.length when key is past every key). */
function chunkFor(chunks: string[][], key: string): number {
  let lo = 0;
  let hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const chunk = chunks[mid]!;
    if (chunk[chunk.length - 1]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  // Buffer's own latin1Slice: what toString('latin1') calls after its argument checks (~30% of its cost).
  return (bytes as unknown as Latin1Slicer).latin1Slice(0, bytes.length);
}

/** Node's Buffer method behind `toString('latin1')`, not in its type declarations. */
interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}

/** The bytes of a latin1 key string. */
export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}
