// One store's part of the thread's record cache (Kafka's NamedCache): entries by key (the latin1 string of the
// key bytes, whose order is the bytes' order), an LRU list for eviction, and a second list of the keys written
// since the last flush in the order of their latest write - the order in which a flush hands them to the
// store's listener (Kafka keeps dirty keys in a LinkedHashSet and moves a re-written key to the end, "so we can
// maintain ordering as the arrival order of the records").
//
// Built for the per-record path: a get or put is one hash lookup and a few pointer moves, without allocation
// (a node is updated in place, and its key bytes are rebuilt from the key string only when a flush or a range
// needs them). Key order is kept lazily by the map, for the rare ranges.

import { IllegalStateException } from '../../../common/errors.js';
import type { StoreRecordContext } from '../store-context.js';
import { keyBytes, keyString, SortedStringMap } from '../bytes/sorted-string-map.js';

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

/** A cache key: the key bytes, or the latin1 string of them (what callers that already have it pass). */
export type CacheKey = Buffer | string;

/** An entry, also the node of both lists; readers see it as a CacheEntry (valid until the next write). */
class Node implements CacheEntry {
  prev: Node | undefined = undefined;
  next: Node | undefined = undefined;
  dirtyPrev: Node | undefined = undefined;
  dirtyNext: Node | undefined = undefined;

  constructor(
    readonly keyString: string,
    public value: Buffer | null,
    public dirty: boolean,
    public context: StoreRecordContext | undefined,
    public size: number,
  ) {}
}

/** Kafka's estimate of an entry's memory: key, value, dirty flag, three references and the record context. */
function entrySize(keyLength: number, value: Buffer | null, context: StoreRecordContext | undefined): number {
  let size = keyLength + 24 + (value === null ? 0 : value.length) + 1;
  if (context !== undefined) {
    size += 8 + 8 + 4 + (context.topic === null ? 0 : context.topic.length);
    if (context.headers !== undefined) for (const h of context.headers) size += h.key.length + (h.value?.length ?? 0);
  }
  return size;
}

/**
 * `value` in a buffer of its own. A cached value may stay for a long time, and a Buffer that is a slice of a
 * larger one (Node's 8 KiB pool for small Buffers, a fetched record batch for a value read from a topic) keeps
 * all of it alive: with 100k cached values that was ~80 MB of pool slabs held by 16-byte counts.
 */
function ownCopy(value: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(value.byteLength);
  value.copy(copy);
  return copy;
}

const toKeyString = (key: CacheKey): string => (typeof key === 'string' ? key : keyString(key));

export class NamedCache {
  readonly #nodes = new SortedStringMap<Node>();
  #head: Node | undefined; // most recently used
  #tail: Node | undefined; // least recently used
  #dirtyHead: Node | undefined; // oldest latest-write
  #dirtyTail: Node | undefined;
  #dirtyCount = 0;
  #last: Node | undefined; // the node of the last get, still cached
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

  get(key: CacheKey): CacheEntry | undefined {
    const node = this.#nodes.get(toKeyString(key));
    if (node === undefined) return undefined;
    this.#last = node;
    if (this.#head !== node) this.#touch(node);
    return node;
  }

  put(key: CacheKey, entry: CacheEntry): void {
    this.write(toKeyString(key), entry.value, entry.dirty, entry.context);
  }

  /** `put` without the entry object: what the caching stores call per record. */
  write(ks: string, value: Buffer | null, dirty: boolean, context: StoreRecordContext | undefined): void {
    // A slice (byteOffset > 0) is copied. Not `value.buffer`: reading it moves a small Buffer's bytes off the JS
    // heap, which costs more than the copy; a pool slice at offset 0 (one per slab) stays as it is.
    if (value !== null && value.byteOffset !== 0) value = ownCopy(value);
    // A read-modify-write puts the key it just read: no second lookup (the strings compare by content).
    const last = this.#last;
    let node = last !== undefined && last.keyString === ks ? last : this.#nodes.get(ks);
    const size = entrySize(ks.length, value, context);
    if (node !== undefined) {
      if (!dirty && node.dirty) {
        throw new IllegalStateException(`Attempting to put a clean entry for a key into cache ${this.name} when it already holds a dirty entry for that key`);
      }
      this.#resize(size - node.size);
      node.value = value;
      node.context = context;
      node.size = size;
      if (this.#head !== node) this.#touch(node);
      if (dirty) this.#unlinkDirty(node);
    } else {
      node = new Node(ks, value, dirty, context, size);
      this.#nodes.set(ks, node);
      this.#pushHead(node);
      this.#resize(size);
    }
    if (dirty) {
      node.dirty = true;
      this.#appendDirty(node);
    }
  }

  delete(key: CacheKey): CacheEntry | undefined {
    const node = this.#nodes.get(toKeyString(key));
    if (node === undefined) return undefined;
    this.#remove(node);
    return { value: node.value, dirty: node.dirty, context: node.context };
  }

  /** Entries with keys in [from, to] (null bounds open), in key order or reversed: a snapshot. */
  range(from: Buffer | null, to: Buffer | null, reverse: boolean): Array<readonly [Buffer, CacheEntry]> {
    const r: { from?: string; to?: string; reverse: boolean } = { reverse };
    if (from !== null) r.from = keyString(from);
    if (to !== null) r.to = keyString(to);
    return this.#nodes.range(r).map(([ks, n]) => [keyBytes(ks), { value: n.value, dirty: n.dirty, context: n.context }] as const);
  }

  /** Removes the least recently used entry; when it is dirty, flushes it first, then every other dirty entry. */
  evict(): void {
    const eldest = this.#tail;
    if (eldest === undefined) return;
    const dirty = eldest.dirty;
    this.#remove(eldest);
    if (dirty) this.#flush(eldest);
  }

  /** Hands every dirty entry to the listener in write order and marks it clean (cached deletes are dropped). */
  flush(): void {
    this.#flush(undefined);
  }

  close(): void {
    this.#nodes.clear();
    this.#last = undefined;
    this.#head = this.#tail = this.#dirtyHead = this.#dirtyTail = undefined;
    this.#dirtyCount = 0;
    this.#resize(-this.#sizeBytes);
    this.#listener = undefined;
  }

  #flush(evicted: Node | undefined): void {
    const listener = this.#listener;
    if (listener === undefined) throw new IllegalStateException(`No listener for namespace ${this.name} registered with the cache`);
    if (evicted === undefined && this.#dirtyCount === 0) return;
    const entries: DirtyEntry[] = [];
    const deleted: string[] = [];
    if (evicted !== undefined) entries.push({ key: keyBytes(evicted.keyString), newValue: evicted.value, context: evicted.context });
    for (let node = this.#dirtyHead; node !== undefined; ) {
      const next = node.dirtyNext;
      entries.push({ key: keyBytes(node.keyString), newValue: node.value, context: node.context });
      node.dirty = false;
      node.dirtyPrev = node.dirtyNext = undefined;
      if (node.value === null) deleted.push(node.keyString);
      node = next;
    }
    // Cleared before the listener runs: forwarding may write to this cache again.
    this.#dirtyHead = this.#dirtyTail = undefined;
    this.#dirtyCount = 0;
    listener(entries);
    // Drop the flushed deletes, unless the listener wrote the key again meanwhile.
    for (const ks of deleted) {
      const node = this.#nodes.get(ks);
      if (node !== undefined && !node.dirty && node.value === null) this.#remove(node);
    }
  }

  #remove(node: Node): void {
    if (this.#last === node) this.#last = undefined;
    this.#nodes.delete(node.keyString);
    this.#unlink(node);
    if (node.dirty) this.#unlinkDirty(node);
    this.#resize(-node.size);
  }

  #resize(delta: number): void {
    this.#sizeBytes += delta;
    this.onResize(delta);
  }

  #touch(node: Node): void {
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

  #appendDirty(node: Node): void {
    node.dirtyPrev = this.#dirtyTail;
    node.dirtyNext = undefined;
    if (this.#dirtyTail !== undefined) this.#dirtyTail.dirtyNext = node;
    else this.#dirtyHead = node;
    this.#dirtyTail = node;
    this.#dirtyCount++;
  }

  /** Takes a dirty node out of the dirty list (its flag stays as it is). */
  #unlinkDirty(node: Node): void {
    if (!node.dirty) return;
    if (node.dirtyPrev !== undefined) node.dirtyPrev.dirtyNext = node.dirtyNext;
    else this.#dirtyHead = node.dirtyNext;
    if (node.dirtyNext !== undefined) node.dirtyNext.dirtyPrev = node.dirtyPrev;
    else this.#dirtyTail = node.dirtyPrev;
    node.dirtyPrev = node.dirtyNext = undefined;
    this.#dirtyCount--;
  }
}
