import type { Aggregator, Initializer, KeyValueLike, KeyValueMapper, Predicate, Reducer, ValueMapper, ValueMapperWithKey } from './functions.js';
import type { Grouped } from './grouped.js';
import type { ValueJoiner } from './joined.js';
import type { KStream } from './kstream.js';
import type { Materialized } from './materialized.js';
import type { Named } from './named.js';
import type { TableJoined } from './table-joined.js';
import type { SessionWindowedCogroupedKStream, SessionWindowedKStream } from './session-windowed-kstream.js';
import type { Suppressed } from './suppressed.js';
import type { TimeWindowedCogroupedKStream, TimeWindowedKStream } from './time-windowed-kstream.js';
import type { Window } from './windowed.js';
import type { SessionWindows } from './windows/session-windows.js';
import type { SlidingWindows } from './windows/sliding-windows.js';
import type { EnumerableWindowDefinition } from './windows/windows.js';

/**
 * A changelog stream seen as a table (Kafka's `KTable<K, V>`): each record is an update of its key; a null value
 * deletes the key. Operators forward each update as a change (new value, and the old one where a downstream
 * operator needs it, as Kafka does); a table is materialized in a store only when a {@link Materialized} with a
 * name asks for it or a downstream operator needs it.
 */
export interface KTable<K, V> {
  /** Keeps the rows the predicate accepts; a row that stops matching is forwarded as a delete (Kafka's `filter`). */
  filter(predicate: Predicate<K, V>, named?: Named): KTable<K, V>;
  filter(predicate: Predicate<K, V>, materialized: Materialized<K, V>): KTable<K, V>;
  filter(predicate: Predicate<K, V>, named: Named, materialized: Materialized<K, V>): KTable<K, V>;
  /** Drops the rows the predicate accepts (Kafka's `filterNot`). */
  filterNot(predicate: Predicate<K, V>, named?: Named): KTable<K, V>;
  filterNot(predicate: Predicate<K, V>, materialized: Materialized<K, V>): KTable<K, V>;
  filterNot(predicate: Predicate<K, V>, named: Named, materialized: Materialized<K, V>): KTable<K, V>;
  /** A new value per row; deletes stay deletes (Kafka's `mapValues(ValueMapper)`). */
  mapValues<VR>(mapper: ValueMapper<V, VR>, named?: Named): KTable<K, VR>;
  mapValues<VR>(mapper: ValueMapper<V, VR>, materialized: Materialized<K, VR>): KTable<K, VR>;
  mapValues<VR>(mapper: ValueMapper<V, VR>, named: Named, materialized: Materialized<K, VR>): KTable<K, VR>;
  /** A new value per row from the read-only key and the value (Kafka's `mapValues(ValueMapperWithKey)`). */
  mapValuesWithKey<VR>(mapper: ValueMapperWithKey<K, V, VR>, named?: Named): KTable<K, VR>;
  mapValuesWithKey<VR>(mapper: ValueMapperWithKey<K, V, VR>, materialized: Materialized<K, VR>): KTable<K, VR>;
  mapValuesWithKey<VR>(mapper: ValueMapperWithKey<K, V, VR>, named: Named, materialized: Materialized<K, VR>): KTable<K, VR>;
  /** The table's updates as a stream; a delete becomes a record with a null value (Kafka's `toStream`). */
  toStream(named?: Named): KStream<K, V>;
  /**
   * Re-groups the rows by a new key for an aggregation with adder and subtractor (Kafka's `groupBy`). Always goes
   * through a repartition topic, which carries both the old and the new value of each update.
   */
  groupBy<KR, VR>(selector: KeyValueMapper<K, V, KeyValueLike<KR, VR>>, grouped?: Grouped<KR, VR>): KGroupedTable<KR, VR>;
  /** The name of the store this table can be queried in, or null when it is not queryable (Kafka's `queryableStoreName`). */
  queryableStoreName(): string | null;
  /**
   * Joins with another table on the key (Kafka's `join(KTable, ValueJoiner, Named, Materialized)`): a result row
   * exists while both tables have the key, updated by changes on either side, deleted by a delete on either.
   */
  join<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO, VR>, named?: Named, materialized?: Materialized<K, VR>): KTable<K, VR>;
  join<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO, VR>, materialized: Materialized<K, VR>): KTable<K, VR>;
  /**
   * Joins each row with the other table's row whose key `foreignKeyExtractor` picks from the value (Kafka's
   * foreign-key `join`), through subscription and response topics; the tables need not be co-partitioned.
   */
  join<VR, KO, VO>(other: KTable<KO, VO>, foreignKeyExtractor: (value: V) => KO, joiner: ValueJoiner<V, VO, VR>, tableJoined?: TableJoined<K, KO>, materialized?: Materialized<K, VR>): KTable<K, VR>;
  /** Like `join`, but a row of this table without a partner joins null (Kafka's `leftJoin(KTable, ...)`). */
  leftJoin<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO | null, VR>, named?: Named, materialized?: Materialized<K, VR>): KTable<K, VR>;
  leftJoin<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V, VO | null, VR>, materialized: Materialized<K, VR>): KTable<K, VR>;
  /** The foreign-key `leftJoin` (Kafka's `leftJoin(KTable, Function, ValueJoiner, TableJoined, Materialized)`). */
  leftJoin<VR, KO, VO>(other: KTable<KO, VO>, foreignKeyExtractor: (value: V) => KO, joiner: ValueJoiner<V, VO | null, VR>, tableJoined?: TableJoined<K, KO>, materialized?: Materialized<K, VR>): KTable<K, VR>;
  /** Rows of either table, joined with null where the other has none (Kafka's `outerJoin(KTable, ...)`). */
  outerJoin<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V | null, VO | null, VR>, named?: Named, materialized?: Materialized<K, VR>): KTable<K, VR>;
  outerJoin<VO, VR>(other: KTable<K, VO>, joiner: ValueJoiner<V | null, VO | null, VR>, materialized: Materialized<K, VR>): KTable<K, VR>;
  /**
   * Holds updates back (Kafka's `suppress`): until a window closes (one final result per window of a windowed
   * table) or until a time limit passes per key; see {@link Suppressed}.
   */
  suppress(suppressed: Suppressed<K>): KTable<K, V>;
}

/**
 * A stream grouped by key, ready to aggregate (Kafka's `KGroupedStream<K, V>`). Records with a null key or a null
 * value are skipped by the aggregations (Kafka's "dropped-records" with a warning).
 */
export interface KGroupedStream<K, V> {
  /** The number of records per key (Kafka's `count`). */
  count(named?: Named): KTable<K, number>;
  count(materialized: Materialized<K, number>): KTable<K, number>;
  count(named: Named, materialized: Materialized<K, number>): KTable<K, number>;
  /** Combines the values per key; the first value is the first aggregate (Kafka's `reduce`). */
  reduce(reducer: Reducer<V>, named?: Named): KTable<K, V>;
  reduce(reducer: Reducer<V>, materialized: Materialized<K, V>): KTable<K, V>;
  reduce(reducer: Reducer<V>, named: Named, materialized: Materialized<K, V>): KTable<K, V>;
  /** Folds the values per key into an aggregate starting from `initializer()` (Kafka's `aggregate`). */
  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, named?: Named): KTable<K, VR>;
  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, materialized: Materialized<K, VR>): KTable<K, VR>;
  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, named: Named, materialized: Materialized<K, VR>): KTable<K, VR>;
  /** Starts a co-aggregation of several grouped streams into one table (Kafka's `cogroup`). */
  cogroup<VOut>(aggregator: Aggregator<K, V, VOut>): CogroupedKStream<K, VOut>;
  /** Cuts the grouped stream into session windows for a windowed aggregation (Kafka's `windowedBy(SessionWindows)`). */
  windowedBy(windows: SessionWindows): SessionWindowedKStream<K, V>;
  /** Cuts the grouped stream into fixed-size or sliding windows (Kafka's `windowedBy(Windows)`/`windowedBy(SlidingWindows)`). */
  windowedBy(windows: EnumerableWindowDefinition<Window> | SlidingWindows): TimeWindowedKStream<K, V>;
}

/**
 * Several grouped streams aggregated into one table with one store (Kafka's `CogroupedKStream<K, VOut>`): each
 * stream has its own aggregator; all share the initializer and the aggregate.
 */
export interface CogroupedKStream<K, VOut> {
  cogroup<V>(groupedStream: KGroupedStream<K, V>, aggregator: Aggregator<K, V, VOut>): CogroupedKStream<K, VOut>;
  aggregate(initializer: Initializer<VOut>, named?: Named): KTable<K, VOut>;
  aggregate(initializer: Initializer<VOut>, materialized: Materialized<K, VOut>): KTable<K, VOut>;
  aggregate(initializer: Initializer<VOut>, named: Named, materialized: Materialized<K, VOut>): KTable<K, VOut>;
  /** The cogroup in session windows (Kafka's `windowedBy(SessionWindows)`). */
  windowedBy(windows: SessionWindows): SessionWindowedCogroupedKStream<K, VOut>;
  /** The cogroup in fixed-size or sliding windows (Kafka's `windowedBy(Windows)`/`windowedBy(SlidingWindows)`). */
  windowedBy(windows: EnumerableWindowDefinition<Window> | SlidingWindows): TimeWindowedCogroupedKStream<K, VOut>;
}

/**
 * A table re-grouped by a new key (Kafka's `KGroupedTable<K, V>`). Each update of the source table removes the
 * old value from the aggregate of its old key (the subtractor) and adds the new value to the aggregate of its
 * new key (the adder).
 */
export interface KGroupedTable<K, V> {
  count(named?: Named): KTable<K, number>;
  count(materialized: Materialized<K, number>): KTable<K, number>;
  count(named: Named, materialized: Materialized<K, number>): KTable<K, number>;
  reduce(adder: Reducer<V>, subtractor: Reducer<V>, named?: Named): KTable<K, V>;
  reduce(adder: Reducer<V>, subtractor: Reducer<V>, materialized: Materialized<K, V>): KTable<K, V>;
  reduce(adder: Reducer<V>, subtractor: Reducer<V>, named: Named, materialized: Materialized<K, V>): KTable<K, V>;
  aggregate<VR>(initializer: Initializer<VR>, adder: Aggregator<K, V, VR>, subtractor: Aggregator<K, V, VR>, named?: Named): KTable<K, VR>;
  aggregate<VR>(initializer: Initializer<VR>, adder: Aggregator<K, V, VR>, subtractor: Aggregator<K, V, VR>, materialized: Materialized<K, VR>): KTable<K, VR>;
  aggregate<VR>(initializer: Initializer<VR>, adder: Aggregator<K, V, VR>, subtractor: Aggregator<K, V, VR>, named: Named, materialized: Materialized<K, VR>): KTable<K, VR>;
}

/**
 * A table replicated in full on every instance (Kafka's `GlobalKTable<K, V>`): its store is filled from every
 * partition of its topic before processing starts, and kept up to date while running. `K` and `V` type the
 * stream-table joins that read it.
 */
export interface GlobalKTable<K, V> {
  /** The name of its store (Kafka's `queryableStoreName`). */
  queryableStoreName(): string;
}
