import type { StreamPartitioner, TimestampExtractor, TopicNameExtractor } from '../../processor/extractors.js';
import type { StoreBuilder } from '../../processor/state-store.js';
import type { Serde } from '../../serialization/serde.js';
import type { AutoOffsetReset } from '../../topology/auto-offset-reset.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import type { AnyProcessor } from '../topology/node-factories.js';
import { FailOnInvalidTimestamp } from '../../processor/extractors.js';
import { FilterProcessor } from './processors/stateless.js';
import type { GraphNode } from './internal-streams-builder.js';

const names = (nodes: readonly GraphNode[]) => nodes.map((n) => n.nodeName);

/** `builder.stream(...)` (Kafka's StreamSourceNode). */
export class SourceGraphNode implements GraphNode {
  readonly parents: readonly GraphNode[] = [];

  constructor(
    readonly nodeName: string,
    readonly topics: readonly string[] | undefined,
    readonly pattern: RegExp | undefined,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly timestampExtractor: TimestampExtractor | undefined,
    readonly offsetReset: AutoOffsetReset | undefined,
  ) {}

  write(builder: InternalTopologyBuilder): void {
    builder.addSource({
      name: this.nodeName,
      topics: this.topics,
      pattern: this.pattern,
      keyDeserializer: this.keySerde?.deserializer(),
      valueDeserializer: this.valueSerde?.deserializer(),
      timestampExtractor: this.timestampExtractor,
      offsetReset: this.offsetReset,
    });
  }
}

/** One processor (Kafka's ProcessorGraphNode / ProcessorToStateConnectorNode). */
export class ProcessorGraphNode implements GraphNode {
  constructor(
    readonly nodeName: string,
    readonly parents: readonly GraphNode[],
    readonly create: () => AnyProcessor,
    readonly storeNames: readonly string[] = [],
    readonly storeBuilders: readonly StoreBuilder[] = [],
  ) {}

  write(builder: InternalTopologyBuilder): void {
    builder.addProcessor(this.nodeName, this.create, names(this.parents));
    for (const store of this.storeBuilders) builder.addStateStore(store, [this.nodeName], true);
    for (const store of this.storeNames) builder.connectProcessorAndStateStore(this.nodeName, store);
  }
}

/** `to(...)` (Kafka's StreamSinkNode). */
export class SinkGraphNode implements GraphNode {
  constructor(
    readonly nodeName: string,
    readonly parents: readonly GraphNode[],
    readonly topic: string | TopicNameExtractor<unknown, unknown>,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly partitioner: StreamPartitioner<unknown, unknown> | undefined,
  ) {}

  write(builder: InternalTopologyBuilder): void {
    const fixed = typeof this.topic === 'string';
    builder.addSink({
      name: this.nodeName,
      predecessors: names(this.parents),
      topic: fixed ? (this.topic as string) : undefined,
      extractor: fixed ? undefined : (this.topic as TopicNameExtractor<unknown, unknown>),
      keySerializer: this.keySerde?.serializer(),
      valueSerializer: this.valueSerde?.serializer(),
      partitioner: this.partitioner,
    });
  }
}

/**
 * `repartition()` (Kafka's UnoptimizableRepartitionNode): a pass-all filter, a sink to the internal topic and a
 * source reading it back. Its node name is the source's, so downstream operators hang off the source.
 */
export class RepartitionGraphNode implements GraphNode {
  constructor(
    readonly nodeName: string,
    readonly parents: readonly GraphNode[],
    readonly filterName: string,
    readonly sinkName: string,
    readonly topic: string,
    readonly keySerde: Serde<unknown> | undefined,
    readonly valueSerde: Serde<unknown> | undefined,
    readonly partitioner: StreamPartitioner<unknown, unknown> | undefined,
    readonly numberOfPartitions: number | undefined,
    /** What the filter before the sink keeps: everything for `repartition()`, non-null keys before aggregations. */
    readonly keep: (key: unknown, value: unknown) => boolean = () => true,
  ) {}

  write(builder: InternalTopologyBuilder): void {
    builder.addInternalTopic(this.topic, { numberOfPartitions: this.numberOfPartitions });
    const keep = this.keep;
    builder.addProcessor(this.filterName, () => ({ fixedKey: false, processor: new FilterProcessor(keep, false) }), names(this.parents));
    builder.addSink({
      name: this.sinkName,
      predecessors: [this.filterName],
      topic: this.topic,
      extractor: undefined,
      keySerializer: this.keySerde?.serializer(),
      valueSerializer: this.valueSerde?.serializer(),
      partitioner: this.partitioner,
    });
    builder.addSource({
      name: this.nodeName,
      topics: [this.topic],
      pattern: undefined,
      keyDeserializer: this.keySerde?.deserializer(),
      valueDeserializer: this.valueSerde?.deserializer(),
      timestampExtractor: new FailOnInvalidTimestamp(),
      offsetReset: undefined,
    });
  }
}
