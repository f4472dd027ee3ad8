// The record cache of one stream thread (Kafka's ThreadCache): one budget, `statestore.cache.max.bytes` (split
// among threads), shared by every caching store of the thread's tasks. Each store has its own NamedCache;
// when a put takes the total over budget, the cache that was written to evicts its least recently used entries
// until the total fits again (evicting a dirty entry flushes that store's dirty entries through its listener).
// With a budget of 0 every put is evicted at once, so every write is forwarded immediately.

import { keyString } from '../bytes/sorted-string-map.js';
import type { StoreRecordContext } from '../store-context.js';
import type { CacheEntry, CacheKey, DirtyEntryFlushListener } from './named-cache.js';
import { NamedCache } from './named-cache.js';

export type { CacheEntry, CacheKey, DirtyEntry, DirtyEntryFlushListener } from './named-cache.js';

export class ThreadCache {
  readonly #caches = new Map<string, NamedCache>();
  #last: NamedCache | undefined;
  #maxBytes: number;
  #totalBytes = 0;
  #puts = 0;
  #gets = 0;
  #evicts = 0;
  #flushes = 0;

  /** A cache of at most `maxBytes` (Kafka's estimate of entry sizes: keys, values, record contexts, overhead). */
  constructor(maxBytes: number) {
    this.#maxBytes = Math.max(0, maxBytes);
  }

  /** The budget in bytes. */
  maxBytes(): number {
    return this.#maxBytes;
  }

  /** Bytes used now, by every store's cache. */
  sizeBytes(): number {
    return this.#totalBytes;
  }

  /** Entries held, all stores together. */
  size(): number {
    let n = 0;
    for (const c of this.#caches.values()) n += c.size;
    return n;
  }

  /** Counters since creation (Kafka's puts/gets/evicts/flushes). */
  stats(): { puts: number; gets: number; evicts: number; flushes: number } {
    return { puts: this.#puts, gets: this.#gets, evicts: this.#evicts, flushes: this.#flushes };
  }

  /** Changes the budget (when the number of threads changes), evicting at once if the cache is now too big. */
  resize(maxBytes: number): void {
    this.#maxBytes = Math.max(0, maxBytes);
    while (this.#totalBytes > this.#maxBytes) {
      let evicted = false;
      for (const cache of this.#caches.values()) {
        if (this.#totalBytes <= this.#maxBytes) break;
        if (cache.size === 0) continue;
        cache.evict();
        this.#evicts++;
        evicted = true;
      }
      if (!evicted) return;
    }
  }

  /** Registers the listener that receives the dirty entries of `namespace` on eviction and flush. */
  addDirtyEntryFlushListener(namespace: string, listener: DirtyEntryFlushListener): void {
    this.#cache(namespace).setListener(listener);
  }

  /**
   * The entry of `key` (bytes, or their latin1 string) in `namespace`. The entry returned is only valid until the
   * next write to the cache: read it at once.
   */
  get(namespace: string, key: CacheKey): CacheEntry | undefined {
    this.#gets++;
    return this.#lookup(namespace)?.get(key);
  }

  put(namespace: string, key: CacheKey, entry: CacheEntry): void {
    this.write(namespace, typeof key === 'string' ? key : keyString(key), entry.value, entry.dirty, entry.context);
  }

  /** `put` of the latin1 string of the key bytes, without an entry object: the caching stores' per-record call. */
  write(namespace: string, keyString: string, value: Buffer | null, dirty: boolean, context: StoreRecordContext | undefined): void {
    this.#puts++;
    const cache = this.#cache(namespace);
    cache.write(keyString, value, dirty, context);
    if (this.#totalBytes > this.#maxBytes) this.#maybeEvict(cache);
  }

  delete(namespace: string, key: CacheKey): CacheEntry | undefined {
    return this.#lookup(namespace)?.delete(key);
  }

  /** The cached entries of `namespace` in [from, to] (null bounds open), sorted: a snapshot. */
  range(namespace: string, from: Buffer | null, to: Buffer | null, reverse: boolean): Array<readonly [Buffer, CacheEntry]> {
    return this.#lookup(namespace)?.range(from, to, reverse) ?? [];
  }

  /** Flushes the dirty entries of `namespace` to its listener, in the order of their latest write. */
  flush(namespace: string): void {
    this.#flushes++;
    this.#lookup(namespace)?.flush();
  }

  /** Drops the cache of `namespace` (its store closed). */
  close(namespace: string): void {
    const cache = this.#caches.get(namespace);
    if (cache === undefined) return;
    this.#caches.delete(namespace);
    if (this.#last === cache) this.#last = undefined;
    cache.close();
  }

  #maybeEvict(cache: NamedCache): void {
    // Only the cache just written to evicts: a put may have cascaded into other stores' caches (Kafka does the same).
    while (this.#totalBytes > this.#maxBytes && cache.size > 0) {
      cache.evict();
      this.#evicts++;
    }
  }

  /** The cache of `namespace`, if any; the last one used is remembered (a task's records hit one store in a row). */
  #lookup(namespace: string): NamedCache | undefined {
    const last = this.#last;
    if (last !== undefined && last.name === namespace) return last;
    const cache = this.#caches.get(namespace);
    if (cache !== undefined) this.#last = cache;
    return cache;
  }

  #cache(namespace: string): NamedCache {
    let cache = this.#lookup(namespace);
    if (cache === undefined) {
      cache = new NamedCache(namespace, (delta) => {
        this.#totalBytes += delta;
      });
      this.#caches.set(namespace, cache);
      this.#last = cache;
    }
    return cache;
  }
}
