import { Consumed } from '../../kstream/consumed.js';
import type { GlobalKTable, KTable } from '../../kstream/ktable.js';
import { Materialized } from '../../kstream/materialized.js';
import type { Serde } from '../../serialization/serde.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import type { GraphNode, InternalStreamsBuilder } from './internal-streams-builder.js';
import { KTableImpl, TablePrefix } from './ktable-impl.js';
import { MaterializedInternal } from './materialized-internal.js';
import { Prefix } from './naming.js';
import { KTableSource } from './table/ktable-source.js';
import { lazyStore, suffixedOrGenerated } from './table-args.js';
import { TableSourceGraphNode } from './table-graph-nodes.js';
import { markVersionedTable } from './joins/versioned-tables.js';

// `StreamsBuilder.table()` and `globalTable()` (Kafka's StreamsBuilder and InternalStreamsBuilder methods).

/** Sorts `table(topic, consumed?, materialized?)`'s optional arguments; Kafka's serde rules between the two. */
function resolve<K, V>(builder: InternalStreamsBuilder, topic: string, args: readonly unknown[]): { consumed: Consumed<K, V>; m: MaterializedInternal<unknown, unknown> } {
  let consumed = args.find((a): a is Consumed<K, V> => a instanceof Consumed);
  const materialized = args.find((a): a is Materialized<K, V> => a instanceof Materialized);
  if (materialized === undefined) {
    consumed ??= Consumed.with<K, V>(undefined, undefined);
    const m = new MaterializedInternal(Materialized.with(consumed.keySerde, consumed.valueSerde), builder, `${topic}-`);
    return { consumed, m: m as MaterializedInternal<unknown, unknown> };
  }
  if (consumed === undefined) {
    const m = new MaterializedInternal(materialized, builder, `${topic}-`);
    return { consumed: Consumed.with(m.keySerde, m.valueSerde), m: m as MaterializedInternal<unknown, unknown> };
  }
  // As in Kafka, the Consumed's serdes replace the Materialized's (even when the Consumed has none).
  const m = new MaterializedInternal(materialized.withKeySerde(consumed.keySerde).withValueSerde(consumed.valueSerde), builder, `${topic}-`);
  return { consumed, m: m as MaterializedInternal<unknown, unknown> };
}

/** Kafka's `StreamsBuilder.table`: a KSTREAM-SOURCE and a KTABLE-SOURCE, materialized only when needed or named. */
export function table<K, V>(builder: InternalStreamsBuilder, topic: string, args: readonly unknown[]): KTable<K, V> {
  const { consumed, m } = resolve<K, V>(builder, topic, args);
  const named = consumed.processorName;
  const sourceName = suffixedOrGenerated(builder, named, '-source', Prefix.SOURCE);
  const tableSourceName = named ?? builder.newProcessorName(TablePrefix.SOURCE);
  const supplier = new KTableSource(m.storeName!, m.queryableStoreName());
  markVersionedTable(supplier, m.storeSupplier);
  const keySerde = consumed.keySerde as Serde<unknown> | undefined;
  const valueSerde = consumed.valueSerde as Serde<unknown> | undefined;
  const node = new TableSourceGraphNode(tableSourceName, {
    topic, sourceName, keySerde, valueSerde, timestampExtractor: consumed.timestampExtractor, offsetReset: consumed.offsetResetPolicy,
  }, supplier, lazyStore(builder, m));
  builder.addGraphNode(node);
  return new KTableImpl<K, V>(builder, { name: tableSourceName, graphNode: node, supplier, keySerde, valueSerde, queryableName: m.queryableStoreName() });
}

/** Kafka's GlobalKTableImpl: the name of the store every instance fills from the whole topic. */
class GlobalKTableImpl<K, V> implements GlobalKTable<K, V> {
  constructor(readonly storeName: string) {}

  queryableStoreName(): string {
    return this.storeName;
  }
}

/** The global store of `globalTable()` (Kafka's TableSourceNode with isGlobalKTable). */
class GlobalTableGraphNode implements GraphNode {
  readonly parents: readonly GraphNode[] = [];

  constructor(
    readonly nodeName: string,
    readonly sourceName: string,
    readonly topic: string,
    readonly consumed: Consumed<unknown, unknown>,
    readonly supplier: KTableSource,
    readonly store: ReturnType<typeof lazyStore>,
  ) {}

  write(builder: InternalTopologyBuilder): void {
    const supplier = this.supplier;
    builder.addGlobalStore({
      storeBuilder: this.store(),
      sourceName: this.sourceName,
      topic: this.topic,
      keyDeserializer: this.consumed.keySerde?.deserializer(),
      valueDeserializer: this.consumed.valueSerde?.deserializer(),
      timestampExtractor: this.consumed.timestampExtractor,
      processorName: this.nodeName,
      create: () => ({ fixedKey: false, processor: supplier.get() }),
    });
  }
}

/** Kafka's `StreamsBuilder.globalTable`: always materialized, never changelogged (the topic is its changelog). */
export function globalTable<K, V>(builder: InternalStreamsBuilder, topic: string, args: readonly unknown[]): GlobalKTable<K, V> {
  const { consumed, m } = resolve<K, V>(builder, topic, args);
  const logless = new MaterializedInternal(materializedWithoutLogging(m), undefined, undefined);
  const named = consumed.processorName;
  const sourceName = suffixedOrGenerated(builder, named, '-source', Prefix.SOURCE);
  const processorName = named ?? builder.newProcessorName(TablePrefix.SOURCE);
  const storeName = m.storeName!;
  const supplier = new KTableSource(storeName, storeName);
  builder.addGraphNode(new GlobalTableGraphNode(processorName, sourceName, topic, consumed as Consumed<unknown, unknown>, supplier, lazyStore(builder, logless)));
  return new GlobalKTableImpl<K, V>(storeName);
}

/** The same Materialized with its resolved name and logging disabled. */
function materializedWithoutLogging(m: MaterializedInternal<unknown, unknown>): Materialized<unknown, unknown> {
  let out = m.storeSupplier !== undefined ? Materialized.as<unknown, unknown>(m.storeSupplier) : Materialized.as<unknown, unknown>(m.storeName!);
  out = out.withKeySerde(m.keySerde).withValueSerde(m.valueSerde).withLoggingDisabled();
  out = m.cachingEnabled ? out.withCachingEnabled() : out.withCachingDisabled();
  if (m.storeType !== undefined) out = out.withStoreType(m.storeType);
  return out;
}
