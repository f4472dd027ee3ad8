// Which tables are versioned (Kafka's GraphNode.isOutputVersioned, KIP-914), known while the DSL program is
// built: a table is versioned when the store it is materialized in comes from a versioned supplier, or - for a
// filter or mapValues without a store of its own - when its parent is. Stream-table joins use this to accept a
// grace period (Kafka refuses one on a non-versioned table when `join` is called).

import { isVersionedBytesStoreSupplier } from '../../../state/versioned-key-value-store.js';
import { KTableFilter } from '../table/ktable-filter.js';
import { KTableMapValues } from '../table/ktable-map-values.js';
import type { TableProcessorSupplier } from '../table/table-supplier.js';
import type { TableLike } from './value-getters.js';

const versioned = new WeakSet<TableProcessorSupplier>();

/** Records that the table processor `supplier` writes a versioned store, when `storeSupplier` is versioned. */
export function markVersionedTable(supplier: TableProcessorSupplier, storeSupplier: unknown): void {
  if (isVersionedBytesStoreSupplier(storeSupplier)) versioned.add(supplier);
}

/** Whether lookups into `table` read a versioned store. */
export function isOutputVersioned(table: TableLike): boolean {
  const { supplier } = table;
  if (versioned.has(supplier)) return true;
  if ((supplier instanceof KTableFilter || supplier instanceof KTableMapValues) && supplier.queryableName === undefined) {
    return isOutputVersioned((supplier as unknown as { parent: TableLike }).parent);
  }
  return false;
}
