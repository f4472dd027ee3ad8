import type { Aggregator, Initializer, Reducer } from '../../kstream/functions.js';
import type { CogroupedKStream, KGroupedStream, KTable } from '../../kstream/ktable.js';
import type { Materialized } from '../../kstream/materialized.js';
import type { Named } from '../../kstream/named.js';
import type { StoreBuilder } from '../../processor/state-store.js';
import type { Serde } from '../../serialization/serde.js';
import { Serdes } from '../../serialization/serdes.js';
import { CogroupedKStreamImpl } from './cogrouped-kstream-impl.js';
import type { RepartitionGraphNode } from './graph-nodes.js';
import type { GraphNode, InternalStreamsBuilder } from './internal-streams-builder.js';
import { KTableImpl } from './ktable-impl.js';
import { MaterializedInternal } from './materialized-internal.js';
import { createRepartitionedSource } from './repartition-source.js';
import { KStreamAggregateSupplier } from './table/kstream-aggregate.js';
import type { TableProcessorSupplier } from './table/table-supplier.js';
import { lazyStore, namedAndMaterialized } from './table-args.js';
import { TableProcessorGraphNode } from './table-graph-nodes.js';
import { windowedBy, type WindowsArg } from './windowed/windowed-by.js';
import type { SessionWindowedKStream } from '../../kstream/session-windowed-kstream.js';
import type { TimeWindowedKStream } from '../../kstream/time-windowed-kstream.js';

/** Kafka's KGroupedStreamImpl name prefixes. */
export const GroupedPrefix = {
  AGGREGATE: 'KSTREAM-AGGREGATE-',
  REDUCE: 'KSTREAM-REDUCE-',
} as const;


/** What a grouped stream carries (Kafka's KGroupedStreamImpl and GroupedInternal fields). */
export interface GroupedStreamState {
  /** The name of the node the grouping hangs off. */
  readonly name: string;
  readonly graphNode: GraphNode;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  /** The Grouped's name: the repartition topic's name instead of the store's. */
  readonly userRepartitionName: string | undefined;
  /** A key-changing operator came before: aggregations read through a repartition topic. */
  readonly repartitionRequired: boolean;
}

/**
 * Kafka's GroupedStreamAggregateBuilder: puts the repartition topic (when the key changed) in front of an
 * aggregation processor owning its store. Reused by windowed aggregations, which bring their own processor and
 * store builder.
 */
export class GroupedStreamAggregateBuilder {
  #repartitionNode: RepartitionGraphNode | undefined;

  constructor(readonly builder: InternalStreamsBuilder, readonly grouped: GroupedStreamState) {}

  /** The parent of an aggregation processor: the grouped node, or the repartition source in front of it. */
  parentFor(storeName: string): GraphNode {
    const { grouped, builder } = this;
    if (!grouped.repartitionRequired) return grouped.graphNode;
    const node = createRepartitionedSource(builder, grouped.graphNode, grouped.userRepartitionName ?? storeName, grouped.keySerde, grouped.valueSerde);
    // With a Grouped name, later aggregations of this grouping share the first one's repartition topic.
    if (this.#repartitionNode === undefined || grouped.userRepartitionName === undefined) this.#repartitionNode = node;
    builder.addGraphNode(this.#repartitionNode);
    return this.#repartitionNode;
  }

  build<K, VR>(
    functionName: string,
    storeName: string,
    store: () => StoreBuilder,
    supplier: TableProcessorSupplier,
    table: { keySerde: Serde<unknown> | undefined; valueSerde: Serde<unknown> | undefined; queryableName: string | undefined },
  ): KTableImpl<K, VR> {
    const parent = this.parentFor(storeName);
    const node = new TableProcessorGraphNode(functionName, [parent], supplier, () => [store()]);
    this.builder.addGraphNode(node);
    return new KTableImpl<K, VR>(this.builder, { name: functionName, graphNode: node, supplier, ...table });
  }
}

/** Kafka's KGroupedStreamImpl: count, reduce and aggregate into a timestamped key-value store, and cogroup. */
export class KGroupedStreamImpl<K, V> implements KGroupedStream<K, V> {
  readonly aggregateBuilder: GroupedStreamAggregateBuilder;

  constructor(readonly builder: InternalStreamsBuilder, readonly state: GroupedStreamState) {
    this.aggregateBuilder = new GroupedStreamAggregateBuilder(builder, state);
  }

  count(...rest: unknown[]): KTable<K, number> {
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    // Kafka burns a name for count(Materialized) without a store name, for compatibility with older topologies.
    if (materialized !== undefined && materialized.storeName === undefined) this.builder.newStoreName(GroupedPrefix.AGGREGATE);
    const m = this.#materialize(materialized, GroupedPrefix.AGGREGATE, Serdes.Long() as Serde<unknown>);
    const name = named ?? this.builder.newProcessorName(GroupedPrefix.AGGREGATE);
    return this.#build(name, m, KStreamAggregateSupplier.aggregate(m.storeName!, () => 0, (_k, _v, agg) => (agg as number) + 1));
  }

  reduce(reducer: Reducer<V>, ...rest: unknown[]): KTable<K, V> {
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    const m = this.#materialize(materialized, GroupedPrefix.REDUCE, this.state.valueSerde);
    const name = named ?? this.builder.newProcessorName(GroupedPrefix.REDUCE);
    return this.#build(name, m, KStreamAggregateSupplier.reduce(m.storeName!, reducer as Reducer<unknown>));
  }

  aggregate<VR>(initializer: Initializer<VR>, aggregator: Aggregator<K, V, VR>, ...rest: unknown[]): KTable<K, VR> {
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    const m = this.#materialize(materialized, GroupedPrefix.AGGREGATE, undefined);
    const name = named ?? this.builder.newProcessorName(GroupedPrefix.AGGREGATE);
    const supplier = KStreamAggregateSupplier.aggregate(m.storeName!, initializer as Initializer<unknown>, aggregator as Aggregator<unknown, unknown, unknown>);
    return this.#build(name, m, supplier);
  }

  windowedBy(windows: WindowsArg): TimeWindowedKStream<K, V> & SessionWindowedKStream<K, V> {
    return windowedBy(this, windows) as TimeWindowedKStream<K, V> & SessionWindowedKStream<K, V>;
  }

  cogroup<VOut>(aggregator: Aggregator<K, V, VOut>): CogroupedKStream<K, VOut> {
    return new CogroupedKStreamImpl<K, VOut>(this.builder).cogroup(this, aggregator);
  }

  /** The store's Materialized: name generated from `prefix` when none is given; serdes default to the grouping's. */
  #materialize(materialized: Materialized<unknown, unknown> | undefined, prefix: string, valueSerde: Serde<unknown> | undefined): MaterializedInternal<unknown, unknown> {
    const m = new MaterializedInternal(materialized, this.builder, prefix);
    m.keySerde ??= this.state.keySerde;
    m.valueSerde ??= valueSerde;
    return m;
  }

  #build<VR>(name: string, m: MaterializedInternal<unknown, unknown>, supplier: TableProcessorSupplier): KTable<K, VR> {
    return this.aggregateBuilder.build<K, VR>(name, m.storeName!, lazyStore(this.builder, m), supplier, {
      keySerde: m.keySerde,
      valueSerde: m.valueSerde,
      queryableName: m.queryableStoreName(),
    });
  }
}
