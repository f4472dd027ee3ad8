import { TopologyException } from '../../common/errors.js';
import type { TimestampExtractor } from '../../processor/extractors.js';
import type { StoreBuilder } from '../../processor/state-store.js';
import type { Deserializer } from '../../serialization/serde.js';
import { fullMatch, type AnyProcessor, type InternalTopicProperties, type NodeFactory, type ProcessorFactory, type SinkFactory, type SourceFactory } from './node-factories.js';
import { QuickUnion } from './quick-union.js';

type NewSource = Omit<SourceFactory, 'kind' | 'predecessors'>;
type NewSink = Omit<SinkFactory, 'kind'>;

/**
 * A global store as the topology builder takes it (the arguments of Kafka's `addGlobalStore`). The DSL's
 * `globalTable` calls {@link InternalTopologyBuilder.addGlobalStore} with a KTableSource-like processor that
 * puts every record it receives into the store; the Processor API's `Topology.addGlobalStore` passes the
 * user's state update processor.
 *
 * At run time every KafkaStreams instance reads `topic` completely - all partitions, from the global
 * checkpoint or the beginning - through `processorName` before its stream threads start, then keeps reading it
 * while running. The store is never changelogged (the topic is its changelog); it must be built with logging
 * disabled. Any processor reaches it with `context.getStateStore(name)` without being connected to it.
 */
export interface GlobalStoreDefinition {
  /** Builds the store; `loggingEnabled()` must be false. */
  readonly storeBuilder: StoreBuilder;
  readonly sourceName: string;
  readonly topic: string;
  readonly keyDeserializer: Deserializer<unknown> | undefined;
  readonly valueDeserializer: Deserializer<unknown> | undefined;
  readonly timestampExtractor: TimestampExtractor | undefined;
  readonly processorName: string;
  /** A fresh state update processor per KafkaStreams instance (or test driver). */
  readonly create: () => AnyProcessor;
}

/**
 * The topology's definitions and the rules Kafka checks while they are added (Kafka's InternalTopologyBuilder).
 * Node definitions keep their insertion order, which is a topological order: sub-topology numbers, the order in
 * which a node forwards to its children, and the description all follow it.
 */
export class InternalTopologyBuilder {
  readonly nodeFactories = new Map<string, NodeFactory>();
  readonly stateFactories = new Map<string, { builder: StoreBuilder; users: Set<string> }>();
  /** Global stores by name. */
  readonly globalStateFactories = new Map<string, StoreBuilder>();
  /** Topics read by global stores. */
  readonly globalTopics = new Set<string>();
  /** Source and processor names of the global stores. */
  readonly #globalNodes = new Set<string>();
  readonly internalTopics = new Map<string, InternalTopicProperties>();
  readonly sourceTopicNames = new Set<string>();
  readonly sinkTopicByNode = new Map<string, string>();
  /** Groups of source node names whose topics must be co-partitioned (joins). */
  readonly copartitionSourceGroups: ReadonlySet<string>[] = [];
  readonly #patterns = new Map<string, RegExp>();
  readonly #grouper = new QuickUnion();

  addSource(def: NewSource): void {
    const { name, topics, pattern } = def;
    this.#checkNewName(name);
    if (topics !== undefined) {
      if (topics.length === 0) throw new TopologyException('You must provide at least one topic');
      for (const topic of topics) this.#checkTopicNotRegistered(topic);
      for (const topic of topics) this.sourceTopicNames.add(topic);
    } else if (pattern !== undefined) {
      for (const topic of this.sourceTopicNames) {
        if (fullMatch(pattern, topic)) {
          throw new TopologyException(`Pattern ${pattern.source} will match a topic that has already been registered by another source.`);
        }
      }
      this.#patterns.set(name, pattern);
    } else {
      throw new TopologyException('A source needs topics or a pattern');
    }
    this.nodeFactories.set(name, { kind: 'source', predecessors: [], ...def });
    this.#grouper.add(name);
  }

  addProcessor(name: string, create: ProcessorFactory['create'], predecessors: readonly string[]): void {
    this.#checkNewName(name);
    if (predecessors.length === 0) throw new TopologyException(`Processor ${name} must have at least one parent`);
    for (const p of predecessors) {
      if (p === name) throw new TopologyException(`Processor ${name} cannot be a predecessor of itself.`);
      if (!this.nodeFactories.has(p)) throw new TopologyException(`Predecessor processor ${p} is not added yet for ${name}`);
    }
    this.nodeFactories.set(name, { kind: 'processor', name, predecessors: [...predecessors], create, stores: [] });
    this.#grouper.add(name);
    this.#grouper.unite(name, ...predecessors);
  }

  addSink(def: NewSink): void {
    const { name, predecessors } = def;
    this.#checkNewName(name);
    if (predecessors.length === 0) throw new TopologyException(`Sink ${name} must have at least one parent`);
    for (const p of predecessors) {
      if (p === name) throw new TopologyException(`Processor ${name} cannot be a predecessor of itself.`);
      if (!this.nodeFactories.has(p)) throw new TopologyException(`Predecessor processor ${p} is not added yet.`);
      if (this.sinkTopicByNode.has(p) || this.nodeFactories.get(p)?.kind === 'sink') {
        throw new TopologyException(`Sink ${p} cannot be used a parent.`);
      }
    }
    this.nodeFactories.set(name, { kind: 'sink', ...def, predecessors: [...predecessors] });
    if (def.topic !== undefined) this.sinkTopicByNode.set(name, def.topic);
    this.#grouper.add(name);
    this.#grouper.unite(name, ...predecessors);
  }

  addStateStore(builder: StoreBuilder, processorNames: readonly string[], allowOverride = false): void {
    if (this.globalStateFactories.has(builder.name())) {
      throw new TopologyException(`A different GlobalStateStore has already been added with the name ${builder.name()}`);
    }
    const existing = this.stateFactories.get(builder.name());
    if (!allowOverride && existing !== undefined && existing.builder !== builder) {
      throw new TopologyException(`A different StateStore has already been added with the name ${builder.name()}`);
    }
    this.stateFactories.set(builder.name(), { builder, users: existing?.users ?? new Set() });
    for (const processorName of processorNames) this.connectProcessorAndStateStore(processorName, builder.name());
  }

  connectProcessorAndStateStore(processorName: string, storeName: string): void {
    if (this.globalStateFactories.has(storeName)) {
      throw new TopologyException(`Global StateStore ${storeName} can be used by a Processor without being specified; it should not be explicitly passed.`);
    }
    const store = this.stateFactories.get(storeName);
    if (store === undefined) throw new TopologyException(`StateStore ${storeName} is not added yet.`);
    const node = this.nodeFactories.get(processorName);
    if (node === undefined) throw new TopologyException(`Processor ${processorName} is not added yet.`);
    if (node.kind !== 'processor') {
      throw new TopologyException(`cannot connect a state store ${storeName} to a source node or a sink node.`);
    }
    // Processors sharing a store must run in the same task: one sub-topology.
    const firstUser = store.users.values().next();
    if (!firstUser.done) this.#grouper.unite(firstUser.value, processorName);
    store.users.add(processorName);
    if (!node.stores.includes(storeName)) node.stores.push(storeName);
  }

  /**
   * Adds a global store with its source and state update processor (Kafka's InternalTopologyBuilder
   * `addGlobalStore`); they form a sub-topology of their own that generates no tasks.
   */
  addGlobalStore(def: GlobalStoreDefinition): void {
    const { storeBuilder, sourceName, topic, processorName } = def;
    const storeName = storeBuilder.name();
    if (this.nodeFactories.has(sourceName)) throw new TopologyException(`Processor ${sourceName} is already added.`);
    if (this.nodeFactories.has(processorName)) throw new TopologyException(`Processor ${processorName} is already added.`);
    if (this.stateFactories.has(storeName)) throw new TopologyException(`A different StateStore has already been added with the name ${storeName}`);
    if (this.globalStateFactories.has(storeName)) throw new TopologyException(`A different GlobalStateStore has already been added with the name ${storeName}`);
    if (storeBuilder.loggingEnabled()) throw new TopologyException(`StateStore ${storeName} for global table must not have logging enabled.`);
    if (sourceName === processorName) throw new TopologyException('sourceName and processorName must be different.');
    this.#checkTopicNotRegistered(topic);
    this.sourceTopicNames.add(topic);
    this.globalTopics.add(topic);
    this.nodeFactories.set(sourceName, {
      kind: 'source',
      name: sourceName,
      predecessors: [],
      topics: [topic],
      pattern: undefined,
      timestampExtractor: def.timestampExtractor,
      keyDeserializer: def.keyDeserializer,
      valueDeserializer: def.valueDeserializer,
      offsetReset: undefined,
    });
    this.#grouper.add(sourceName);
    this.nodeFactories.set(processorName, { kind: 'processor', name: processorName, predecessors: [sourceName], create: def.create, stores: [storeName] });
    this.#grouper.add(processorName);
    this.#grouper.unite(processorName, sourceName);
    this.globalStateFactories.set(storeName, storeBuilder);
    this.#globalNodes.add(sourceName);
    this.#globalNodes.add(processorName);
  }

  /** The source and processor names of every global store (they run on the global thread, not in tasks). */
  globalNodeNames(): ReadonlySet<string> {
    return this.#globalNodes;
  }

  /** Whether a node group (sub-topology) is a global store's. */
  isGlobalGroup(names: readonly string[]): boolean {
    return names.some((n) => this.#globalNodes.has(n));
  }

  addInternalTopic(name: string, properties: InternalTopicProperties): void {
    this.internalTopics.set(name, properties);
  }

  copartitionSources(sourceNodes: Iterable<string>): void {
    this.copartitionSourceGroups.push(new Set(sourceNodes));
  }

  /** Sub-topologies: connected node groups numbered in the order their first node was added (Kafka's makeNodeGroups). */
  nodeGroups(): Map<number, string[]> {
    const groups = new Map<number, string[]>();
    const byRoot = new Map<string, string[]>();
    for (const name of this.nodeFactories.keys()) {
      const root = this.#grouper.root(name);
      let group = byRoot.get(root);
      if (group === undefined) {
        group = [];
        byRoot.set(root, group);
        groups.set(groups.size, group);
      }
      group.push(name);
    }
    return groups;
  }

  /** `<application.id>-<topic>` for internal topics; other topics unchanged. */
  decorateTopic(topic: string, applicationId: string): string {
    return this.internalTopics.has(topic) ? `${applicationId}-${topic}` : topic;
  }

  isInternalTopic(topic: string): boolean {
    return this.internalTopics.has(topic);
  }

  #checkNewName(name: string): void {
    if (this.nodeFactories.has(name)) throw new TopologyException(`Processor ${name} is already added.`);
  }

  #checkTopicNotRegistered(topic: string): void {
    if (this.sourceTopicNames.has(topic)) {
      throw new TopologyException(`Topic ${topic} has already been registered by another source.`);
    }
    for (const pattern of this.#patterns.values()) {
      if (fullMatch(pattern, topic)) {
        throw new TopologyException(`Topic ${topic} matches a Pattern already registered by another source.`);
      }
    }
  }
}
