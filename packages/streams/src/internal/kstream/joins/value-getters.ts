// Lookups into a table by key (Kafka's KTableValueGetter/KTableValueGetterSupplier), which stream-table and
// table-table joins need from the other side. A materialized table is read from its store; a source table is
// materialized on demand; a filter or mapValues without a store of its own computes its value from its parent's
// getter, as Kafka does; a join result computes its value from both sides' getters.

import { StreamsException } from '../../../common/errors.js';
import type { ProcessingContext } from '../../../processor/processor-context.js';
import type { TimestampedKeyValueStore } from '../../../state/key-value-store.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import { KTableSource } from '../table/ktable-source.js';
import { KTableFilter } from '../table/ktable-filter.js';
import { KTableMapValues } from '../table/ktable-map-values.js';
import { KTablePassThrough } from '../table/ktable-pass-through.js';
import type { TableProcessorSupplier } from '../table/table-supplier.js';

/** Reads one table's current value and timestamp for a key (Kafka's `KTableValueGetter`). */
export interface ValueGetter {
  init(context: ProcessingContext): void;
  get(key: unknown): ValueAndTimestamp<unknown> | null;
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

/** The getter of a store holding `ValueAndTimestamp`s (Kafka's KTableMaterializedValueGetterSupplier). */
export function storeGetter(storeName: string): ValueGetterSupplier {
  return {
    storeNames: () => [storeName],
    get: () => {
      let store: TimestampedKeyValueStore<unknown, unknown>;
      return {
        init: (context) => {
          store = context.getStateStore<TimestampedKeyValueStore<unknown, unknown>>(storeName);
        },
        get: (key) => store.get(key),
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
      return {
        init: (context) => inner.init(context),
        get: (key) => {
          const found = inner.get(key);
          if (found === null) return null;
          const value = compute(key, found.value());
          return value === null || value === undefined ? null : ValueAndTimestamp.make(value, found.timestamp());
        },
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
