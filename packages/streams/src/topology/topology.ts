import { TopologyException } from '../common/errors.js';
import type { StreamPartitioner, TimestampExtractor, TopicNameExtractor } from '../processor/extractors.js';
import type { FixedKeyProcessorSupplier, ProcessorSupplier } from '../processor/processor.js';
import type { StoreBuilder } from '../processor/state-store.js';
import type { Deserializer, Serializer } from '../serialization/serde.js';
import { describeTopology } from '../internal/topology/describe.js';
import { InternalTopologyBuilder } from '../internal/topology/internal-topology-builder.js';
import type { AnyProcessor } from '../internal/topology/node-factories.js';
import type { AutoOffsetReset } from './auto-offset-reset.js';
import type { TopologyDescription } from './topology-description.js';

/** Options of {@link Topology.addSource} (the extra arguments of Kafka's `addSource` overloads). */
export interface SourceOptions {
  readonly keyDeserializer?: Deserializer<unknown>;
  readonly valueDeserializer?: Deserializer<unknown>;
  readonly timestampExtractor?: TimestampExtractor;
  readonly offsetReset?: AutoOffsetReset;
}

/** Options of {@link Topology.addSink} (the extra arguments of Kafka's `addSink` overloads). */
export interface SinkOptions<K = unknown, V = unknown> {
  readonly keySerializer?: Serializer<K>;
  readonly valueSerializer?: Serializer<V>;
  readonly partitioner?: StreamPartitioner<K, V>;
}

/** Options of {@link Topology.addGlobalStore}: how the global topic is read (Kafka's middle arguments). */
export interface GlobalStoreOptions<KIn = unknown, VIn = unknown> {
  readonly keyDeserializer?: Deserializer<KIn>;
  readonly valueDeserializer?: Deserializer<VIn>;
  readonly timestampExtractor?: TimestampExtractor;
}

const builders = new WeakMap<Topology, InternalTopologyBuilder>();

/** @internal The definitions behind a topology (the runtime and the test driver read them). */
export function internalTopologyBuilder(topology: Topology): InternalTopologyBuilder {
  return builders.get(topology)!;
}

/** @internal Normalises a supplier into a function returning a fresh processor. */
export function processorFactory(supplier: ProcessorSupplier<unknown, unknown, unknown, unknown> | FixedKeyProcessorSupplier<unknown, unknown, unknown>, fixedKey: boolean): () => AnyProcessor {
  const get = typeof supplier === 'function' ? supplier : () => supplier.get();
  let last: unknown;
  return () => {
    const processor = get();
    // Kafka's ApiUtils.checkSupplier: one instance per task, never shared.
    if (processor === last) throw new TopologyException('ProcessorSupplier generates single reference. get() must return a new object each time it is called.');
    last = processor;
    return { fixedKey, processor } as AnyProcessor;
  };
}

function isOptions(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof RegExp) && !Array.isArray(value);
}

/**
 * A processing graph of sources, processors and sinks (Kafka's `Topology`), built with the Processor API or
 * returned by `StreamsBuilder.build()`. Every `add*` returns the topology for chaining.
 *
 * @example
 * ```ts
 * const topology = new Topology()
 *   .addSource('Source', 'input')
 *   .addProcessor('Upper', () => new UpperCase(), 'Source')
 *   .addSink('Sink', 'output', 'Upper');
 * console.log(topology.describe().toString());
 * ```
 */
export class Topology {
  constructor() {
    builders.set(this, new InternalTopologyBuilder());
  }

  /** A source reading `topics` (Kafka's `addSource(name, topics...)`). */
  addSource(name: string, ...topics: string[]): this;
  /** A source reading every topic the pattern fully matches (Kafka's `addSource(name, Pattern)`). */
  addSource(name: string, pattern: RegExp, options?: SourceOptions): this;
  /** A source with deserializers, timestamp extractor or offset reset. */
  addSource(name: string, topics: readonly string[], options?: SourceOptions): this;
  addSource(name: string, ...args: (string | RegExp | readonly string[] | SourceOptions | undefined)[]): this {
    const last = args[args.length - 1];
    const options: SourceOptions = isOptions(last) ? (args.pop() as SourceOptions) : {};
    const first = args[0];
    const pattern = first instanceof RegExp ? first : undefined;
    const topics = pattern !== undefined ? undefined : Array.isArray(first) ? [...(first as string[])] : (args as string[]);
    internalTopologyBuilder(this).addSource({
      name,
      topics,
      pattern,
      keyDeserializer: options.keyDeserializer,
      valueDeserializer: options.valueDeserializer,
      timestampExtractor: options.timestampExtractor,
      offsetReset: options.offsetReset,
    });
    return this;
  }

  /** A processor fed by `parentNames` (Kafka's `addProcessor(name, supplier, parentNames...)`). */
  addProcessor<KIn, VIn, KOut, VOut>(name: string, supplier: ProcessorSupplier<KIn, VIn, KOut, VOut>, ...parentNames: string[]): this {
    const b = internalTopologyBuilder(this);
    b.addProcessor(name, processorFactory(supplier as ProcessorSupplier<unknown, unknown, unknown, unknown>, false), parentNames);
    const stores = typeof supplier === 'function' ? undefined : supplier.stores?.();
    for (const store of stores ?? []) b.addStateStore(store, [name]);
    return this;
  }

  /** A sink writing to a fixed topic or to the topic an extractor picks (Kafka's `addSink(name, topic, parentNames...)`). */
  addSink<K, V>(name: string, topic: string | TopicNameExtractor<K, V>, ...parentNames: string[]): this;
  /** A sink with serializers or a partitioner. */
  addSink<K, V>(name: string, topic: string | TopicNameExtractor<K, V>, options: SinkOptions<K, V>, ...parentNames: string[]): this;
  addSink<K, V>(name: string, topic: string | TopicNameExtractor<K, V>, ...rest: (string | SinkOptions<K, V>)[]): this {
    const options: SinkOptions<K, V> = isOptions(rest[0]) ? (rest.shift() as SinkOptions<K, V>) : {};
    internalTopologyBuilder(this).addSink({
      name,
      predecessors: rest as string[],
      topic: typeof topic === 'string' ? topic : undefined,
      extractor: typeof topic === 'string' ? undefined : (topic as TopicNameExtractor<unknown, unknown>),
      keySerializer: options.keySerializer as Serializer<unknown> | undefined,
      valueSerializer: options.valueSerializer as Serializer<unknown> | undefined,
      partitioner: options.partitioner as StreamPartitioner<unknown, unknown> | undefined,
    });
    return this;
  }

  /** Adds a store and connects it to processors (Kafka's `addStateStore(storeBuilder, processorNames...)`). */
  addStateStore(storeBuilder: StoreBuilder, ...processorNames: string[]): this {
    internalTopologyBuilder(this).addStateStore(storeBuilder, processorNames);
    return this;
  }

  /**
   * Adds a global store fed by `topic` through a state update processor (Kafka's `addGlobalStore`). Every
   * instance reads the topic completely, all partitions, before processing starts and keeps up with it while
   * running; the processor puts what it receives into the store (fetched with `context.getStateStore`). The
   * store must have logging disabled: the topic is its changelog. Any processor may read the store without
   * being connected to it.
   *
   * @example
   * ```ts
   * topology.addGlobalStore(
   *   Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('rates'), Serdes.String(), Serdes.Double()).withLoggingDisabled(),
   *   'rates-source', { keyDeserializer: Serdes.String().deserializer(), valueDeserializer: Serdes.Double().deserializer() },
   *   'rates', 'rates-updater', () => new RatesUpdater());
   * ```
   */
  addGlobalStore<KIn, VIn>(
    storeBuilder: StoreBuilder,
    sourceName: string,
    options: GlobalStoreOptions<KIn, VIn>,
    topic: string,
    processorName: string,
    stateUpdateSupplier: ProcessorSupplier<KIn, VIn, void, void>,
  ): this {
    internalTopologyBuilder(this).addGlobalStore({
      storeBuilder,
      sourceName,
      topic,
      keyDeserializer: options.keyDeserializer as Deserializer<unknown> | undefined,
      valueDeserializer: options.valueDeserializer as Deserializer<unknown> | undefined,
      timestampExtractor: options.timestampExtractor,
      processorName,
      create: processorFactory(stateUpdateSupplier as ProcessorSupplier<unknown, unknown, unknown, unknown>, false),
    });
    return this;
  }

  /** Connects already added stores to a processor (Kafka's `connectProcessorAndStateStores`). */
  connectProcessorAndStateStores(processorName: string, ...stateStoreNames: string[]): this {
    if (stateStoreNames.length === 0) throw new TopologyException('Must provide at least one state store name.');
    for (const store of stateStoreNames) internalTopologyBuilder(this).connectProcessorAndStateStore(processorName, store);
    return this;
  }

  /** The topology's structure; `toString()` prints Kafka's text (Kafka's `describe()`). */
  describe(): TopologyDescription {
    return describeTopology(internalTopologyBuilder(this));
  }
}
