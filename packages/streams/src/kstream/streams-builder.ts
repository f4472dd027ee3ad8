import { TopologyException } from '../common/errors.js';
import type { StreamsProps } from '../config/streams-config.js';
import { SourceGraphNode } from '../internal/kstream/graph-nodes.js';
import { InternalStreamsBuilder } from '../internal/kstream/internal-streams-builder.js';
import { KStreamImpl } from '../internal/kstream/kstream-impl.js';
import { Prefix } from '../internal/kstream/naming.js';
import { globalTable, table } from '../internal/kstream/table-source-ops.js';
import type { Serde } from '../serialization/serde.js';
import { internalTopologyBuilder, Topology } from '../topology/topology.js';
import type { Consumed } from './consumed.js';
import type { KStream } from './kstream.js';
import type { GlobalKTable, KTable } from './ktable.js';
import { StoreType, type Materialized } from './materialized.js';

/**
 * The entry point of the DSL (Kafka's `StreamsBuilder`): create streams from topics, chain operators, then
 * `build()` the {@link Topology}. Generated processor names and sub-topologies match Kafka's for the same
 * program, so `build().describe()` prints what Kafka Streams prints.
 *
 * @example
 * ```ts
 * const builder = new StreamsBuilder();
 * builder.stream('input', Consumed.with(Serdes.String(), Serdes.String()))
 *   .filter((k, v) => v.length > 0)
 *   .mapValues((v) => v.toUpperCase())
 *   .to('output');
 * const topology = builder.build();
 * ```
 */
export class StreamsBuilder {
  readonly #internal = new InternalStreamsBuilder();
  readonly #topology = new Topology();

  /** A stream of one topic, several topics, or every topic a pattern fully matches (Kafka's `stream`). */
  stream<K, V>(topics: string | readonly string[] | RegExp, consumed?: Consumed<K, V>): KStream<K, V> {
    const pattern = topics instanceof RegExp ? topics : undefined;
    const list = pattern !== undefined ? undefined : typeof topics === 'string' ? [topics] : [...(topics as readonly string[])];
    if (list !== undefined && list.length === 0) throw new TopologyException('You must provide at least one topic');
    const name = consumed?.processorName ?? this.#internal.newProcessorName(Prefix.SOURCE);
    const keySerde = consumed?.keySerde as Serde<unknown> | undefined;
    const valueSerde = consumed?.valueSerde as Serde<unknown> | undefined;
    const node = new SourceGraphNode(name, list, pattern, keySerde, valueSerde, consumed?.timestampExtractor, consumed?.offsetResetPolicy);
    this.#internal.addGraphNode(node);
    return new KStreamImpl<K, V>(this.#internal, { name, keySerde, valueSerde, graphNode: node, repartitionRequired: false });
  }

  /**
   * A table of a topic (Kafka's `table`): each record updates its key, a null value deletes it, null keys are
   * dropped. Materialized in a store only when the Materialized names one or a downstream operator needs it; an
   * unnamed store is `<topic>-STATE-STORE-<index>`. Given both, the Consumed's serdes win, as in Kafka.
   */
  table<K, V>(topic: string, consumed?: Consumed<K, V>): KTable<K, V>;
  table<K, V>(topic: string, materialized: Materialized<K, V>): KTable<K, V>;
  table<K, V>(topic: string, consumed: Consumed<K, V>, materialized: Materialized<K, V>): KTable<K, V>;
  table<K, V>(topic: string, ...args: unknown[]): KTable<K, V> {
    if (typeof topic !== 'string' || topic === '') throw new TopologyException('topic can\'t be null');
    return table<K, V>(this.#internal, topic, args);
  }

  /**
   * A table replicated in full on every instance (Kafka's `globalTable`): read from all partitions before
   * processing starts, never changelogged. Its store is named by the Materialized, else `<topic>-STATE-STORE-<index>`.
   */
  globalTable<K, V>(topic: string, consumed?: Consumed<K, V>): GlobalKTable<K, V>;
  globalTable<K, V>(topic: string, materialized: Materialized<K, V>): GlobalKTable<K, V>;
  globalTable<K, V>(topic: string, consumed: Consumed<K, V>, materialized: Materialized<K, V>): GlobalKTable<K, V>;
  globalTable<K, V>(topic: string, ...args: unknown[]): GlobalKTable<K, V> {
    if (typeof topic !== 'string' || topic === '') throw new TopologyException('topic can\'t be null');
    return globalTable<K, V>(this.#internal, topic, args);
  }

  /**
   * The topology of everything defined so far (Kafka's `build()`). Of the settings, `default.dsl.store`
   * (`rocksDB` - LevelDB here - or `in_memory`) picks the store DSL operators materialize into when their
   * Materialized names no supplier or type; `topology.optimization` is not applied yet.
   */
  build(props?: StreamsProps): Topology {
    const storeType = (props as { readonly 'default.dsl.store'?: unknown } | undefined)?.['default.dsl.store'];
    if (storeType === StoreType.IN_MEMORY || storeType === StoreType.ROCKS_DB) this.#internal.defaultStoreType = storeType;
    this.#internal.writeTo(internalTopologyBuilder(this.#topology));
    return this.#topology;
  }
}
