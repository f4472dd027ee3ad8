// Caching of window stores (Kafka's CachingWindowStore): puts become dirty cache entries keyed like the local
// layout, [segment id][key][window start][seqnum 0] (Kafka's SegmentedCacheFunction), so cache and store sort
// alike and ranges merge. Flushed entries are written down under their record context and handed to the flush
// listener with the window's old value. Stores that retain duplicates are never cached (as in Kafka).

import { KeyValue } from '../../../common/key-value.js';
import type { Windowed } from '../../../kstream/windowed.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import type { WindowStoreIterator } from '../../../state/window-store.js';
import { CursorIterator, mapCursor, type BytesEntry, type Cursor } from '../bytes/cursor.js';
import { kvCursor } from '../bytes/iterator-cursor.js';
import { mergeOverlay, type OverlayEntry } from '../bytes/merge-cursor.js';
import { keyString } from '../bytes/sorted-string-map.js';
import type { DirtyEntry } from '../cache/thread-cache.js';
import type { CachedStateStore } from '../flush-listener.js';
import { sequence } from '../maybe-async.js';
import { Segments } from '../segments.js';
import { CachingStore } from '../caching-store.js';
import type { WindowBytesStore } from './segmented-window-store.js';
import { extractStoreKeyBytes, extractStoreTimestamp, fromStoreKey, toStoreKeyBinary } from './window-key-schema.js';

const EMPTY = Buffer.alloc(0);

export class CachingWindowStore extends CachingStore<WindowBytesStore> implements WindowBytesStore, CachedStateStore<Buffer, Buffer> {
  readonly #segments: Segments;
  #lastStart = Number.NaN;
  #lastPrefix = '';
  #lastSuffix = '';

  constructor(
    inner: WindowBytesStore,
    private readonly windowSize: number,
    retentionPeriod: number,
    segmentInterval: number,
  ) {
    super(inner);
    this.#segments = new Segments(retentionPeriod, segmentInterval);
  }

  put(key: Buffer, value: Buffer | null, windowStartTimestamp: number): void {
    const cache = this.cache;
    if (cache === undefined) return this.wrapped.put(key, value, windowStartTimestamp);
    this.#segments.observe(windowStartTimestamp);
    cache.write(this.namespace, this.#cacheKeyString(key, windowStartTimestamp), value, true, this.context!.recordContext());
  }

  fetch(key: Buffer, windowStartTime: number): Buffer | null;
  fetch(key: Buffer, timeFrom: number, timeTo: number): WindowStoreIterator<Buffer>;
  fetch(key: Buffer, timeFrom: number, timeTo?: number): Buffer | null | WindowStoreIterator<Buffer> {
    const cache = this.cache;
    if (timeTo === undefined) {
      if (cache === undefined || this.#segments.expired(timeFrom)) return this.wrapped.fetch(key, timeFrom);
      const entry = cache.get(this.namespace, this.#cacheKeyString(key, timeFrom));
      return entry === undefined ? this.wrapped.fetch(key, timeFrom) : entry.value;
    }
    return this.#byTime(this.wrapped.fetch(key, timeFrom, timeTo), key, timeFrom, timeTo, false);
  }

  backwardFetch(key: Buffer, timeFrom: number, timeTo: number): WindowStoreIterator<Buffer> {
    return this.#byTime(this.wrapped.backwardFetch(key, timeFrom, timeTo), key, timeFrom, timeTo, true);
  }

  fetchRange(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.#windowed(this.wrapped.fetchRange(keyFrom, keyTo, timeFrom, timeTo), keyFrom, keyTo, timeFrom, timeTo, false);
  }

  backwardFetchRange(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.#windowed(this.wrapped.backwardFetchRange(keyFrom, keyTo, timeFrom, timeTo), keyFrom, keyTo, timeFrom, timeTo, true);
  }

  all(): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.fetchRange(null, null, 0, Number.MAX_SAFE_INTEGER);
  }

  backwardAll(): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.backwardFetchRange(null, null, 0, Number.MAX_SAFE_INTEGER);
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.fetchRange(null, null, timeFrom, timeTo);
  }

  backwardFetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.backwardFetchRange(null, null, timeFrom, timeTo);
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

  /**
   * The latin1 string of `#cacheKey(key, windowStart)`, built from strings: a window aggregation fetches and puts
   * one or a few windows per record, and the segment prefix and the [start][seqnum 0] suffix repeat from record
   * to record, so they are kept from the last call instead of building three Buffers per call.
   */
  #cacheKeyString(key: Buffer, windowStart: number): string {
    if (windowStart !== this.#lastStart) {
      this.#lastStart = windowStart;
      this.#lastPrefix = keyString(this.#segments.prefix(this.#segments.segmentId(windowStart)));
      this.#lastSuffix = keyString(toStoreKeyBinary(EMPTY, windowStart, 0));
    }
    return this.#lastPrefix + keyString(key) + this.#lastSuffix;
  }

  #cacheKey(key: Buffer, windowStart: number): Buffer {
    return Buffer.concat([this.#segments.prefix(this.#segments.segmentId(windowStart)), toStoreKeyBinary(key, windowStart, 0)]);
  }

  /** Dirty and clean cache entries of the ranges, live only, as an overlay in the cache-key order. */
  #overlay(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number, reverse: boolean, singleKey: boolean): OverlayEntry[] {
    const from = Math.max(timeFrom, this.#segments.minLiveTime(), 0);
    if (this.cache === undefined || from > timeTo) return [];
    const to = Math.min(timeTo, Number.MAX_SAFE_INTEGER);
    const lower = this.#segments.prefix(this.#segments.segmentId(from));
    const upper = this.#segments.prefix(this.#segments.segmentId(Math.min(to, Math.max(this.#segments.observedStreamTime(), 0))) + 1);
    const out: OverlayEntry[] = [];
    for (const [cacheKey, entry] of this.cache.range(this.namespace, lower, upper, reverse)) {
      const storeKey = cacheKey.subarray(8);
      const start = extractStoreTimestamp(storeKey);
      if (start < from || start > to) continue;
      const k = extractStoreKeyBytes(storeKey);
      if (singleKey ? !k.equals(keyFrom!) : (keyFrom !== null && Buffer.compare(k, keyFrom) < 0) || (keyTo !== null && Buffer.compare(k, keyTo) > 0)) continue;
      out.push([cacheKey, entry.value]);
    }
    return out;
  }

  #merge(base: Cursor<BytesEntry>, overlay: OverlayEntry[], reverse: boolean): Cursor<BytesEntry> {
    return overlay.length === 0 ? base : mergeOverlay(overlay, base, reverse);
  }

  #byTime(it: WindowStoreIterator<Buffer>, key: Buffer, timeFrom: number, timeTo: number, reverse: boolean): WindowStoreIterator<Buffer> {
    if (this.cache === undefined) return it;
    const base = mapCursor(kvCursor(it), (kv): BytesEntry => [this.#cacheKey(key, kv.key), kv.value]);
    const merged = this.#merge(base, this.#overlay(key, key, timeFrom, timeTo, reverse, true), reverse);
    return new CursorIterator(mapCursor(merged, ([k, v]) => new KeyValue(extractStoreTimestamp(k.subarray(8)), v)));
  }

  #windowed(it: KeyValueIterator<Windowed<Buffer>, Buffer>, keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number, reverse: boolean): KeyValueIterator<Windowed<Buffer>, Buffer> {
    if (this.cache === undefined) return it;
    const base = mapCursor(kvCursor(it), (kv): BytesEntry => [this.#cacheKey(kv.key.key(), kv.key.window().start()), kv.value]);
    const merged = this.#merge(base, this.#overlay(keyFrom, keyTo, timeFrom, timeTo, reverse, false), reverse);
    return new CursorIterator(mapCursor(merged, ([k, v]) => new KeyValue(fromStoreKey(k.subarray(8), this.windowSize), v)));
  }

  /** Writes a flushed window down and forwards it (Kafka's CachingWindowStore.putAndMaybeForward). */
  protected putAndMaybeForward(entry: DirtyEntry): void {
    const ctx = this.context!;
    const recordContext = entry.context ?? ctx.recordContext();
    const storeKey = entry.key.subarray(8);
    const key = extractStoreKeyBytes(storeKey);
    const start = extractStoreTimestamp(storeKey);
    const listener = this.listener;
    if (listener === undefined) {
      ctx.withRecordContext(recordContext, () => this.wrapped.put(key, entry.newValue, start));
      return;
    }
    const newValue = entry.newValue;
    const oldValue = newValue === null || this.sendOldValues ? this.wrapped.fetch(key, start) : null;
    if (newValue === null && oldValue === null) return;
    ctx.withRecordContext(recordContext, () => {
      this.wrapped.put(key, newValue, start);
      listener({ key: storeKey, newValue, oldValue: this.sendOldValues ? oldValue : null, timestamp: recordContext.timestamp, headers: recordContext.headers });
    });
  }
}
