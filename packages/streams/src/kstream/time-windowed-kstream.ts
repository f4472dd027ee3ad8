import type { Aggregator, Initializer, Reducer } from './functions.js';
import type { KTable } from './ktable.js';
import type { Materialized } from './materialized.js';
import type { Named } from './named.js';
import type { Windowed } from './windowed.js';
import type { EmitStrategy } from './windows/emit-strategy.js';

/**
 * A grouped stream cut into fixed-size or sliding windows, ready to aggregate (Kafka's `TimeWindowedKStream<K, V>`):
 * each aggregation returns a table keyed by {@link Windowed} keys, kept in a window store whose retention defaults
 * to window size + grace period. Records with a null key are dropped; records later than their window's end +
 * grace are dropped and counted in the task's `dropped-records-total` metric.
 *
 * @example
 * ```ts
 * const counts = stream.groupByKey()
 *   .windowedBy(TimeWindows.ofSizeAndGrace(60_000, 10_000))
 *   .count(Materialized.as<string, number>('counts-per-minute'));
 * counts.toStream().to('counts', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(Serdes.String(), 60_000), Serdes.Long()));
 * ```
 */
export interface TimeWindowedKStream<K, V> {
  /** The number of records per key and window (Kafka's `count`). */
  count(named?: Named): KTable<Windowed<K>, number>;
  count(materialized: Materialized<K, number>): KTable<Windowed<K>, number>;
  count(named: Named, materialized: Materialized<K, number>): KTable<Windowed<K>, number>;
  /** Combines the values per key and window; the first value is the first aggregate (Kafka's `reduce`). */
  reduce(reducer: Reducer<V>, named?: Named): KTable<Windowed<K>, V>;
  reduce(reducer: Reducer<V>, materialized: Materialized<K, V>): KTable<Windowed<K>, V>;
  reduce(reducer: Reducer<V>, named: Named, materialized: Materialized<K, V>): KTable<Windowed<K>, V>;
  /** Folds the values per key and window into an aggregate starting from `initializer()` (Kafka's `aggregate`). */
  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, named?: Named): KTable<Windowed<K>, VR>;
  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, materialized: Materialized<K, VR>): KTable<Windowed<K>, VR>;
  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, named: Named, materialized: Materialized<K, VR>): KTable<Windowed<K>, VR>;
  /**
   * When results are emitted (Kafka's `emitStrategy`): on every update (default) or once per window when it
   * closes ({@link EmitStrategy.onWindowClose}).
   */
  emitStrategy(emitStrategy: EmitStrategy): TimeWindowedKStream<K, V>;
}

/**
 * A cogroup cut into fixed-size or sliding windows (Kafka's `TimeWindowedCogroupedKStream<K, V>`): every grouped
 * stream's aggregator folds into one windowed aggregate per key and window.
 */
export interface TimeWindowedCogroupedKStream<K, V> {
  aggregate(initializer: Initializer<V>, named?: Named): KTable<Windowed<K>, V>;
  aggregate(initializer: Initializer<V>, materialized: Materialized<K, V>): KTable<Windowed<K>, V>;
  aggregate(initializer: Initializer<V>, named: Named, materialized: Materialized<K, V>): KTable<Windowed<K>, V>;
}
