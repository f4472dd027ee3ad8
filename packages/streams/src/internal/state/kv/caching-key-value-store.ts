// Caching (Kafka's CachingKeyValueStore): writes go to the thread's record cache as dirty entries, so repeated
// updates of a key between commits reach the store below (and its changelog) once. A dirty entry leaves the
// cache when it is evicted or at flush (commit): it is written down under the record context it was written
// with, and handed to the flush listener with the value it replaced - how KTables forward deduplicated updates.
// Reads look in the cache first, then read through (caching what they read); ranges merge cache and store.
//
// With a context that is not a runtime context, or no thread cache, the layer passes everything through.

import type { KeyValue } from '../../../common/key-value.js';
import type { Serializer } from '../../../serialization/serde.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import { CursorIterator } from '../bytes/cursor.js';
import { hasPrefix, iteratorCursor, prefixSuccessor } from '../bytes/iterator-cursor.js';
import { mergeOverlay, type OverlayEntry } from '../bytes/merge-cursor.js';
import { keyString } from '../bytes/sorted-string-map.js';
import type { DirtyEntry } from '../cache/thread-cache.js';
import type { CachedStateStore } from '../flush-listener.js';
import { sequence } from '../maybe-async.js';
import { CachingStore } from '../caching-store.js';
import { toKeyValues, type KeyValueBytesStore } from './engine-key-value-store.js';

export class CachingKeyValueStore extends CachingStore<KeyValueBytesStore> implements KeyValueBytesStore, CachedStateStore<Buffer, Buffer> {

  get(key: Buffer): Buffer | null {
    const cache = this.cache;
    if (cache === undefined) return this.wrapped.get(key);
    const ks = keyString(key);
    const entry = cache.get(this.namespace, ks);
    if (entry !== undefined) return entry.value;
    const raw = this.wrapped.get(key);
    if (raw !== null) cache.write(this.namespace, ks, raw, false, undefined);
    return raw;
  }

  put(key: Buffer, value: Buffer | null): void {
    const cache = this.cache;
    if (cache === undefined) {
      this.wrapped.put(key, value);
      return;
    }
    cache.write(this.namespace, keyString(key), value, true, this.context!.recordContext());
  }

  putIfAbsent(key: Buffer, value: Buffer | null): Buffer | null {
    const existing = this.get(key);
    if (existing === null) this.put(key, value);
    return existing;
  }

  putAll(entries: readonly KeyValue<Buffer, Buffer | null>[]): void {
    for (const e of entries) this.put(e.key, e.value);
  }

  delete(key: Buffer): Buffer | null {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  range(from: Buffer | null, to: Buffer | null): KeyValueIterator<Buffer, Buffer> {
    return this.#merged(this.wrapped.range(from, to), from, to, false);
  }

  reverseRange(from: Buffer | null, to: Buffer | null): KeyValueIterator<Buffer, Buffer> {
    return this.#merged(this.wrapped.reverseRange(from, to), from, to, true);
  }

  all(): KeyValueIterator<Buffer, Buffer> {
    return this.#merged(this.wrapped.all(), null, null, false);
  }

  reverseAll(): KeyValueIterator<Buffer, Buffer> {
    return this.#merged(this.wrapped.reverseAll(), null, null, true);
  }

  prefixScan<P>(prefix: P, prefixKeySerializer: Serializer<P>): KeyValueIterator<Buffer, Buffer> {
    const bytes = prefixKeySerializer.serialize('', prefix) ?? Buffer.alloc(0);
    const base = this.wrapped.prefixScan(prefix, prefixKeySerializer);
    const cache = this.cache;
    if (cache === undefined) return base;
    const upper = prefixSuccessor(bytes);
    const overlay = cache
      .range(this.namespace, bytes, upper, false)
      .filter(([k]) => hasPrefix(k, bytes))
      .map(([k, e]): OverlayEntry => [k, e.value]);
    return new CursorIterator(toKeyValues(mergeOverlay(overlay, iteratorCursor(base), false)));
  }

  approximateNumEntries(): number {
    return this.wrapped.approximateNumEntries();
  }

  override flush(): void | Promise<void> {
    return sequence([() => this.cache?.flush(this.namespace), () => this.wrapped.flush()]);
  }

  override close(): void | Promise<void> {
    return sequence([
      () => this.cache?.flush(this.namespace),
      () => {
        this.cache?.close(this.namespace);
        this.cache = undefined;
      },
      () => this.wrapped.close(),
    ]);
  }

  #merged(base: KeyValueIterator<Buffer, Buffer>, from: Buffer | null, to: Buffer | null, reverse: boolean): KeyValueIterator<Buffer, Buffer> {
    const cache = this.cache;
    if (cache === undefined) return base;
    const overlay = cache.range(this.namespace, from, to, reverse).map(([k, e]): OverlayEntry => [k, e.value]);
    return new CursorIterator(toKeyValues(mergeOverlay(overlay, iteratorCursor(base), reverse)));
  }

  /** Writes a flushed entry down and forwards it, as Kafka's putAndMaybeForward. */
  protected putAndMaybeForward(entry: DirtyEntry): void {
    const ctx = this.context!;
    const recordContext = entry.context ?? ctx.recordContext();
    const listener = this.listener;
    if (listener === undefined) {
      ctx.withRecordContext(recordContext, () => this.wrapped.put(entry.key, entry.newValue));
      return;
    }
    const newValue = entry.newValue;
    const oldValue = newValue === null || this.sendOldValues ? this.wrapped.get(entry.key) : null;
    // Neither in the store nor in the cache: nothing to write and nothing to forward.
    if (newValue === null && oldValue === null) return;
    ctx.withRecordContext(recordContext, () => {
      this.wrapped.put(entry.key, newValue);
      listener({
        key: entry.key,
        newValue,
        oldValue: this.sendOldValues ? oldValue : null,
        timestamp: recordContext.timestamp,
        headers: recordContext.headers,
      });
    });
  }
}
