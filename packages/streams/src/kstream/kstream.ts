import type { FixedKeyProcessorSupplier, ProcessorSupplier } from '../processor/processor.js';
import type { TopicNameExtractor } from '../processor/extractors.js';
import type { Branched } from './branched.js';
import type { ForeachAction, KeyValueLike, KeyValueMapper, Predicate, ValueMapper, ValueMapperWithKey } from './functions.js';
import type { Grouped } from './grouped.js';
import type { Joined, ValueJoiner } from './joined.js';
import type { GlobalKTable, KGroupedStream, KTable } from './ktable.js';
import type { Materialized } from './materialized.js';
import type { Named } from './named.js';
import type { Printed } from './printed.js';
import type { Produced } from './produced.js';
import type { Repartitioned } from './repartitioned.js';
import type { StreamJoined } from './stream-joined.js';
import type { JoinWindows } from './windows/join-windows.js';

/**
 * A record stream (Kafka's `KStream<K, V>`): every record is an independent event. Operators return new
 * streams; processor names are generated as Kafka generates them (`KSTREAM-FILTER-0000000001`) unless
 * {@link Named} is given.
 */
export interface KStream<K, V> {
  /** Keeps records the predicate accepts (Kafka's `filter`). */
  filter(predicate: Predicate<K, V>, named?: Named): KStream<K, V>;
  /** Drops records the predicate accepts (Kafka's `filterNot`). */
  filterNot(predicate: Predicate<K, V>, named?: Named): KStream<K, V>;
  /** A new key per record; marks the stream for repartitioning before any key-based operation (Kafka's `selectKey`). */
  selectKey<KR>(mapper: KeyValueMapper<K, V, KR>, named?: Named): KStream<KR, V>;
  /** A new key and value per record (Kafka's `map`). */
  map<KR, VR>(mapper: KeyValueMapper<K, V, KeyValueLike<KR, VR>>, named?: Named): KStream<KR, VR>;
  /** A new value per record (Kafka's `mapValues(ValueMapper)`). */
  mapValues<VR>(mapper: ValueMapper<V, VR>, named?: Named): KStream<K, VR>;
  /**
   * A new value per record from the read-only key and the value: Kafka's `mapValues(ValueMapperWithKey)`
   * overload under its own name, because TypeScript cannot pick an overload by a callback's parameter count.
   */
  mapValuesWithKey<VR>(mapper: ValueMapperWithKey<K, V, VR>, named?: Named): KStream<K, VR>;
  /** Zero or more records per record (Kafka's `flatMap`). */
  flatMap<KR, VR>(mapper: KeyValueMapper<K, V, Iterable<KeyValueLike<KR, VR>>>, named?: Named): KStream<KR, VR>;
  /** Zero or more values per record, the key kept (Kafka's `flatMapValues(ValueMapper)`). */
  flatMapValues<VR>(mapper: ValueMapper<V, Iterable<VR>>, named?: Named): KStream<K, VR>;
  /** Zero or more values per record from the read-only key and the value (Kafka's `flatMapValues(ValueMapperWithKey)`). */
  flatMapValuesWithKey<VR>(mapper: ValueMapperWithKey<K, V, Iterable<VR>>, named?: Named): KStream<K, VR>;
  /** A side effect per record; the stream continues unchanged (Kafka's `peek`). */
  peek(action: ForeachAction<K, V>, named?: Named): KStream<K, V>;
  /** A side effect per record; ends the stream (Kafka's `foreach`). */
  foreach(action: ForeachAction<K, V>, named?: Named): void;
  /** Prints `[label]: key, value` per record (Kafka's `print`). */
  print(printed: Printed<K, V>): void;
  /** Routes each record to the first branch whose predicate accepts it (Kafka's `split`). */
  split(named?: Named): BranchedKStream<K, V>;
  /** Both streams' records in one stream (Kafka's `merge`). */
  merge(stream: KStream<K, V>, named?: Named): KStream<K, V>;
  /** Writes through an internal `<application.id>-<name>-repartition` topic and reads it back (Kafka's `repartition`). */
  repartition(repartitioned?: Repartitioned<K, V>): KStream<K, V>;
  /**
   * The stream as a table: each record is an update of its key, a null value a delete (Kafka's `toTable`).
   * Repartitions first when an earlier operator changed the key.
   */
  toTable(named?: Named): KTable<K, V>;
  toTable(materialized: Materialized<K, V>): KTable<K, V>;
  toTable(named: Named, materialized: Materialized<K, V>): KTable<K, V>;
  /**
   * Groups by the current key for an aggregation (Kafka's `groupByKey`); repartitions through
   * `<application.id>-<name>-repartition` only when an earlier operator changed the key.
   */
  groupByKey(grouped?: Grouped<K, V>): KGroupedStream<K, V>;
  /**
   * Groups by a new key (Kafka's `groupBy`): the aggregation that follows reads it through a repartition topic,
   * records whose new key is null are dropped before it.
   */
  groupBy<KR>(selector: KeyValueMapper<K, V, KR>, grouped?: Grouped<KR, V>): KGroupedStream<KR, V>;
  /** Writes to a topic, or to the topic an extractor picks (Kafka's `to`). */
  to(topic: string | TopicNameExtractor<K, V>, produced?: Produced<K, V>): void;
  /** Runs a Processor API processor; its output is the new stream (Kafka's `process`). */
  process<KR, VR>(supplier: ProcessorSupplier<K, V, KR, VR>, ...stateStoreNames: string[]): KStream<KR, VR>;
  process<KR, VR>(supplier: ProcessorSupplier<K, V, KR, VR>, named: Named, ...stateStoreNames: string[]): KStream<KR, VR>;
  /** Runs a fixed-key processor: values change, keys and partitioning stay (Kafka's `processValues`). */
  processValues<VR>(supplier: FixedKeyProcessorSupplier<K, V, VR>, ...stateStoreNames: string[]): KStream<K, VR>;
  processValues<VR>(supplier: FixedKeyProcessorSupplier<K, V, VR>, named: Named, ...stateStoreNames: string[]): KStream<K, VR>;
  /**
   * Joins with another stream within a time window (Kafka's `join(KStream, ValueJoiner, JoinWindows,
   * StreamJoined)`): each record meets the other stream's records of the same key whose timestamps lie within
   * the window; the result's timestamp is the larger one. Both sides repartition first if their keys changed.
   */
  join<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V, VO, VR>, windows: JoinWindows, streamJoined?: StreamJoined<K, V, VO>): KStream<K, VR>;
  /** Looks each record's key up in a table (Kafka's `join(KTable, ValueJoiner, Joined)`); records without a row are dropped. */
  join<VT, VR>(table: KTable<K, VT>, joiner: ValueJoiner<V, VT, VR>, joined?: Joined<K, V, VT>): KStream<K, VR>;
  /** Looks the key `keySelector` derives up in a global table (Kafka's `join(GlobalKTable, KeyValueMapper, ValueJoiner, Named)`). */
  join<GK, GV, VR>(globalTable: GlobalKTable<GK, GV>, keySelector: KeyValueMapper<K, V, GK>, joiner: ValueJoiner<V, GV, VR>, named?: Named): KStream<K, VR>;
  /**
   * Like the windowed `join`, but every record of this stream yields a result: unmatched ones joined with null
   * once their window closes (Kafka's `leftJoin(KStream, ...)`; eagerly with the deprecated `JoinWindows.of`).
   */
  leftJoin<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V, VO | null, VR>, windows: JoinWindows, streamJoined?: StreamJoined<K, V, VO>): KStream<K, VR>;
  /** Like the table `join`, but records without a row are joined with null (Kafka's `leftJoin(KTable, ...)`). */
  leftJoin<VT, VR>(table: KTable<K, VT>, joiner: ValueJoiner<V, VT | null, VR>, joined?: Joined<K, V, VT>): KStream<K, VR>;
  /** Like the global table `join`, but records without a row are joined with null (Kafka's `leftJoin(GlobalKTable, ...)`). */
  leftJoin<GK, GV, VR>(globalTable: GlobalKTable<GK, GV>, keySelector: KeyValueMapper<K, V, GK>, joiner: ValueJoiner<V, GV | null, VR>, named?: Named): KStream<K, VR>;
  /** Like `leftJoin` in both directions: unmatched records of either stream are joined with null (Kafka's `outerJoin`). */
  outerJoin<VO, VR>(other: KStream<K, VO>, joiner: ValueJoiner<V | null, VO | null, VR>, windows: JoinWindows, streamJoined?: StreamJoined<K, V, VO>): KStream<K, VR>;
}

/**
 * The branches of a `split()` (Kafka's `BranchedKStream`). Predicates are tried in order; a record goes to the
 * first branch that accepts it, or to the default branch, or nowhere.
 */
export interface BranchedKStream<K, V> {
  branch(predicate: Predicate<K, V>, branched?: Branched<K, V>): BranchedKStream<K, V>;
  /** Ends the split with a branch for the records no predicate accepted; returns the branches by name. */
  defaultBranch(branched?: Branched<K, V>): Map<string, KStream<K, V>>;
  /** Ends the split; unmatched records are dropped. Returns the branches by name. */
  noDefaultBranch(): Map<string, KStream<K, V>>;
}
