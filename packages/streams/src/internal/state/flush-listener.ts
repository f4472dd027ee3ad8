// What a caching store hands its listener when a dirty entry leaves the cache (evicted or flushed): Kafka's
// CacheFlushListener receives a Record whose value is a Change(newValue, oldValue). The metered layer turns
// the bytes into typed values; the DSL's KTable processors forward them downstream.

import type { Headers } from '../../common/headers.js';

/** One flushed cache entry: new value, old value (when old values are sent), and the write's timestamp and headers. */
export interface FlushedRecord<K, V> {
  readonly key: K;
  readonly newValue: V | null;
  /** The value the store held before (null unless `sendOldValues`, or when there was none). */
  readonly oldValue: V | null;
  readonly timestamp: number;
  readonly headers: Headers | undefined;
}

/** Hears flushed cache entries (Kafka's `CacheFlushListener`). Runs under the entry's record context. */
export type CacheFlushListener<K, V> = (record: FlushedRecord<K, V>) => void;

/** A store with a caching layer (Kafka's `CachedStateStore`). */
export interface CachedStateStore<K, V> {
  /**
   * Sets the listener of flushed entries; returns whether the store caches (false: nothing will be flushed
   * through the listener, and the caller forwards each write itself - Kafka's TimestampedTupleForwarder).
   */
  setFlushListener(listener: CacheFlushListener<K, V>, sendOldValues: boolean): boolean;
}

export function isCachedStateStore<K, V>(store: object): store is CachedStateStore<K, V> {
  return typeof (store as Partial<CachedStateStore<K, V>>).setFlushListener === 'function';
}

/**
 * Sets a flush listener on `store` if it caches (Kafka's `WrappedStateStore.setFlushListener`); returns true
 * when it does. For a store without caching returns false and the caller must forward writes itself.
 */
export function setFlushListener<K, V>(store: object, listener: CacheFlushListener<K, V>, sendOldValues: boolean): boolean {
  return isCachedStateStore<K, V>(store) ? store.setFlushListener(listener, sendOldValues) : false;
}
