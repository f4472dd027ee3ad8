import type { KeyValueLike, KeyValueMapper, Predicate, ValueMapper, ValueMapperWithKey } from '../../kstream/functions.js';
import type { Grouped } from '../../kstream/grouped.js';
import type { KStream } from '../../kstream/kstream.js';
import type { KGroupedTable, KTable } from '../../kstream/ktable.js';
import type { Materialized } from '../../kstream/materialized.js';
import type { Named } from '../../kstream/named.js';
import type { Serde } from '../../serialization/serde.js';
import type { Change } from './change.js';
import { ProcessorGraphNode } from './graph-nodes.js';
import type { GraphNode, InternalStreamsBuilder } from './internal-streams-builder.js';
import { KGroupedTableImpl } from './kgrouped-table-impl.js';
import { KStreamImpl } from './kstream-impl.js';
import { joinTableWith } from './joins/join-ops.js';
import { MaterializedInternal } from './materialized-internal.js';
import { plain } from './naming.js';
import { MapValuesProcessor } from './processors/stateless.js';
import { KTableFilter } from './table/ktable-filter.js';
import { KTableMapValues } from './table/ktable-map-values.js';
import { KTableRepartitionMapProcessor } from './table/ktable-repartition-map.js';
import type { TableProcessorSupplier } from './table/table-supplier.js';
import { lazyStore, namedAndMaterialized } from './table-args.js';
import { TableProcessorGraphNode } from './table-graph-nodes.js';
import type { Suppressed } from '../../kstream/suppressed.js';
import { suppressTable } from './suppress/suppress-op.js';
import { markVersionedTable } from './joins/versioned-tables.js';

/** Kafka's KTableImpl name prefixes. */
export const TablePrefix = {
  SOURCE: 'KTABLE-SOURCE-',
  FILTER: 'KTABLE-FILTER-',
  MAPVALUES: 'KTABLE-MAPVALUES-',
  SELECT: 'KTABLE-SELECT-',
  TOSTREAM: 'KTABLE-TOSTREAM-',
  AGGREGATE: 'KTABLE-AGGREGATE-',
  REDUCE: 'KTABLE-REDUCE-',
} as const;

/** What a table carries (Kafka's AbstractStream fields of a KTableImpl). */
export interface TableState {
  readonly name: string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly graphNode: GraphNode;
  readonly queryableName: string | undefined;
  /** The processor behind the table, which a downstream operator may ask for old values. */
  readonly supplier: TableProcessorSupplier;
}

/**
 * Kafka's KTableImpl: the table side of the DSL. Operators add table processors that forward {@link Change}s;
 * old values flow only once a downstream operator asked for them ({@link enableSendingOldValues}), and a table
 * owns a store only when materialized.
 */
export class KTableImpl<K, V> implements KTable<K, V>, TableState {
  readonly name: string;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
  readonly graphNode: GraphNode;
  readonly queryableName: string | undefined;
  readonly supplier: TableProcessorSupplier;
  #sendOldValues = false;

  constructor(readonly builder: InternalStreamsBuilder, state: TableState) {
    this.name = state.name;
    this.keySerde = state.keySerde;
    this.valueSerde = state.valueSerde;
    this.graphNode = state.graphNode;
    this.queryableName = state.queryableName;
    this.supplier = state.supplier;
  }

  queryableStoreName(): string | null {
    return this.queryableName ?? null;
  }

  join<VR>(...args: unknown[]): KTable<K, VR> {
    return new KTableImpl<K, VR>(this.builder, joinTableWith(this.builder, this, 'join', args));
  }

  leftJoin<VR>(...args: unknown[]): KTable<K, VR> {
    return new KTableImpl<K, VR>(this.builder, joinTableWith(this.builder, this, 'leftJoin', args));
  }

  outerJoin<VR>(...args: unknown[]): KTable<K, VR> {
    return new KTableImpl<K, VR>(this.builder, joinTableWith(this.builder, this, 'outerJoin', args));
  }

  suppress(suppressed: Suppressed<K>): KTable<K, V> {
    return suppressTable(this, suppressed);
  }

  /**
   * Makes this table's processor forward old values (Kafka's `enableSendingOldValues(forceMaterialization)`);
   * false when that would need a store and `forceMaterialization` is false.
   */
  enableSendingOldValues(forceMaterialization: boolean): boolean {
    if (!this.#sendOldValues) {
      if (!this.supplier.enableSendingOldValues(forceMaterialization)) return false;
      this.#sendOldValues = true;
    }
    return true;
  }

  filter(predicate: Predicate<K, V>, ...rest: unknown[]): KTable<K, V> {
    return this.#filter(predicate as Predicate<unknown, unknown>, false, rest);
  }

  filterNot(predicate: Predicate<K, V>, ...rest: unknown[]): KTable<K, V> {
    return this.#filter(predicate as Predicate<unknown, unknown>, true, rest);
  }

  mapValues<VR>(mapper: ValueMapper<V, VR>, ...rest: unknown[]): KTable<K, VR> {
    const m = mapper as ValueMapper<unknown, unknown>;
    return this.#mapValues((_k, v) => m(v), rest);
  }

  mapValuesWithKey<VR>(mapper: ValueMapperWithKey<K, V, VR>, ...rest: unknown[]): KTable<K, VR> {
    return this.#mapValues(mapper as ValueMapperWithKey<unknown, unknown, unknown>, rest);
  }

  toStream(named?: Named): KStream<K, V> {
    const name = named?.name ?? this.builder.newProcessorName(TablePrefix.TOSTREAM);
    const node = new ProcessorGraphNode(name, [this.graphNode], plain(() => new MapValuesProcessor((_k, change) => (change as Change<unknown>).newValue)));
    this.builder.addGraphNode(node);
    return new KStreamImpl<K, V>(this.builder, { name, keySerde: this.keySerde, valueSerde: this.valueSerde, graphNode: node, repartitionRequired: false });
  }

  groupBy<KR, VR>(selector: KeyValueMapper<K, V, KeyValueLike<KR, VR>>, grouped?: Grouped<KR, VR>): KGroupedTable<KR, VR> {
    const name = grouped?.name ?? this.builder.newProcessorName(TablePrefix.SELECT);
    const mapper = selector as KeyValueMapper<unknown, unknown, KeyValueLike<unknown, unknown>>;
    const node = new TableProcessorGraphNode(name, [this.graphNode], { get: () => new KTableRepartitionMapProcessor(mapper) });
    this.builder.addGraphNode(node);
    // The subtractor needs each update's old value: the parent must send it, materializing itself if it must.
    this.enableSendingOldValues(true);
    return new KGroupedTableImpl<KR, VR>(this.builder, node, grouped?.keySerde as Serde<unknown> | undefined, grouped?.valueSerde as Serde<unknown> | undefined, grouped?.name);
  }

  #filter(predicate: Predicate<unknown, unknown>, filterNot: boolean, rest: readonly unknown[]): KTable<K, V> {
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    const m = materialized === undefined ? undefined : new MaterializedInternal(materialized);
    // Kafka burns a store index for an unnamed Materialized before naming the processor, to keep later names stable.
    if (m !== undefined && m.storeName === undefined) this.builder.newStoreName(TablePrefix.FILTER);
    const queryable = m?.queryableStoreName();
    const name = named ?? this.builder.newProcessorName(TablePrefix.FILTER);
    const supplier = new KTableFilter(this, predicate, filterNot, queryable);
    markVersionedTable(supplier, m?.storeSupplier);
    const node = new TableProcessorGraphNode(name, [this.graphNode], supplier, this.#storesIf(queryable, m));
    this.builder.addGraphNode(node);
    return new KTableImpl<K, V>(this.builder, {
      name, graphNode: node, supplier, queryableName: queryable,
      keySerde: m?.keySerde ?? this.keySerde,
      valueSerde: m?.valueSerde ?? this.valueSerde,
    });
  }

  #mapValues<VR>(mapper: ValueMapperWithKey<unknown, unknown, unknown>, rest: readonly unknown[]): KTable<K, VR> {
    const { named, materialized } = namedAndMaterialized<unknown, unknown>(rest);
    const m = materialized === undefined ? undefined : new MaterializedInternal(materialized);
    if (m !== undefined && m.storeName === undefined) this.builder.newStoreName(TablePrefix.MAPVALUES);
    const queryable = m?.queryableStoreName();
    const name = named ?? this.builder.newProcessorName(TablePrefix.MAPVALUES);
    const supplier = new KTableMapValues(this, mapper, queryable);
    markVersionedTable(supplier, m?.storeSupplier);
    const node = new TableProcessorGraphNode(name, [this.graphNode], supplier, this.#storesIf(queryable, m));
    this.builder.addGraphNode(node);
    // The value type may change: the parent's value serde is not inherited.
    return new KTableImpl<K, VR>(this.builder, {
      name, graphNode: node, supplier, queryableName: queryable,
      keySerde: m?.keySerde ?? this.keySerde,
      valueSerde: m?.valueSerde,
    });
  }

  #storesIf(queryable: string | undefined, m: MaterializedInternal<unknown, unknown> | undefined): () => ReturnType<ReturnType<typeof lazyStore>>[] {
    if (queryable === undefined || m === undefined) return () => [];
    const store = lazyStore(this.builder, m);
    return () => [store()];
  }
}
