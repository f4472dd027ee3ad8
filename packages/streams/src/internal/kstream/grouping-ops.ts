import type { KeyValueMapper } from '../../kstream/functions.js';
import type { Grouped } from '../../kstream/grouped.js';
import type { KGroupedStream, KTable } from '../../kstream/ktable.js';
import { Materialized } from '../../kstream/materialized.js';
import type { Named } from '../../kstream/named.js';
import type { Serde } from '../../serialization/serde.js';
import { ProcessorGraphNode } from './graph-nodes.js';
import type { GraphNode } from './internal-streams-builder.js';
import { KGroupedStreamImpl } from './kgrouped-stream-impl.js';
import type { StreamContext } from './kstream-impl.js';
import { KTableImpl } from './ktable-impl.js';
import { MaterializedInternal } from './materialized-internal.js';
import { plain, Prefix } from './naming.js';
import { SelectKeyProcessor } from './processors/stateless.js';
import { createRepartitionedSource } from './repartition-source.js';
import { KTableSource } from './table/ktable-source.js';
import { lazyStore, namedAndMaterialized } from './table-args.js';
import { TableProcessorGraphNode } from './table-graph-nodes.js';
import { markVersionedTable } from './joins/versioned-tables.js';

// The KStream operators that lead to tables (Kafka's KStreamImpl toTable, groupBy, groupByKey).

type Self = StreamContext;

const TO_KTABLE = 'KSTREAM-TOTABLE-';

/** Kafka's `groupByKey`: a repartition is still required if an earlier operator changed the key. */
export function groupByKey<K, V>(self: Self, grouped: Grouped<K, V> | undefined): KGroupedStream<K, V> {
  return new KGroupedStreamImpl<K, V>(self.builder, {
    name: self.name,
    graphNode: self.graphNode,
    // Without a Grouped the stream's serdes are used; a Grouped's missing serdes fall back to the defaults.
    keySerde: grouped === undefined ? self.keySerde : (grouped.keySerde as Serde<unknown> | undefined),
    valueSerde: grouped === undefined ? self.valueSerde : (grouped.valueSerde as Serde<unknown> | undefined),
    userRepartitionName: grouped?.name,
    repartitionRequired: self.repartitionRequired,
  });
}

/** Kafka's `groupBy`: a key-selecting processor (named after the Grouped, if it has a name), then a repartition. */
export function groupBy<KR, V>(self: Self, selector: KeyValueMapper<unknown, unknown, unknown>, grouped: Grouped<KR, V> | undefined): KGroupedStream<KR, V> {
  const name = grouped?.name ?? self.builder.newProcessorName(Prefix.KEY_SELECT);
  const node = new ProcessorGraphNode(name, [self.graphNode], plain(() => new SelectKeyProcessor(selector)));
  self.builder.addGraphNode(node);
  return new KGroupedStreamImpl<KR, V>(self.builder, {
    name,
    graphNode: node,
    // Without a Grouped the key serde is the default one (the key changed) and the value serde the stream's.
    keySerde: grouped?.keySerde as Serde<unknown> | undefined,
    valueSerde: grouped === undefined ? self.valueSerde : (grouped.valueSerde as Serde<unknown> | undefined),
    userRepartitionName: grouped?.name,
    repartitionRequired: true,
  });
}

/** Kafka's `toTable`: a KTableSource processor, behind a repartition topic if the key changed. */
export function toTable<K, V>(self: Self, rest: readonly unknown[]): KTable<K, V> {
  const { builder } = self;
  const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
  const name = named ?? builder.newProcessorName(TO_KTABLE);
  const m = new MaterializedInternal(materialized ?? Materialized.with(self.keySerde, self.valueSerde), builder, TO_KTABLE);
  const keySerde = m.keySerde ?? self.keySerde;
  const valueSerde = m.valueSerde ?? self.valueSerde;
  let parent: GraphNode = self.graphNode;
  if (self.repartitionRequired) {
    parent = createRepartitionedSource(builder, self.graphNode, name, keySerde, valueSerde);
    builder.addGraphNode(parent);
  }
  const supplier = new KTableSource(m.storeName!, m.queryableStoreName());
  markVersionedTable(supplier, m.storeSupplier);
  const store = lazyStore(builder, m);
  const node = new TableProcessorGraphNode(name, [parent], supplier, () => (supplier.materialized() ? [store()] : []));
  builder.addGraphNode(node);
  return new KTableImpl<K, V>(builder, { name, graphNode: node, supplier, keySerde, valueSerde, queryableName: m.queryableStoreName() });
}
