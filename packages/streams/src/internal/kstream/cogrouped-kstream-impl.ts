import { TopologyException } from '../../common/errors.js';
import type { Aggregator, Initializer } from '../../kstream/functions.js';
import type { CogroupedKStream, KGroupedStream, KTable } from '../../kstream/ktable.js';
import type { Materialized } from '../../kstream/materialized.js';
import type { Named } from '../../kstream/named.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';
import type { KGroupedStreamImpl } from './kgrouped-stream-impl.js';
import { KTableImpl } from './ktable-impl.js';
import { MaterializedInternal } from './materialized-internal.js';
import { KStreamAggregateSupplier } from './table/kstream-aggregate.js';
import { KTablePassThrough } from './table/ktable-pass-through.js';
import { lazyStore, namedAndMaterialized, suffixedOrGenerated } from './table-args.js';
import { TableProcessorGraphNode } from './table-graph-nodes.js';
import { cogroupWindowedBy, type CogroupGroups } from './windowed/cogrouped-windowed-impl.js';
import type { WindowsArg } from './windowed/windowed-by.js';
import type { SessionWindowedCogroupedKStream } from '../../kstream/session-windowed-kstream.js';
import type { TimeWindowedCogroupedKStream } from '../../kstream/time-windowed-kstream.js';

/** Kafka's CogroupedKStreamImpl name prefixes. */
const CogroupPrefix = {
  AGGREGATE: 'COGROUPKSTREAM-AGGREGATE-',
  MERGE: 'COGROUPKSTREAM-MERGE-',
} as const;


/**
 * Kafka's CogroupedKStreamImpl with CogroupedStreamAggregateBuilder: one aggregate processor per grouped stream
 * (each behind its repartition topic when its key changed), all writing one store, merged by a pass-through node
 * that is the resulting table.
 */
export class CogroupedKStreamImpl<K, VOut> implements CogroupedKStream<K, VOut> {
  readonly #groups = new Map<KGroupedStreamImpl<K, unknown>, Aggregator<unknown, unknown, unknown>>();

  constructor(readonly builder: InternalStreamsBuilder) {}

  cogroup<V>(groupedStream: KGroupedStream<K, V>, aggregator: Aggregator<K, V, VOut>): CogroupedKStream<K, VOut> {
    if (groupedStream === undefined || groupedStream === null) throw new TopologyException('groupedStream cannot be null');
    this.#groups.set(groupedStream as unknown as KGroupedStreamImpl<K, unknown>, aggregator as Aggregator<unknown, unknown, unknown>);
    return this;
  }

  windowedBy(windows: WindowsArg): TimeWindowedCogroupedKStream<K, VOut> & SessionWindowedCogroupedKStream<K, VOut> {
    return cogroupWindowedBy(this.builder, this.#groups as unknown as CogroupGroups, windows) as TimeWindowedCogroupedKStream<K, VOut> & SessionWindowedCogroupedKStream<K, VOut>;
  }

  aggregate(initializer: Initializer<VOut>, ...rest: unknown[]): KTable<K, VOut> {
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    const m = new MaterializedInternal(materialized, this.builder, CogroupPrefix.AGGREGATE);
    const storeName = m.storeName!;
    // Every grouped stream gets its parent (a repartition source if needed) before any processor is named.
    const parents = [...this.#groups.keys()].map((g) => g.aggregateBuilder.parentFor(storeName));
    const store = lazyStore(this.builder, m);
    const suppliers: KStreamAggregateSupplier[] = [];
    const nodes: TableProcessorGraphNode[] = [];
    let counter = 0;
    for (const aggregator of this.#groups.values()) {
      const supplier = KStreamAggregateSupplier.aggregate(storeName, initializer as Initializer<unknown>, aggregator);
      const name = suffixedOrGenerated(this.builder, named, `-cogroup-agg-${counter}`, CogroupPrefix.AGGREGATE);
      // The first processor adds the shared store; the others connect to it.
      const node = counter === 0
        ? new TableProcessorGraphNode(name, [parents[counter]!], supplier, () => [store()])
        : new TableProcessorGraphNode(name, [parents[counter]!], supplier, () => [], [storeName]);
      counter++;
      this.builder.addGraphNode(node);
      suppliers.push(supplier);
      nodes.push(node);
    }
    const mergeName = suffixedOrGenerated(this.builder, named, '-cogroup-merge', CogroupPrefix.MERGE);
    const passThrough = new KTablePassThrough(suppliers);
    const mergeNode = new TableProcessorGraphNode(mergeName, nodes, passThrough);
    this.builder.addGraphNode(mergeNode);
    return new KTableImpl<K, VOut>(this.builder, {
      name: mergeName, graphNode: mergeNode, supplier: passThrough,
      keySerde: m.keySerde, valueSerde: m.valueSerde, queryableName: m.queryableStoreName(),
    });
  }
}
