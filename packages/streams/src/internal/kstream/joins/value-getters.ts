// Lookups into a table by key (Kafka's KTableValueGetter/KTableValueGetterSupplier), which stream-table and
// table-table joins need from the other side. A materialized table is read from its store; a source table is
// materialized on demand; a filter or mapValues without a store of its own computes its value from its parent's
// getter, as Kafka does; a join result computes its value from both sides' getters.

import { StreamsException } from '../../../common/errors.js';
import type { ProcessingContext } from '../../../processor/processor-context.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import { TableStore } from '../../state/versioned/table-store.js';
import { KTableSource } from '../table/ktable-source.js';
import { KTableFilter } from '../table/ktable-filter.js';
import { KTableMapValues } from '../table/ktable-map-values.js';
import { KTablePassThrough } from '../table/ktable-pass-through.js';
import type { TableProcessorSupplier } from '../table/table-supplier.js';

/** Reads one table's current value and timestamp for a key (Kafka's `KTableValueGetter`). */
export interface ValueGetter {
  init(context: ProcessingContext): void;
  get(key: unknown): ValueAndTimestamp<unknown> | null;
  /** Whether the table is versioned, so `getAsOf` reads history (Kafka's `isVersioned`); known after `init`. */
  isVersioned?(): boolean;
  /** The value valid at `timestamp` in a versioned table (Kafka's `get(key, asOfTimestamp)`). */
  getAsOf?(key: unknown, timestamp: number): ValueAndTimestamp<unknown> | null;
}

/** The value of `key` as of `timestamp` when the getter's table is versioned, else its current value. */
export function lookup(getter: ValueGetter, key: unknown, timestamp: number): ValueAndTimestamp<unknown> | null {
  return getter.isVersioned?.() === true ? getter.getAsOf!(key, timestamp) : getter.get(key);
}

/** Makes a value getter per task, and names the stores it reads (Kafka's `KTableValueGetterSupplier`). */
export interface ValueGetterSupplier {
  get(): ValueGetter;
  storeNames(): readonly string[];
}

/** A table supplier that knows its own getter (the join results). */
export interface ViewableSupplier {
  view(): ValueGetterSupplier;
}

/** What a value getter needs of a table. */
export interface TableLike {
  readonly queryableName: string | undefined;
  readonly supplier: TableProcessorSupplier;
}

/** The getter of a table's store, timestamped or versioned (Kafka's KTableMaterializedValueGetterSupplier). */
export function storeGetter(storeName: string): ValueGetterSupplier {
  return {
    storeNames: () => [storeName],
    get: () => {
      let store: TableStore;
      return {
        init: (context) => {
          store = TableStore.of(context, storeName);
        },
        get: (key) => store.get(key),
        isVersioned: () => store.isVersioned(),
        getAsOf: (key, timestamp) => store.getAsOf(key, timestamp),
      };
    },
  };
}

/** A getter computing its value from another getter's (filter and mapValues views). */
function derivedGetter(parent: ValueGetterSupplier, compute: (key: unknown, value: unknown) => unknown): ValueGetterSupplier {
  return {
    storeNames: () => parent.storeNames(),
    get: () => {
      const inner = parent.get();
      const derive = (key: unknown, found: ValueAndTimestamp<unknown> | null): ValueAndTimestamp<unknown> | null => {
        if (found === null) return null;
        const value = compute(key, found.value());
        return value === null || value === undefined ? null : ValueAndTimestamp.make(value, found.timestamp());
      };
      return {
        init: (context) => inner.init(context),
        get: (key) => derive(key, inner.get(key)),
        isVersioned: () => inner.isVersioned?.() === true,
        getAsOf: (key, timestamp) => derive(key, lookup(inner, key, timestamp)),
      };
    },
  };
}

function isViewable(supplier: object): supplier is ViewableSupplier {
  return typeof (supplier as Partial<ViewableSupplier>).view === 'function';
}

/** The store name of a supplier that always owns one (aggregations). */
function ownStore(supplier: object): string | undefined {
  const name = (supplier as { storeName?: unknown }).storeName;
  return typeof name === 'string' ? name : undefined;
}

/** Kafka's `KTableImpl.valueGetterSupplier()`: how to look this table's values up. */
export function valueGetterSupplier(table: TableLike): ValueGetterSupplier {
  return supplierGetter(table.supplier, table.queryableName);
}

function supplierGetter(supplier: TableProcessorSupplier, queryableName: string | undefined): ValueGetterSupplier {
  if (isViewable(supplier)) return supplier.view();
  if (queryableName !== undefined) return storeGetter(queryableName);
  if (supplier instanceof KTableSource) {
    // A lookup needs the source's store (Kafka's KTableSource.materialize()).
    supplier.materialize();
    return storeGetter(supplier.storeName);
  }
  if (supplier instanceof KTableFilter || supplier instanceof KTableMapValues) {
    if (supplier.queryableName !== undefined) return storeGetter(supplier.queryableName);
    const parent = (supplier as unknown as { parent: TableLike }).parent;
    return derivedGetter(valueGetterSupplier(parent), (key, value) => supplier.computeValue(key, value));
  }
  if (supplier instanceof KTablePassThrough) {
    // A cogroup's result: its aggregators share one store.
    const parents = (supplier as unknown as { parents: readonly TableProcessorSupplier[] }).parents;
    const named = parents.map(ownStore).find((n) => n !== undefined);
    if (named !== undefined) return storeGetter(named);
  }
  const own = ownStore(supplier);
  if (own !== undefined) return storeGetter(own);
  throw new StreamsException(`No value getter for the table processor ${supplier.constructor.name}`);
}
