/**
 * The structure of a topology (Kafka's `TopologyDescription`). `toString()` prints exactly what Kafka Streams
 * prints for the same topology, so a Kafka user recognises it (and visualisers that read Kafka's text work).
 */
export interface TopologyDescription {
  subtopologies(): ReadonlySet<Subtopology>;
  globalStores(): ReadonlySet<GlobalStoreDescription>;
  toString(): string;
}

/** A connected part of the topology; each runs as one task per input partition (Kafka's `Subtopology`). */
export interface Subtopology {
  id(): number;
  /** The nodes in Kafka's print order (largest sub-tree first, then by name). */
  nodes(): ReadonlySet<TopologyNode>;
}

/** A global store's source and processor (Kafka's `TopologyDescription.GlobalStore`). */
export interface GlobalStoreDescription {
  id(): number;
  source(): SourceNode;
  processor(): ProcessorNode;
}

/** A node of the description (Kafka's `TopologyDescription.Node`). */
export interface TopologyNode {
  name(): string;
  predecessors(): ReadonlySet<TopologyNode>;
  successors(): ReadonlySet<TopologyNode>;
  toString(): string;
}

/** A source (Kafka's `TopologyDescription.Source`): topics or a pattern. */
export interface SourceNode extends TopologyNode {
  readonly kind: 'source';
  /** The topics, or `undefined` for a pattern source. */
  topicSet(): ReadonlySet<string> | undefined;
  /** The pattern, or `undefined` for a topics source. */
  topicPattern(): RegExp | undefined;
}

/** A processor (Kafka's `TopologyDescription.Processor`) with the stores it is connected to. */
export interface ProcessorNode extends TopologyNode {
  readonly kind: 'processor';
  stores(): ReadonlySet<string>;
}

/** A sink (Kafka's `TopologyDescription.Sink`): a fixed topic or a topic-name extractor. */
export interface SinkNode extends TopologyNode {
  readonly kind: 'sink';
  /** The fixed topic, or `undefined` when a TopicNameExtractor chooses it. */
  topic(): string | undefined;
  /** The extractor, or `undefined` for a fixed topic. */
  topicNameExtractor(): unknown;
}
