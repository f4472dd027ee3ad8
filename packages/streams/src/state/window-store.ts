import type { KeyValue } from '../common/key-value.js';
import type { StateStore } from '../processor/state-store.js';
import type { Windowed } from '../kstream/windowed.js';
import type { KeyValueIterator } from './key-value-store.js';
import type { ValueAndTimestamp } from './value-and-timestamp.js';

/** Iterates one key's windows: keys are window start times (Kafka's `WindowStoreIterator`). */
export type WindowStoreIterator<V> = KeyValueIterator<number, V>;

/**
 * Reads of a window store (Kafka's `ReadOnlyWindowStore`). The point read of one window is synchronous; time
 * ranges are asynchronous iterators in window-start order (backward variants reverse it).
 */
export interface ReadOnlyWindowStore<K, V> {
  /** The value of the window of `key` starting at `windowStartTime`, or null. */
  fetch(key: K, windowStartTime: number): V | null;
  /** The windows of `key` starting within [timeFrom, timeTo]. */
  fetch(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V>;
  backwardFetch(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V>;
  /** Windows of keys in [keyFrom, keyTo] (null bounds are open) starting within [timeFrom, timeTo]. */
  fetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V>;
  backwardFetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V>;
  all(): KeyValueIterator<Windowed<K>, V>;
  backwardAll(): KeyValueIterator<Windowed<K>, V>;
  fetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V>;
  backwardFetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V>;
}

/**
 * A window store (Kafka's `WindowStore`): values per key and window start, kept for the retention period and
 * dropped segment by segment as stream time moves past it. Putting null deletes the window.
 */
export interface WindowStore<K, V> extends StateStore, ReadOnlyWindowStore<K, V> {
  put(key: K, value: V | null, windowStartTimestamp: number): void;
}

/** A window store with timestamped values (Kafka's `TimestampedWindowStore`). */
export type TimestampedWindowStore<K, V> = WindowStore<K, ValueAndTimestamp<V>>;


