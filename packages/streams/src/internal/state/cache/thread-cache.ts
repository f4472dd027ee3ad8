// The record cache of one stream thread (Kafka's ThreadCache): one budget, `statestore.cache.max.bytes` (split
// among threads), shared by every caching store of the thread's tasks. Each store has its own NamedCache;
// when a put takes the total over budget, the cache that was written to evicts its least recently used entries
// until the total fits again (evicting a dirty entry flushes that store's dirty entries through its listener).
// With a budget of 0 every put is evicted at once, so every write is forwarded immediately.

import type { CacheEntry, DirtyEntryFlushListener } from './named-cache.js';
import { NamedCache } from './named-cache.js';

export type { CacheEntry, DirtyEntry, DirtyEntryFlushListener } from './named-cache.js';

export class ThreadCache {
  readonly #caches = new Map<string, NamedCache>();
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

  get(namespace: string, key: Buffer): CacheEntry | undefined {
    this.#gets++;
    return this.#caches.get(namespace)?.get(key);
  }

  put(namespace: string, key: Buffer, entry: CacheEntry): void {
    this.#puts++;
    const cache = this.#cache(namespace);
    cache.put(key, entry);
    this.#maybeEvict(cache);
  }

  delete(namespace: string, key: Buffer): CacheEntry | undefined {
    return this.#caches.get(namespace)?.delete(key);
  }

  /** The cached entries of `namespace` in [from, to] (null bounds open), sorted: a snapshot. */
  range(namespace: string, from: Buffer | null, to: Buffer | null, reverse: boolean): Array<readonly [Buffer, CacheEntry]> {
    return this.#caches.get(namespace)?.range(from, to, reverse) ?? [];
  }

  /** Flushes the dirty entries of `namespace` to its listener, in the order of their latest write. */
  flush(namespace: string): void {
    this.#flushes++;
    this.#caches.get(namespace)?.flush();
  }

  /** Drops the cache of `namespace` (its store closed). */
  close(namespace: string): void {
    const cache = this.#caches.get(namespace);
    if (cache === undefined) return;
    this.#caches.delete(namespace);
    cache.close();
  }

  #maybeEvict(cache: NamedCache): void {
    // Only the cache just written to evicts: a put may have cascaded into other stores' caches (Kafka does the same).
    while (this.#totalBytes > this.#maxBytes && cache.size > 0) {
      cache.evict();
      this.#evicts++;
    }
  }

  #cache(namespace: string): NamedCache {
    let cache = this.#caches.get(namespace);
    if (cache === undefined) {
      cache = new NamedCache(namespace, (delta) => {
        this.#totalBytes += delta;
      });
      this.#caches.set(namespace, cache);
    }
    return cache;
  }
}
