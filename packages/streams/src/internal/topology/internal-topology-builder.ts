import { TopologyException } from '../../common/errors.js';
import type { StoreBuilder } from '../../processor/state-store.js';
import { fullMatch, type InternalTopicProperties, type NodeFactory, type ProcessorFactory, type SinkFactory, type SourceFactory } from './node-factories.js';
import { QuickUnion } from './quick-union.js';

type NewSource = Omit<SourceFactory, 'kind' | 'predecessors'>;
type NewSink = Omit<SinkFactory, 'kind'>;

/**
 * The topology's definitions and the rules Kafka checks while they are added (Kafka's InternalTopologyBuilder).
 * Node definitions keep their insertion order, which is a topological order: sub-topology numbers, the order in
 * which a node forwards to its children, and the description all follow it.
 */
export class InternalTopologyBuilder {
  readonly nodeFactories = new Map<string, NodeFactory>();
  readonly stateFactories = new Map<string, { builder: StoreBuilder; users: Set<string> }>();
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
    const existing = this.stateFactories.get(builder.name());
    if (!allowOverride && existing !== undefined && existing.builder !== builder) {
      throw new TopologyException(`A different StateStore has already been added with the name ${builder.name()}`);
    }
    this.stateFactories.set(builder.name(), { builder, users: existing?.users ?? new Set() });
    for (const processorName of processorNames) this.connectProcessorAndStateStore(processorName, builder.name());
  }

  connectProcessorAndStateStore(processorName: string, storeName: string): void {
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
