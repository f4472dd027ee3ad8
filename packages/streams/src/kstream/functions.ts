import type { KeyValue } from '../common/key-value.js';

/** Kafka's `Predicate`: whether a record passes. */
export type Predicate<K, V> = (key: K, value: V) => boolean;

/** Kafka's `ValueMapper`: a new value from the value. */
export type ValueMapper<V, VR> = (value: V) => VR;

/**
 * Kafka's `ValueMapperWithKey`: a new value from the (read-only) key and the value, taken by
 * `mapValuesWithKey`/`flatMapValuesWithKey` (Kafka's `mapValues`/`flatMapValues` overloads).
 */
export type ValueMapperWithKey<K, V, VR> = (readOnlyKey: K, value: V) => VR;

/** Kafka's `KeyValueMapper`: anything computed from key and value (a new key, a KeyValue, a list of them). */
export type KeyValueMapper<K, V, R> = (key: K, value: V) => R;

/** Kafka's `ForeachAction`: a side effect per record. */
export type ForeachAction<K, V> = (key: K, value: V) => void;

/** What `map` returns: a {@link KeyValue} (or any `{ key, value }` object). */
export type KeyValueLike<K, V> = KeyValue<K, V> | { readonly key: K; readonly value: V };

/** Kafka's `Initializer`: the aggregate a key starts from. */
export type Initializer<VA> = () => VA;

/** Kafka's `Aggregator`: the new aggregate from the key, one value and the current aggregate. */
export type Aggregator<K, V, VA> = (key: K, value: V, aggregate: VA) => VA;

/** Kafka's `Reducer`: combines the current aggregate with one value of the same type. */
export type Reducer<V> = (aggregate: V, value: V) => V;
