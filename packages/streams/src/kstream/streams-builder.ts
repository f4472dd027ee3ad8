import { TopologyException } from '../common/errors.js';
import type { StreamsProps } from '../config/streams-config.js';
import { SourceGraphNode } from '../internal/kstream/graph-nodes.js';
import { InternalStreamsBuilder } from '../internal/kstream/internal-streams-builder.js';
import { KStreamImpl } from '../internal/kstream/kstream-impl.js';
import { Prefix } from '../internal/kstream/naming.js';
import type { Serde } from '../serialization/serde.js';
import { internalTopologyBuilder, Topology } from '../topology/topology.js';
import type { Consumed } from './consumed.js';
import type { KStream } from './kstream.js';

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
   * The topology of everything defined so far (Kafka's `build()`). Settings are accepted for Kafka's signature
   * (`topology.optimization` is not applied yet).
   */
  build(_props?: StreamsProps): Topology {
    this.#internal.writeTo(internalTopologyBuilder(this.#topology));
    return this.#topology;
  }
}
