// One store's part of the thread's record cache (Kafka's NamedCache): entries in key order for ranges, an LRU
// list for eviction, and the keys written since the last flush in the order of their latest write - the order
// in which a flush hands them to the store's listener (Kafka keeps dirty keys in a LinkedHashSet and moves a
// re-written key to the end, "so we can maintain ordering as the arrival order of the records").

import { IllegalStateException } from '../../../common/errors.js';
import type { StoreRecordContext } from '../store-context.js';
import { keyString, SortedStringMap } from '../bytes/sorted-string-map.js';

/** A cached value: dirty entries have not reached the store below yet; null is a cached delete. */
export interface CacheEntry {
  readonly value: Buffer | null;
  readonly dirty: boolean;
  /** The record context of the write (undefined for clean entries read through). */
  readonly context: StoreRecordContext | undefined;
}

/** What a flush hands to the store's listener. */
export interface DirtyEntry {
  readonly key: Buffer;
  readonly newValue: Buffer | null;
  readonly context: StoreRecordContext | undefined;
}

export type DirtyEntryFlushListener = (entries: DirtyEntry[]) => void;

interface Node {
  readonly key: Buffer;
  readonly keyString: string;
  entry: CacheEntry;
  size: number;
  prev: Node | undefined;
  next: Node | undefined;
}

/** Kafka's estimate of an entry's memory: key, value, dirty flag, three references and the record context. */
function nodeSize(key: Buffer, entry: CacheEntry): number {
  let size = key.length + 24 + (entry.value?.length ?? 0) + 1;
  const ctx = entry.context;
  if (ctx !== undefined) {
    size += 8 + 8 + 4 + (ctx.topic?.length ?? 0);
    if (ctx.headers !== undefined) for (const h of ctx.headers) size += h.key.length + (h.value?.length ?? 0);
  }
  return size;
}

export class NamedCache {
  readonly #nodes = new SortedStringMap<Node>();
  readonly #dirty = new Set<string>();
  #head: Node | undefined; // most recently used
  #tail: Node | undefined; // least recently used
  #sizeBytes = 0;
  #listener: DirtyEntryFlushListener | undefined;

  /** `onResize` hears every change of this cache's size, so the thread cache keeps a running total. */
  constructor(
    readonly name: string,
    private readonly onResize: (delta: number) => void,
  ) {}

  get size(): number {
    return this.#nodes.size;
  }

  get sizeBytes(): number {
    return this.#sizeBytes;
  }

  setListener(listener: DirtyEntryFlushListener): void {
    this.#listener = listener;
  }

  get(key: Buffer): CacheEntry | undefined {
    const node = this.#nodes.get(keyString(key));
    if (node === undefined) return undefined;
    this.#touch(node);
    return node.entry;
  }

  put(key: Buffer, entry: CacheEntry): void {
    const ks = keyString(key);
    if (!entry.dirty && this.#dirty.has(ks)) {
      throw new IllegalStateException(`Attempting to put a clean entry for a key into cache ${this.name} when it already holds a dirty entry for that key`);
    }
    let node = this.#nodes.get(ks);
    const size = nodeSize(key, entry);
    if (node !== undefined) {
      this.#resize(size - node.size);
      node.entry = entry;
      node.size = size;
      this.#touch(node);
    } else {
      node = { key, keyString: ks, entry, size, prev: undefined, next: undefined };
      this.#nodes.set(ks, node);
      this.#pushHead(node);
      this.#resize(size);
    }
    if (entry.dirty) {
      this.#dirty.delete(ks);
      this.#dirty.add(ks);
    }
  }

  delete(key: Buffer): CacheEntry | undefined {
    const ks = keyString(key);
    const node = this.#nodes.get(ks);
    if (node === undefined) return undefined;
    this.#nodes.delete(ks);
    this.#unlink(node);
    this.#dirty.delete(ks);
    this.#resize(-node.size);
    return node.entry;
  }

  /** Entries with keys in [from, to] (null bounds open), in key order or reversed: a snapshot. */
  range(from: Buffer | null, to: Buffer | null, reverse: boolean): Array<readonly [Buffer, CacheEntry]> {
    const r: { from?: string; to?: string; reverse: boolean } = { reverse };
    if (from !== null) r.from = keyString(from);
    if (to !== null) r.to = keyString(to);
    return this.#nodes.range(r).map(([, n]) => [n.key, n.entry] as const);
  }

  /** Removes the least recently used entry; when it is dirty, flushes it first, then every other dirty entry. */
  evict(): void {
    const eldest = this.#tail;
    if (eldest === undefined) return;
    this.#nodes.delete(eldest.keyString);
    this.#unlink(eldest);
    this.#resize(-eldest.size);
    if (eldest.entry.dirty) this.#flush(eldest);
  }

  /** Hands every dirty entry to the listener in write order and marks it clean (cached deletes are dropped). */
  flush(): void {
    this.#flush(undefined);
  }

  close(): void {
    this.#nodes.clear();
    this.#dirty.clear();
    this.#head = this.#tail = undefined;
    this.#resize(-this.#sizeBytes);
    this.#listener = undefined;
  }

  #flush(evicted: Node | undefined): void {
    const listener = this.#listener;
    if (listener === undefined) throw new IllegalStateException(`No listener for namespace ${this.name} registered with the cache`);
    if (this.#dirty.size === 0) return;
    const entries: DirtyEntry[] = [];
    const deleted: Buffer[] = [];
    if (evicted !== undefined) {
      entries.push({ key: evicted.key, newValue: evicted.entry.value, context: evicted.entry.context });
      this.#dirty.delete(evicted.keyString);
    }
    for (const ks of this.#dirty) {
      const node = this.#nodes.get(ks);
      if (node === undefined) throw new IllegalStateException(`A dirty key of cache ${this.name} has no entry`);
      entries.push({ key: node.key, newValue: node.entry.value, context: node.entry.context });
      node.entry = { value: node.entry.value, dirty: false, context: node.entry.context };
      if (node.entry.value === null) deleted.push(node.key);
    }
    // Cleared before the listener runs: forwarding may write to this cache again.
    this.#dirty.clear();
    listener(entries);
    // Drop the flushed deletes, unless the listener wrote the key again meanwhile.
    for (const key of deleted) {
      const node = this.#nodes.get(keyString(key));
      if (node !== undefined && !node.entry.dirty && node.entry.value === null) this.delete(key);
    }
  }

  #resize(delta: number): void {
    this.#sizeBytes += delta;
    this.onResize(delta);
  }

  #touch(node: Node): void {
    if (this.#head === node) return;
    this.#unlink(node);
    this.#pushHead(node);
  }

  #pushHead(node: Node): void {
    node.prev = undefined;
    node.next = this.#head;
    if (this.#head !== undefined) this.#head.prev = node;
    this.#head = node;
    this.#tail ??= node;
  }

  #unlink(node: Node): void {
    if (node.prev !== undefined) node.prev.next = node.next;
    else this.#head = node.next;
    if (node.next !== undefined) node.next.prev = node.prev;
    else this.#tail = node.prev;
    node.prev = node.next = undefined;
  }
}
