import { StreamsException } from '../../common/errors.js';
import type { ResolvedStreamsConfig } from '../../config/streams-config.js';
import type { StateStore } from '../../processor/state-store.js';
import type { Deserializer, Serializer } from '../../serialization/serde.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { fullMatch } from '../topology/node-factories.js';
import { FixedKeyRuntimeNode, ProcessorRuntimeNode, RuntimeNode, SinkRuntimeNode, SourceRuntimeNode } from './nodes.js';
import type { TaskServices } from './task-services.js';

/** The runtime nodes of one task (Kafka's ProcessorTopology). */
export interface TaskTopology {
  /** In topology order: parents before children. */
  readonly nodes: readonly RuntimeNode[];
  /** Sources by the (decorated) topics they read. */
  readonly sourceByTopic: ReadonlyMap<string, SourceRuntimeNode>;
  readonly patternSources: readonly { readonly pattern: RegExp; readonly node: SourceRuntimeNode }[];
  /** Built stores by name (the state manager replaces a store it has to rebuild). */
  readonly stores: Map<string, StateStore>;
  /** The processors connected to each store. */
  readonly storeUsers: ReadonlyMap<string, readonly RuntimeNode[]>;
}

function missingSerde(kind: 'key' | 'value', node: string): never {
  const key = kind === 'key' ? 'DEFAULT_KEY_SERDE_CLASS_CONFIG' : 'DEFAULT_VALUE_SERDE_CLASS_CONFIG';
  throw new StreamsException(`failed to initialize processor ${node}`, {
    cause: new StreamsException(`Please specify a ${kind} serde or set one through StreamsConfig#${key}`, { code: 'CONFIG' }),
  });
}

/**
 * A serializer wrapping an inner one that may be left to the default serdes (Kafka's WrappingNullableSerializer,
 * e.g. the Change serializer of `KTable.groupBy`'s repartition topic): given the defaults when its node is built.
 */
function fillDefaults<T extends object>(wrapper: T, config: ResolvedStreamsConfig): T {
  const setIfUnset = (wrapper as { setIfUnset?: (k: unknown, v: unknown) => void }).setIfUnset;
  if (typeof setIfUnset === 'function') setIfUnset.call(wrapper, config.defaultKeySerde, config.defaultValueSerde);
  return wrapper;
}

function deserializerOr(d: Deserializer<unknown> | undefined, kind: 'key' | 'value', config: ResolvedStreamsConfig, node: string): Deserializer<unknown> {
  if (d !== undefined) return fillDefaults(d, config);
  const serde = kind === 'key' ? config.defaultKeySerde : config.defaultValueSerde;
  return serde?.deserializer() ?? missingSerde(kind, node);
}

function serializerOr(s: Serializer<unknown> | undefined, kind: 'key' | 'value', config: ResolvedStreamsConfig, node: string): Serializer<unknown> {
  if (s !== undefined) return fillDefaults(s, config);
  const serde = kind === 'key' ? config.defaultKeySerde : config.defaultValueSerde;
  return serde?.serializer() ?? missingSerde(kind, node);
}

/**
 * Builds fresh runtime nodes for the given node names (a sub-topology; every node but the global stores' when
 * undefined), wiring each
 * node to its parents in the order the nodes were added, which is the order forward() visits children.
 * Missing serdes fall back to the defaults or fail like Kafka's node initialisation.
 */
export function buildTaskTopology(builder: InternalTopologyBuilder, names: ReadonlySet<string> | undefined, task: TaskServices): TaskTopology {
  const { config } = task;
  const appId = config.applicationId;
  const nodes: RuntimeNode[] = [];
  const byName = new Map<string, RuntimeNode>();
  const sourceByTopic = new Map<string, SourceRuntimeNode>();
  const patternSources: { pattern: RegExp; node: SourceRuntimeNode }[] = [];
  const stores = new Map<string, StateStore>();
  const storeUsers = new Map<string, RuntimeNode[]>();
  const globalNodes = builder.globalNodeNames();
  for (const def of builder.nodeFactories.values()) {
    if (names === undefined ? globalNodes.has(def.name) : !names.has(def.name)) continue;
    let node: RuntimeNode;
    if (def.kind === 'source') {
      const source = new SourceRuntimeNode(
        def.name,
        task,
        deserializerOr(def.keyDeserializer, 'key', config, def.name),
        deserializerOr(def.valueDeserializer, 'value', config, def.name),
        def.timestampExtractor ?? config.timestampExtractor,
      );
      for (const topic of def.topics ?? []) sourceByTopic.set(builder.decorateTopic(topic, appId), source);
      if (def.pattern !== undefined) patternSources.push({ pattern: def.pattern, node: source });
      node = source;
    } else if (def.kind === 'sink') {
      node = new SinkRuntimeNode(
        def.name,
        task,
        def.topic === undefined ? undefined : builder.decorateTopic(def.topic, appId),
        def.extractor,
        serializerOr(def.keySerializer, 'key', config, def.name),
        serializerOr(def.valueSerializer, 'value', config, def.name),
        def.partitioner,
      );
    } else {
      const made = def.create();
      node = made.fixedKey
        ? new FixedKeyRuntimeNode(def.name, task, def.stores, made.processor)
        : new ProcessorRuntimeNode(def.name, task, def.stores, made.processor);
      for (const storeName of def.stores) {
        const storeBuilder = builder.stateFactories.get(storeName)?.builder ?? builder.globalStateFactories.get(storeName)!;
        if (!stores.has(storeName)) stores.set(storeName, storeBuilder.build());
        storeUsers.set(storeName, [...(storeUsers.get(storeName) ?? []), node]);
      }
    }
    for (const parent of def.predecessors) byName.get(parent)!.addChild(node);
    byName.set(def.name, node);
    nodes.push(node);
  }
  return { nodes, sourceByTopic, patternSources, stores, storeUsers };
}

/** The source for a topic: by name, or by a pattern that fully matches it. */
export function sourceFor(topology: TaskTopology, topic: string): SourceRuntimeNode | undefined {
  const direct = topology.sourceByTopic.get(topic);
  if (direct !== undefined) return direct;
  for (const { pattern, node } of topology.patternSources) if (fullMatch(pattern, topic)) return node;
  return undefined;
}
