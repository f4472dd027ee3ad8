import { FailOnInvalidTimestamp, type TimestampExtractor } from '../../processor/extractors.js';
import type { StoreBuilder } from '../../processor/state-store.js';
import type { Deserializer, Serde, Serializer } from '../../serialization/serde.js';
import type { AutoOffsetReset } from '../../topology/auto-offset-reset.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { ChangedDeserializer, ChangedSerializer } from './change-serde.js';
import type { GraphNode } from './internal-streams-builder.js';
import type { TableProcessor } from './table/table-supplier.js';

const names = (nodes: readonly GraphNode[]) => nodes.map((n) => n.nodeName);

/** The stores of a node, decided when the topology is written: a downstream operator may still materialize it. */
export type LazyStores = () => readonly StoreBuilder[];

/**
 * A table operator's processor and the stores it owns (Kafka's TableProcessorNode, StatefulProcessorNode and
 * StreamToTableNode): `stores` is asked at write time, after every downstream operator had its say.
 */
export class TableProcessorGraphNode implements GraphNode {
  constructor(
    readonly nodeName: string,
    readonly parents: readonly GraphNode[],
    readonly supplier: { get(): TableProcessor },
    readonly stores: LazyStores = () => [],
    /** Stores another node adds, connected here too (the aggregators of a cogroup share one store). */
    readonly connectedStoreNames: readonly string[] = [],
  ) {}

  write(builder: InternalTopologyBuilder): void {
    const supplier = this.supplier;
    builder.addProcessor(this.nodeName, () => ({ fixedKey: false, processor: supplier.get() }), names(this.parents));
    for (const store of this.stores()) builder.addStateStore(store, [this.nodeName], true);
    for (const store of this.connectedStoreNames) builder.connectProcessorAndStateStore(this.nodeName, store);
  }
}

/** What `builder.table()` reads: the source topic, and how (Kafka's ConsumedInternal). */
export interface TableSourceSpec {
  readonly topic: string;
  readonly sourceName: string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly timestampExtractor: TimestampExtractor | undefined;
  readonly offsetReset: AutoOffsetReset | undefined;
}

/** `builder.table()` (Kafka's TableSourceNode): a source, the KTABLE-SOURCE processor, and its store if materialized. */
export class TableSourceGraphNode implements GraphNode {
  readonly parents: readonly GraphNode[] = [];

  constructor(
    readonly nodeName: string,
    readonly spec: TableSourceSpec,
    readonly supplier: { get(): TableProcessor; materialized(): boolean },
    readonly store: () => StoreBuilder,
  ) {}

  write(builder: InternalTopologyBuilder): void {
    const { spec, supplier } = this;
    builder.addSource({
      name: spec.sourceName,
      topics: [spec.topic],
      pattern: undefined,
      keyDeserializer: spec.keySerde?.deserializer(),
      valueDeserializer: spec.valueSerde?.deserializer(),
      timestampExtractor: spec.timestampExtractor,
      offsetReset: spec.offsetReset,
    });
    builder.addProcessor(this.nodeName, () => ({ fixedKey: false, processor: supplier.get() }), [spec.sourceName]);
    if (supplier.materialized()) builder.addStateStore(this.store(), [this.nodeName], true);
  }
}

/**
 * The repartition topic of `KTable.groupBy` (Kafka's GroupedTableOperationRepartitionNode): a sink writing each
 * change with Kafka's Change layout and a source reading it back. No filter: the select processor already skips
 * pairs with null keys.
 */
export class GroupedTableRepartitionGraphNode implements GraphNode {
  constructor(
    readonly nodeName: string,
    readonly parents: readonly GraphNode[],
    readonly sinkName: string,
    readonly topic: string,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
  ) {}

  write(builder: InternalTopologyBuilder): void {
    builder.addInternalTopic(this.topic, { numberOfPartitions: undefined });
    builder.addSink({
      name: this.sinkName,
      predecessors: names(this.parents),
      topic: this.topic,
      extractor: undefined,
      keySerializer: this.keySerde?.serializer(),
      valueSerializer: new ChangedSerializer(this.valueSerde?.serializer()) as Serializer<unknown>,
      partitioner: undefined,
    });
    builder.addSource({
      name: this.nodeName,
      topics: [this.topic],
      pattern: undefined,
      keyDeserializer: this.keySerde?.deserializer(),
      valueDeserializer: new ChangedDeserializer(this.valueSerde?.deserializer()) as Deserializer<unknown>,
      timestampExtractor: new FailOnInvalidTimestamp(),
      offsetReset: undefined,
    });
  }
}
