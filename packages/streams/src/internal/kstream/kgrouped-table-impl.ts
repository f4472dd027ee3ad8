import type { Aggregator, Initializer, Reducer } from '../../kstream/functions.js';
import type { KGroupedTable, KTable } from '../../kstream/ktable.js';
import type { Materialized } from '../../kstream/materialized.js';
import type { Named } from '../../kstream/named.js';
import type { Serde } from '../../serialization/serde.js';
import { Serdes } from '../../serialization/serdes.js';
import type { GraphNode, InternalStreamsBuilder } from './internal-streams-builder.js';
import { KTableImpl, TablePrefix } from './ktable-impl.js';
import { MaterializedInternal } from './materialized-internal.js';
import { Prefix } from './naming.js';
import { KTableAggregateSupplier } from './table/ktable-aggregate.js';
import { lazyStore, namedAndMaterialized, suffixedOrGenerated } from './table-args.js';
import { GroupedTableRepartitionGraphNode, TableProcessorGraphNode } from './table-graph-nodes.js';


/**
 * Kafka's KGroupedTableImpl: every aggregation reads the select processor's changes back from
 * `<application.id>-<name>-repartition` (the Grouped name, else the store name) and folds them with an adder and a
 * subtractor. Aggregations of one Grouped with a name share its repartition topic.
 */
export class KGroupedTableImpl<K, V> implements KGroupedTable<K, V> {
  #repartitionNode: GroupedTableRepartitionGraphNode | undefined;

  constructor(
    readonly builder: InternalStreamsBuilder,
    readonly selectNode: GraphNode,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly userRepartitionName: string | undefined,
  ) {}

  count(...rest: unknown[]): KTable<K, number> {
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    const m = this.#materialize(materialized, TablePrefix.AGGREGATE, Serdes.Long() as Serde<unknown>);
    const supplier = KTableAggregateSupplier.aggregate(m.storeName!, () => 0, (_k, _v, agg) => (agg as number) + 1, (_k, _v, agg) => (agg as number) - 1);
    return this.#aggregate(supplier, named, TablePrefix.AGGREGATE, m);
  }

  reduce(adder: Reducer<V>, subtractor: Reducer<V>, ...rest: unknown[]): KTable<K, V> {
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    const m = this.#materialize(materialized, TablePrefix.REDUCE, this.valueSerde);
    const supplier = KTableAggregateSupplier.reduce(m.storeName!, adder as Reducer<unknown>, subtractor as Reducer<unknown>);
    return this.#aggregate(supplier, named, TablePrefix.REDUCE, m);
  }

  aggregate<VR>(initializer: Initializer<VR>, adder: Aggregator<K, V, VR>, subtractor: Aggregator<K, V, VR>, ...rest: unknown[]): KTable<K, VR> {
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    const m = this.#materialize(materialized, TablePrefix.AGGREGATE, undefined);
    const supplier = KTableAggregateSupplier.aggregate(
      m.storeName!,
      initializer as Initializer<unknown>,
      adder as Aggregator<unknown, unknown, unknown>,
      subtractor as Aggregator<unknown, unknown, unknown>,
    );
    return this.#aggregate(supplier, named, TablePrefix.AGGREGATE, m);
  }

  /** The store's Materialized: name generated from `prefix` when none is given; serdes default to the grouping's. */
  #materialize(materialized: Materialized<unknown, unknown> | undefined, prefix: string, valueSerde: Serde<unknown> | undefined): MaterializedInternal<unknown, unknown> {
    const m = new MaterializedInternal(materialized, this.builder, prefix);
    m.keySerde ??= this.keySerde;
    m.valueSerde ??= valueSerde;
    return m;
  }

  #aggregate<VR>(supplier: KTableAggregateSupplier, named: string | undefined, prefix: string, m: MaterializedInternal<unknown, unknown>): KTable<K, VR> {
    const { builder } = this;
    const sinkName = suffixedOrGenerated(builder, named, '-sink', Prefix.SINK);
    const sourceName = suffixedOrGenerated(builder, named, '-source', Prefix.SOURCE);
    const funcName = named ?? builder.newProcessorName(prefix);
    const topic = `${this.userRepartitionName ?? m.storeName!}-repartition`;
    if (this.#repartitionNode === undefined || this.userRepartitionName === undefined) {
      this.#repartitionNode = new GroupedTableRepartitionGraphNode(sourceName, [this.selectNode], sinkName, topic, this.keySerde, this.valueSerde);
    }
    builder.addGraphNode(this.#repartitionNode);
    const store = lazyStore(builder, m);
    const node = new TableProcessorGraphNode(funcName, [this.#repartitionNode], supplier, () => [store()]);
    builder.addGraphNode(node);
    return new KTableImpl<K, VR>(builder, {
      name: funcName, graphNode: node, supplier,
      keySerde: m.keySerde, valueSerde: m.valueSerde, queryableName: m.queryableStoreName(),
    });
  }
}
