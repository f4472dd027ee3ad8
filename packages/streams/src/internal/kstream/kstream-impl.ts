import type { Branched } from '../../kstream/branched.js';
import type { ForeachAction, KeyValueLike, KeyValueMapper, Predicate, ValueMapper, ValueMapperWithKey } from '../../kstream/functions.js';
import type { BranchedKStream, KStream } from '../../kstream/kstream.js';
import type { Grouped } from '../../kstream/grouped.js';
import type { KGroupedStream, KTable } from '../../kstream/ktable.js';
import type { Materialized } from '../../kstream/materialized.js';
import type { Named } from '../../kstream/named.js';
import type { Printed } from '../../kstream/printed.js';
import type { Produced } from '../../kstream/produced.js';
import type { Repartitioned } from '../../kstream/repartitioned.js';
import type { TopicNameExtractor } from '../../processor/extractors.js';
import type { FixedKeyProcessorSupplier, ProcessorSupplier } from '../../processor/processor.js';
import type { Serde } from '../../serialization/serde.js';
import * as grouping from './grouping-ops.js';
import { joinStreamWith } from './joins/join-ops.js';
import type { GraphNode, InternalStreamsBuilder } from './internal-streams-builder.js';
import { process, processValues } from './process-ops.js';
import { merge, repartition, split, to } from './routing-ops.js';
import * as stateless from './stateless-ops.js';

/** What a derived stream carries (Kafka's AbstractStream fields). */
export interface StreamState {
  readonly name: string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly graphNode: GraphNode;
  /** Set by key-changing operators: a later key-based operator must repartition first. */
  readonly repartitionRequired: boolean;
}

/** What the operator modules need of a stream: its state, the builder, and a way to create the next stream. */
export interface StreamContext extends StreamState {
  readonly builder: InternalStreamsBuilder;
  derive<K2, V2>(state: StreamState): KStream<K2, V2>;
}

/**
 * Kafka's KStreamImpl, as a thin facade: each operator lives in the module of its concern (stateless-ops,
 * routing-ops, process-ops, grouping-ops) and returns the state of the stream it creates.
 */
export class KStreamImpl<K, V> implements KStream<K, V>, StreamContext {
  readonly name: string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly graphNode: GraphNode;
  readonly repartitionRequired: boolean;

  constructor(readonly builder: InternalStreamsBuilder, state: StreamState) {
    this.name = state.name;
    this.keySerde = state.keySerde;
    this.valueSerde = state.valueSerde;
    this.graphNode = state.graphNode;
    this.repartitionRequired = state.repartitionRequired;
  }

  /** A stream downstream of this one. */
  derive<K2, V2>(state: StreamState): KStreamImpl<K2, V2> {
    return new KStreamImpl<K2, V2>(this.builder, state);
  }

  filter(predicate: Predicate<K, V>, named?: Named): KStream<K, V> {
    return this.derive(stateless.filter(this, predicate as Predicate<unknown, unknown>, false, named));
  }

  filterNot(predicate: Predicate<K, V>, named?: Named): KStream<K, V> {
    return this.derive(stateless.filter(this, predicate as Predicate<unknown, unknown>, true, named));
  }

  selectKey<KR>(mapper: KeyValueMapper<K, V, KR>, named?: Named): KStream<KR, V> {
    return this.derive(stateless.selectKey(this, mapper as KeyValueMapper<unknown, unknown, unknown>, named));
  }

  map<KR, VR>(mapper: KeyValueMapper<K, V, KeyValueLike<KR, VR>>, named?: Named): KStream<KR, VR> {
    return this.derive(stateless.map(this, mapper as KeyValueMapper<unknown, unknown, KeyValueLike<unknown, unknown>>, named));
  }

  mapValues<VR>(mapper: ValueMapper<V, VR>, named?: Named): KStream<K, VR> {
    const m = mapper as ValueMapper<unknown, unknown>;
    return this.derive(stateless.mapValues(this, (_k, v) => m(v), named));
  }

  mapValuesWithKey<VR>(mapper: ValueMapperWithKey<K, V, VR>, named?: Named): KStream<K, VR> {
    return this.derive(stateless.mapValues(this, mapper as ValueMapperWithKey<unknown, unknown, unknown>, named));
  }

  flatMap<KR, VR>(mapper: KeyValueMapper<K, V, Iterable<KeyValueLike<KR, VR>>>, named?: Named): KStream<KR, VR> {
    return this.derive(stateless.flatMap(this, mapper as KeyValueMapper<unknown, unknown, Iterable<KeyValueLike<unknown, unknown>>>, named));
  }

  flatMapValues<VR>(mapper: ValueMapper<V, Iterable<VR>>, named?: Named): KStream<K, VR> {
    const m = mapper as ValueMapper<unknown, Iterable<unknown>>;
    return this.derive(stateless.flatMapValues(this, (_k, v) => m(v), named));
  }

  flatMapValuesWithKey<VR>(mapper: ValueMapperWithKey<K, V, Iterable<VR>>, named?: Named): KStream<K, VR> {
    return this.derive(stateless.flatMapValues(this, mapper as ValueMapperWithKey<unknown, unknown, Iterable<unknown>>, named));
  }

  peek(action: ForeachAction<K, V>, named?: Named): KStream<K, V> {
    return this.derive(stateless.peek(this, action as ForeachAction<unknown, unknown>, named));
  }

  foreach(action: ForeachAction<K, V>, named?: Named): void {
    stateless.foreach(this, action as ForeachAction<unknown, unknown>, named);
  }

  print(printed: Printed<K, V>): void {
    stateless.print(this, printed as Printed<unknown, unknown>);
  }

  split(named?: Named): BranchedKStream<K, V> {
    return split<K, V>(this, named);
  }

  merge(stream: KStream<K, V>, named?: Named): KStream<K, V> {
    return this.derive(merge(this, stream as unknown as StreamState, named));
  }

  repartition(repartitioned?: Repartitioned<K, V>): KStream<K, V> {
    return this.derive(repartition(this, repartitioned as Repartitioned<unknown, unknown> | undefined));
  }

  toTable(...rest: unknown[]): KTable<K, V> {
    return grouping.toTable<K, V>(this, rest);
  }

  groupByKey(grouped?: Grouped<K, V>): KGroupedStream<K, V> {
    return grouping.groupByKey<K, V>(this, grouped);
  }

  groupBy<KR>(selector: KeyValueMapper<K, V, KR>, grouped?: Grouped<KR, V>): KGroupedStream<KR, V> {
    return grouping.groupBy<KR, V>(this, selector as KeyValueMapper<unknown, unknown, unknown>, grouped);
  }

  to(topic: string | TopicNameExtractor<K, V>, produced?: Produced<K, V>): void {
    to(this, topic as string | TopicNameExtractor<unknown, unknown>, produced as Produced<unknown, unknown> | undefined);
  }

  process<KR, VR>(supplier: ProcessorSupplier<K, V, KR, VR>, ...rest: (Named | string)[]): KStream<KR, VR> {
    return this.derive(process(this, supplier as ProcessorSupplier<unknown, unknown, unknown, unknown>, rest));
  }

  processValues<VR>(supplier: FixedKeyProcessorSupplier<K, V, VR>, ...rest: (Named | string)[]): KStream<K, VR> {
    return this.derive(processValues(this, supplier as FixedKeyProcessorSupplier<unknown, unknown, unknown>, rest));
  }

  join<VR>(...args: unknown[]): KStream<K, VR> {
    return this.derive(joinStreamWith(this, 'join', args));
  }

  leftJoin<VR>(...args: unknown[]): KStream<K, VR> {
    return this.derive(joinStreamWith(this, 'leftJoin', args));
  }

  outerJoin<VR>(...args: unknown[]): KStream<K, VR> {
    return this.derive(joinStreamWith(this, 'outerJoin', args));
  }
}

/** The branch map type split() returns, for the routing module. */
export type BranchMap<K, V> = Map<string, KStream<K, V>>;
export type { Branched };
