// KTable.join/leftJoin(other, foreignKeyExtractor, joiner, tableJoined?, materialized?) (Kafka's
// KTableImpl.doJoinOnForeignKey): the subscription and response topics, the subscription store and the five
// processors, named as Kafka names them - `KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-<n>-topic`,
// `KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-<n>`, `KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-<n>-topic`, ... - or after
// the TableJoined's name (`<name>-subscription-registration-topic`, ...).

import { FailOnInvalidTimestamp, type StreamPartitioner } from '../../../../processor/extractors.js';
import type { Materialized } from '../../../../kstream/materialized.js';
import type { TableJoined } from '../../../../kstream/table-joined.js';
import type { Deserializer, Serializer } from '../../../../serialization/serde.js';
import { Serdes } from '../../../../serialization/serdes.js';
import { Stores } from '../../../../state/stores.js';
import type { InternalTopologyBuilder } from '../../../topology/internal-topology-builder.js';
import type { GraphNode, InternalStreamsBuilder } from '../../internal-streams-builder.js';
import { MaterializedInternal } from '../../materialized-internal.js';
import { plain } from '../../naming.js';
import { lazyStore, suffixedOrGenerated } from '../../table-args.js';
import { KTableSource } from '../../table/ktable-source.js';
import { subTopologySourceNodes } from '../copartition.js';
import type { JoinedTableState, JoinTable } from '../table-table-join.js';
import { valueGetterSupplier, type ValueGetterSupplier } from '../value-getters.js';
import {
  ForeignTableJoinProcessor,
  ResponseJoinProcessor,
  SubscriptionJoinProcessor,
  SubscriptionReceiveProcessor,
  SubscriptionSendProcessor,
  type FkJoinSerdes,
} from './fk-processors.js';
import { ResponseWrapperDeserializer, ResponseWrapperSerializer, subscriptionWrapperSerde, type SubscriptionResponseWrapper } from './wrappers.js';

/** Kafka's KTableImpl constants of foreign-key joins. */
export const FkPrefix = {
  SUBSCRIPTION_REGISTRATION: 'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-',
  SUBSCRIPTION_RESPONSE: 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-',
  SUBSCRIPTION_PROCESSOR: 'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-',
  RESPONSE_RESOLVER: 'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-',
  STATE_STORE: 'KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-',
  OUTPUT: 'KTABLE-FK-JOIN-OUTPUT-',
  SINK: 'KTABLE-SINK-',
  SOURCE: 'KTABLE-SOURCE-',
  TOPIC_SUFFIX: '-topic',
} as const;

/** The value serde of a table, when it has one. */
interface FkTable extends JoinTable {
  readonly valueSerde: import('../../../../serialization/serde.js').Serde<unknown> | undefined;
}

interface FkNames {
  subscriptionTopic: string;
  send: string;
  subscriptionSink: string;
  subscriptionSource: string;
  store: string;
  receive: string;
  joinForeign: string;
  foreignJoin: string;
  responseTopic: string;
  responseSink: string;
  responseSource: string;
  resolver: string;
  result: string;
}

/** Draws every name in Kafka's order (each draws an index, named or not). */
function fkNames(builder: InternalStreamsBuilder, name: string | undefined): FkNames {
  const n = (suffix: string, prefix: string) => suffixedOrGenerated(builder, name, suffix, prefix);
  const subscriptionTopic = n('-subscription-registration', FkPrefix.SUBSCRIPTION_REGISTRATION) + FkPrefix.TOPIC_SUFFIX;
  const send = n('-subscription-registration-processor', FkPrefix.SUBSCRIPTION_REGISTRATION);
  const subscriptionSink = n('-subscription-registration-sink', FkPrefix.SINK);
  const subscriptionSource = n('-subscription-registration-source', FkPrefix.SOURCE);
  const store = n('-subscription-store', FkPrefix.STATE_STORE);
  const receive = n('-subscription-receive', FkPrefix.SUBSCRIPTION_PROCESSOR);
  const joinForeign = n('-subscription-join-foreign', FkPrefix.SUBSCRIPTION_PROCESSOR);
  const foreignJoin = n('-foreign-join-subscription', FkPrefix.SUBSCRIPTION_PROCESSOR);
  const responseTopic = n('-subscription-response', FkPrefix.SUBSCRIPTION_RESPONSE) + FkPrefix.TOPIC_SUFFIX;
  const responseSink = n('-subscription-response-sink', FkPrefix.SINK);
  const responseSource = n('-subscription-response-source', FkPrefix.SOURCE);
  const resolver = n('-subscription-response-resolver', FkPrefix.RESPONSE_RESOLVER);
  const result = n('-result', FkPrefix.OUTPUT);
  return { subscriptionTopic, send, subscriptionSink, subscriptionSource, store, receive, joinForeign, foreignJoin, responseTopic, responseSink, responseSource, resolver, result };
}

/** Kafka's KTableImpl.doJoinOnForeignKey. */
export function joinOnForeignKey(
  builder: InternalStreamsBuilder,
  self: FkTable,
  other: FkTable,
  foreignKeyExtractor: (value: unknown) => unknown,
  joiner: (left: unknown, right: unknown) => unknown,
  tableJoined: TableJoined<unknown, unknown> | undefined,
  materialized: Materialized<unknown, unknown> | undefined,
  leftJoin: boolean,
): JoinedTableState {
  // Old values of the right table let it skip unchanged rows; those of the left table route deletes and moves.
  other.enableSendingOldValues(true);
  self.enableSendingOldValues(true);
  const names = fkNames(builder, tableJoined?.name);
  const m = new MaterializedInternal(materialized, builder, FkPrefix.OUTPUT);
  m.keySerde ??= self.keySerde;
  const serdes: FkJoinSerdes = {
    subscriptionTopic: names.subscriptionTopic,
    primaryKeySerde: self.keySerde,
    primaryValueSerde: self.valueSerde,
    foreignKeySerde: other.keySerde,
  };
  const result = new KTableSource(m.storeName!, m.queryableStoreName());
  const node = new FkJoinGraphNode(names.result, [self.graphNode, other.graphNode], {
    names,
    serdes,
    foreignKeyExtractor,
    joiner,
    leftJoin,
    foreignValues: valueGetterSupplier(other),
    primaryValues: valueGetterSupplier(self),
    otherValueSerde: other.valueSerde,
    partitioner: tableJoined?.partitioner,
    otherPartitioner: tableJoined?.otherPartitioner,
    result,
    resultStore: lazyStore(builder, m),
    inMemory: () => builder.defaultStoreType === 'in_memory',
  });
  builder.addGraphNode(node);
  return { name: names.result, keySerde: self.keySerde, valueSerde: m.valueSerde, graphNode: node, queryableName: m.queryableStoreName(), supplier: result };
}

interface FkParts {
  readonly names: FkNames;
  readonly serdes: FkJoinSerdes;
  readonly foreignKeyExtractor: (value: unknown) => unknown;
  readonly joiner: (left: unknown, right: unknown) => unknown;
  readonly leftJoin: boolean;
  readonly foreignValues: ValueGetterSupplier;
  readonly primaryValues: ValueGetterSupplier;
  readonly otherValueSerde: import('../../../../serialization/serde.js').Serde<unknown> | undefined;
  readonly partitioner: StreamPartitioner<unknown, void> | undefined;
  readonly otherPartitioner: StreamPartitioner<unknown, void> | undefined;
  readonly result: KTableSource;
  readonly resultStore: ReturnType<typeof lazyStore>;
  readonly inMemory: () => boolean;
}

/** Every node of the join, written in Kafka's creation order; downstream operators hang off the result. */
class FkJoinGraphNode implements GraphNode {
  constructor(
    readonly nodeName: string,
    readonly parents: readonly [GraphNode, GraphNode],
    private readonly p: FkParts,
  ) {}

  write(builder: InternalTopologyBuilder): void {
    const { names, serdes, p } = { names: this.p.names, serdes: this.p.serdes, p: this.p };
    const [left, right] = this.parents;
    const fkSerde = serdes.foreignKeySerde;
    builder.addInternalTopic(names.subscriptionTopic, { numberOfPartitions: undefined });
    builder.addProcessor(names.send, plain(() => new SubscriptionSendProcessor(serdes, p.foreignKeyExtractor, p.leftJoin)), [left.nodeName]);
    const other = p.otherPartitioner;
    builder.addSink({
      name: names.subscriptionSink,
      predecessors: [names.send],
      topic: names.subscriptionTopic,
      extractor: undefined,
      keySerializer: fkSerde?.serializer(),
      valueSerializer: subscriptionWrapperSerde.serializer() as Serializer<unknown>,
      partitioner: other === undefined ? undefined : (topic, key, _value, count) => other(topic, key, undefined, count),
    });
    builder.addSource({
      name: names.subscriptionSource,
      topics: [names.subscriptionTopic],
      pattern: undefined,
      keyDeserializer: fkSerde?.deserializer(),
      valueDeserializer: subscriptionWrapperSerde.deserializer() as Deserializer<unknown>,
      timestampExtractor: new FailOnInvalidTimestamp(),
      offsetReset: undefined,
    });
    builder.copartitionSources([...subTopologySourceNodes(right), names.subscriptionSource]);
    builder.addProcessor(names.receive, plain(() => new SubscriptionReceiveProcessor(serdes, names.store)), [names.subscriptionSource]);
    builder.addStateStore(this.#subscriptionStore(), [names.receive]);
    builder.addProcessor(names.joinForeign, plain(() => new SubscriptionJoinProcessor(serdes, p.foreignValues.get())), [names.receive]);
    for (const store of p.foreignValues.storeNames()) builder.connectProcessorAndStateStore(names.joinForeign, store);
    builder.addProcessor(names.foreignJoin, plain(() => new ForeignTableJoinProcessor(serdes, names.store)), [right.nodeName]);
    builder.connectProcessorAndStateStore(names.foreignJoin, names.store);
    this.#writeResponse(builder);
  }

  #writeResponse(builder: InternalTopologyBuilder): void {
    const { names, serdes } = this.p;
    const p = this.p;
    builder.addInternalTopic(names.responseTopic, { numberOfPartitions: undefined });
    const custom = p.partitioner;
    // By default the response goes back to the partition the subscription came from.
    const partitioner: StreamPartitioner<unknown, unknown> = custom === undefined
      ? (_topic, _key, value) => {
          const partition = (value as SubscriptionResponseWrapper<unknown>).primaryPartition;
          return partition < 0 ? undefined : partition;
        }
      : (topic, key, _value, count) => custom(topic, key, undefined, count);
    builder.addSink({
      name: names.responseSink,
      predecessors: [names.joinForeign, names.foreignJoin],
      topic: names.responseTopic,
      extractor: undefined,
      keySerializer: serdes.primaryKeySerde?.serializer(),
      valueSerializer: new ResponseWrapperSerializer(p.otherValueSerde?.serializer()) as Serializer<unknown>,
      partitioner,
    });
    builder.addSource({
      name: names.responseSource,
      topics: [names.responseTopic],
      pattern: undefined,
      keyDeserializer: serdes.primaryKeySerde?.deserializer(),
      valueDeserializer: new ResponseWrapperDeserializer(p.otherValueSerde?.deserializer()) as Deserializer<unknown>,
      timestampExtractor: new FailOnInvalidTimestamp(),
      offsetReset: undefined,
    });
    builder.copartitionSources([...subTopologySourceNodes(this.parents[0]), names.responseSource]);
    builder.addProcessor(names.resolver, plain(() => new ResponseJoinProcessor(serdes, p.primaryValues.get(), p.joiner, p.leftJoin)), [names.responseSource]);
    for (const store of p.primaryValues.storeNames()) builder.connectProcessorAndStateStore(names.resolver, store);
    builder.addProcessor(names.result, plain(() => p.result.get()), [names.resolver]);
    if (p.result.materialized()) builder.addStateStore(p.resultStore(), [names.result]);
  }

  /** Kafka's SubscriptionStoreFactory: a timestamped key-value store of subscriptions by combined key. */
  #subscriptionStore() {
    const name = this.p.names.store;
    const supplier = this.p.inMemory() ? Stores.inMemoryKeyValueStore(name) : Stores.persistentTimestampedKeyValueStore(name);
    return Stores.timestampedKeyValueStoreBuilder(supplier, Serdes.Buffer(), subscriptionWrapperSerde);
  }
}
