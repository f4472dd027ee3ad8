// Caching of session stores (Kafka's CachingSessionStore): puts and removes become dirty cache entries keyed
// [segment of end][key][end][start]; findSessions merges the store's sessions of the key with the cached ones
// (still a synchronous point read); flushed entries are written down and handed to the flush listener with
// the session's old aggregate.

import { KeyValue } from '../../../common/key-value.js';
import type { Windowed } from '../../../kstream/windowed.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import { arrayCursor, CursorIterator, mapCursor, type BytesEntry } from '../bytes/cursor.js';
import { kvCursor } from '../bytes/iterator-cursor.js';
import { mergeOverlay, type OverlayEntry } from '../bytes/merge-cursor.js';
import type { DirtyEntry } from '../cache/thread-cache.js';
import type { CachedStateStore } from '../flush-listener.js';
import { sequence } from '../maybe-async.js';
import { Segments } from '../segments.js';
import { CachingStore } from '../caching-store.js';
import type { SessionBytesStore } from './segmented-session-store.js';
import { extractSessionEnd, extractSessionKey, sessionFromBinary, toSessionBinary } from './session-key-schema.js';

const MAX_SUFFIX = Buffer.alloc(16, 0xff);

/** Orders cache keys as the store iterates: segment, key bytes, end, start (raw bytes would interleave prefixed keys). */
function compareCacheKeys(a: Buffer, b: Buffer): number {
  return (
    a.compare(b, 0, 8, 0, 8) ||
    Buffer.compare(a.subarray(8, a.length - 16), b.subarray(8, b.length - 16)) ||
    a.compare(b, b.length - 16, b.length, a.length - 16, a.length)
  );
}

export class CachingSessionStore extends CachingStore<SessionBytesStore> implements SessionBytesStore, CachedStateStore<Buffer, Buffer> {
  readonly #segments: Segments;

  constructor(inner: SessionBytesStore, retentionPeriod: number, segmentInterval: number) {
    super(inner);
    this.#segments = new Segments(retentionPeriod, segmentInterval);
  }

  put(sessionKey: Windowed<Buffer>, aggregate: Buffer | null): void {
    const cache = this.cache;
    if (cache === undefined) return this.wrapped.put(sessionKey, aggregate);
    const w = sessionKey.window();
    this.#segments.observe(w.end());
    cache.put(this.namespace, this.#cacheKey(sessionKey.key(), w.start(), w.end()), { value: aggregate, dirty: true, context: this.context!.recordContext() });
  }

  remove(sessionKey: Windowed<Buffer>): void {
    this.put(sessionKey, null);
  }

  findSessions(key: Buffer, earliestSessionEndTime: number, latestSessionStartTime: number): Array<KeyValue<Windowed<Buffer>, Buffer>> {
    const stored = this.wrapped.findSessions(key, earliestSessionEndTime, latestSessionStartTime);
    const cache = this.cache;
    if (cache === undefined) return stored;
    const byWindow = new Map<string, KeyValue<Windowed<Buffer>, Buffer> | null>();
    const id = (start: number, end: number): string => `${end}/${start}`;
    for (const kv of stored) byWindow.set(id(kv.key.window().start(), kv.key.window().end()), kv);
    for (const seg of this.#segments.segmentsFor(earliestSessionEndTime, Number.MAX_SAFE_INTEGER)) {
      const prefix = Buffer.concat([this.#segments.prefix(seg), key]);
      for (const [cacheKey, entry] of cache.range(this.namespace, prefix, Buffer.concat([prefix, MAX_SUFFIX]), false)) {
        const w = sessionFromBinary(cacheKey.subarray(8));
        const { startMs: start, endMs: end } = w.window();
        if (!w.key().equals(key) || end < earliestSessionEndTime || start > latestSessionStartTime || this.#segments.expired(end)) continue;
        byWindow.set(id(start, end), entry.value === null ? null : new KeyValue(w, entry.value));
      }
    }
    const out: Array<KeyValue<Windowed<Buffer>, Buffer>> = [];
    for (const kv of byWindow.values()) if (kv !== null) out.push(kv);
    return out.sort((a, b) => a.key.window().end() - b.key.window().end() || a.key.window().start() - b.key.window().start());
  }

  fetchSession(key: Buffer, sessionStartTime: number, sessionEndTime: number): Buffer | null {
    const cache = this.cache;
    if (cache === undefined || this.#segments.expired(sessionEndTime)) return this.wrapped.fetchSession(key, sessionStartTime, sessionEndTime);
    const entry = cache.get(this.namespace, this.#cacheKey(key, sessionStartTime, sessionEndTime));
    return entry === undefined ? this.wrapped.fetchSession(key, sessionStartTime, sessionEndTime) : entry.value;
  }

  fetch(key: Buffer): KeyValueIterator<Windowed<Buffer>, Buffer> {
    if (this.cache === undefined) return this.wrapped.fetch(key);
    return new CursorIterator(arrayCursor(this.findSessions(key, 0, Number.MAX_SAFE_INTEGER)));
  }

  backwardFetch(key: Buffer): KeyValueIterator<Windowed<Buffer>, Buffer> {
    if (this.cache === undefined) return this.wrapped.backwardFetch(key);
    return new CursorIterator(arrayCursor(this.findSessions(key, 0, Number.MAX_SAFE_INTEGER).reverse()));
  }

  fetchRange(keyFrom: Buffer | null, keyTo: Buffer | null): KeyValueIterator<Windowed<Buffer>, Buffer> {
    const base = this.wrapped.fetchRange(keyFrom, keyTo);
    const cache = this.cache;
    if (cache === undefined) return base;
    const lower = this.#segments.prefix(this.#segments.segmentId(this.#segments.minLiveTime()));
    const upper = this.#segments.prefix(this.#segments.segmentId(Math.max(this.#segments.observedStreamTime(), 0)) + 1);
    const overlay: OverlayEntry[] = [];
    for (const [cacheKey, entry] of cache.range(this.namespace, lower, upper, false)) {
      const binary = cacheKey.subarray(8);
      const k = extractSessionKey(binary);
      if ((keyFrom !== null && Buffer.compare(k, keyFrom) < 0) || (keyTo !== null && Buffer.compare(k, keyTo) > 0)) continue;
      if (this.#segments.expired(extractSessionEnd(binary))) continue;
      overlay.push([cacheKey, entry.value]);
    }
    overlay.sort((a, b) => compareCacheKeys(a[0], b[0]));
    const baseCursor = mapCursor(kvCursor(base), (kv): BytesEntry => [this.#cacheKey(kv.key.key(), kv.key.window().start(), kv.key.window().end()), kv.value]);
    const merged = mergeOverlay(overlay, baseCursor, false, compareCacheKeys);
    return new CursorIterator(mapCursor(merged, ([k, v]) => new KeyValue(sessionFromBinary(k.subarray(8)), v)));
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

  #cacheKey(key: Buffer, start: number, end: number): Buffer {
    return Buffer.concat([this.#segments.prefix(this.#segments.segmentId(end)), toSessionBinary(key, start, end)]);
  }

  /** Writes a flushed session down and forwards it (Kafka's CachingSessionStore.putAndMaybeForward). */
  protected putAndMaybeForward(entry: DirtyEntry): void {
    const ctx = this.context!;
    const recordContext = entry.context ?? ctx.recordContext();
    const binary = entry.key.subarray(8);
    const sessionKey = sessionFromBinary(binary);
    const listener = this.listener;
    if (listener === undefined) {
      ctx.withRecordContext(recordContext, () => this.wrapped.put(sessionKey, entry.newValue));
      return;
    }
    const newValue = entry.newValue;
    const w = sessionKey.window();
    const oldValue = newValue === null || this.sendOldValues ? this.wrapped.fetchSession(sessionKey.key(), w.start(), w.end()) : null;
    if (newValue === null && oldValue === null) return;
    ctx.withRecordContext(recordContext, () => {
      this.wrapped.put(sessionKey, newValue);
      listener({ key: binary, newValue, oldValue: this.sendOldValues ? oldValue : null, timestamp: recordContext.timestamp, headers: recordContext.headers });
    });
  }
}

