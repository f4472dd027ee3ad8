import type { Aggregator, Initializer, Reducer } from './functions.js';
import type { KTable } from './ktable.js';
import type { Materialized } from './materialized.js';
import type { Named } from './named.js';
import type { Windowed } from './windowed.js';
import type { EmitStrategy } from './windows/emit-strategy.js';

/** Kafka's `Merger`: combines the aggregates of two sessions that a new record joins into one. */
export type Merger<K, V> = (aggKey: K, aggOne: V, aggTwo: V) => V;

/**
 * A grouped stream cut into session windows, ready to aggregate (Kafka's `SessionWindowedKStream<K, V>`). A
 * session of a key spans its records closer together than the inactivity gap; a record that bridges two sessions
 * merges them: the old sessions are forwarded as deletes (null values) and the merged one as a new row. Rows are
 * stamped with their session's end.
 *
 * @example
 * ```ts
 * const sessions = clicks.groupByKey()
 *   .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5 * 60_000))
 *   .count();
 * ```
 */
export interface SessionWindowedKStream<K, V> {
  /** The number of records per session (Kafka's `count`). */
  count(named?: Named): KTable<Windowed<K>, number>;
  count(materialized: Materialized<K, number>): KTable<Windowed<K>, number>;
  count(named: Named, materialized: Materialized<K, number>): KTable<Windowed<K>, number>;
  /** Combines the values per session; merging sessions reduces their aggregates (Kafka's `reduce`). */
  reduce(reducer: Reducer<V>, named?: Named): KTable<Windowed<K>, V>;
  reduce(reducer: Reducer<V>, materialized: Materialized<K, V>): KTable<Windowed<K>, V>;
  reduce(reducer: Reducer<V>, named: Named, materialized: Materialized<K, V>): KTable<Windowed<K>, V>;
  /** Folds the values per session; `sessionMerger` combines two sessions' aggregates (Kafka's `aggregate`). */
  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, sessionMerger: Merger<K, VR>, named?: Named): KTable<Windowed<K>, VR>;
  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, sessionMerger: Merger<K, VR>, materialized: Materialized<K, VR>): KTable<Windowed<K>, VR>;
  aggregate<VR>(
    initializer: Initializer<VR>,
    aggregator: Aggregator<K, V, VR>,
    sessionMerger: Merger<K, VR>,
    named: Named,
    materialized: Materialized<K, VR>,
  ): KTable<Windowed<K>, VR>;
  /** When results are emitted: on every update (default) or once per session when it closes (Kafka's `emitStrategy`). */
  emitStrategy(emitStrategy: EmitStrategy): SessionWindowedKStream<K, V>;
}

/** A cogroup cut into session windows (Kafka's `SessionWindowedCogroupedKStream<K, V>`). */
export interface SessionWindowedCogroupedKStream<K, V> {
  aggregate(initializer: Initializer<V>, sessionMerger: Merger<K, V>, named?: Named): KTable<Windowed<K>, V>;
  aggregate(initializer: Initializer<V>, sessionMerger: Merger<K, V>, materialized: Materialized<K, V>): KTable<Windowed<K>, V>;
  aggregate(initializer: Initializer<V>, sessionMerger: Merger<K, V>, named: Named, materialized: Materialized<K, V>): KTable<Windowed<K>, V>;
}
