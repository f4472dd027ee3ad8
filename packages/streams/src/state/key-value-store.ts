import type { KeyValue } from '../common/key-value.js';
import type { StateStore } from '../processor/state-store.js';
import type { Serializer } from '../serialization/serde.js';
import type { ValueAndTimestamp } from './value-and-timestamp.js';

/**
 * An iterator over a store range (Kafka's `KeyValueIterator`). Ranges are asynchronous (LevelDB iterates
 * asynchronously): use `for await`, and `close()` an iterator you leave early (a `for await` that breaks closes it).
 */
export interface KeyValueIterator<K, V> extends AsyncIterableIterator<KeyValue<K, V>> {
  /** The key the next call returns, without advancing; undefined at the end (Kafka's `peekNextKey`). */
  peekNextKey(): Promise<K | undefined>;
  close(): Promise<void>;
}

/**
 * Reads of a key-value store (Kafka's `ReadOnlyKeyValueStore`). Point reads are synchronous (decision 4 of
 * DESIGN.md); ranges are asynchronous iterators. Ranges are ordered by the serialized key bytes, as Kafka's.
 */
export interface ReadOnlyKeyValueStore<K, V> {
  /** The value of `key`, or null when absent. */
  get(key: K): V | null;
  /** Keys from `from` to `to`, both inclusive; a null bound is open. */
  range(from: K | null, to: K | null): KeyValueIterator<K, V>;
  reverseRange(from: K | null, to: K | null): KeyValueIterator<K, V>;
  all(): KeyValueIterator<K, V>;
  reverseAll(): KeyValueIterator<K, V>;
  /** Keys whose serialized form starts with the serialized `prefix`. */
  prefixScan<P>(prefix: P, prefixKeySerializer: Serializer<P>): KeyValueIterator<K, V>;
  /** An estimate of the number of keys. */
  approximateNumEntries(): number;
}

/** A key-value store (Kafka's `KeyValueStore`). Putting null deletes the key. */
export interface KeyValueStore<K, V> extends StateStore, ReadOnlyKeyValueStore<K, V> {
  put(key: K, value: V | null): void;
  /** Puts when absent; returns the existing value, or null when it put. */
  putIfAbsent(key: K, value: V | null): V | null;
  putAll(entries: readonly KeyValue<K, V | null>[]): void;
  /** Deletes `key`; returns the old value or null. */
  delete(key: K): V | null;
}

/** A key-value store whose values carry the timestamp of their last update (Kafka's `TimestampedKeyValueStore`). */
export type TimestampedKeyValueStore<K, V> = KeyValueStore<K, ValueAndTimestamp<V>>;
