import type { Processor, FixedKeyProcessor } from '../../processor/processor.js';
import type { StreamPartitioner, TimestampExtractor, TopicNameExtractor } from '../../processor/extractors.js';
import type { Deserializer, Serializer } from '../../serialization/serde.js';
import type { AutoOffsetReset } from '../../topology/auto-offset-reset.js';

// The definitions a topology is made of (Kafka's InternalTopologyBuilder.NodeFactory family). A definition is
// turned into a fresh runtime node per task; the description is computed from the definitions alone.

export interface SourceFactory {
  readonly kind: 'source';
  readonly name: string;
  readonly predecessors: readonly string[];
  /** The topics, or undefined for a pattern source. Internal (repartition) topics appear undecorated. */
  readonly topics: readonly string[] | undefined;
  readonly pattern: RegExp | undefined;
  readonly timestampExtractor: TimestampExtractor | undefined;
  readonly keyDeserializer: Deserializer<unknown> | undefined;
  readonly valueDeserializer: Deserializer<unknown> | undefined;
  readonly offsetReset: AutoOffsetReset | undefined;
}

/** A processor instance as the runtime runs it: a plain or a fixed-key processor. */
export type AnyProcessor =
  | { readonly fixedKey: false; readonly processor: Processor<unknown, unknown, unknown, unknown> }
  | { readonly fixedKey: true; readonly processor: FixedKeyProcessor<unknown, unknown, unknown> };

export interface ProcessorFactory {
  readonly kind: 'processor';
  readonly name: string;
  readonly predecessors: readonly string[];
  /** A new processor instance (one per task). */
  readonly create: () => AnyProcessor;
  /** Connected store names, in the order they were connected. */
  readonly stores: string[];
}

export interface SinkFactory {
  readonly kind: 'sink';
  readonly name: string;
  readonly predecessors: readonly string[];
  /** The fixed topic (undecorated if internal), or undefined when `extractor` picks it. */
  readonly topic: string | undefined;
  readonly extractor: TopicNameExtractor<unknown, unknown> | undefined;
  readonly keySerializer: Serializer<unknown> | undefined;
  readonly valueSerializer: Serializer<unknown> | undefined;
  readonly partitioner: StreamPartitioner<unknown, unknown> | undefined;
}

export type NodeFactory = SourceFactory | ProcessorFactory | SinkFactory;

/** Properties of a topic the topology creates itself (Kafka's InternalTopicProperties). */
export interface InternalTopicProperties {
  readonly numberOfPartitions: number | undefined;
}

/** Java's `Pattern.matcher(topic).matches()`: the whole topic must match. */
export function fullMatch(pattern: RegExp, topic: string): boolean {
  return new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace(/[gy]/g, '')).test(topic);
}
