import type { StateStore } from '../processor/state-store.js';
import type { ReadOnlyKeyValueStore } from '../state/key-value-store.js';
import type { ReadOnlySessionStore } from '../state/session-store.js';
import type { ValueAndTimestamp } from '../state/value-and-timestamp.js';
import type { ReadOnlyWindowStore } from '../state/window-store.js';
import { CompositeReadOnlyKeyValueStore, CompositeReadOnlySessionStore, CompositeReadOnlyWindowStore } from '../internal/query/composite-stores.js';
import { isKeyValueStore, isSessionStore, isTimestamped, isWindowStore } from '../internal/query/store-kinds.js';

/**
 * What kind of store an interactive query wants (Kafka's `QueryableStoreType`): which stores qualify, and the
 * read-only view it builds over the instance's stores of that name (one per task hosting it).
 */
export interface QueryableStoreType<T> {
  accepts(store: StateStore): boolean;
  create(stores: () => readonly StateStore[], storeName: string): T;
}

/**
 * The store types of interactive queries (Kafka's `QueryableStoreTypes`). `keyValueStore()` and `windowStore()`
 * also read timestamped stores (KTables are materialized timestamped): their ValueAndTimestamp values come back
 * as the plain values, as Kafka's read-only facades do.
 *
 * @example
 * ```ts
 * const counts = streams.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore<string, number>()));
 * counts.get('kafka');
 * ```
 */
export const QueryableStoreTypes = {
  keyValueStore<K, V>(): QueryableStoreType<ReadOnlyKeyValueStore<K, V>> {
    return {
      accepts: isKeyValueStore,
      create: (stores) => new CompositeReadOnlyKeyValueStore<K, V>(() => stores() as unknown as ReadOnlyKeyValueStore<K, unknown>[], true),
    };
  },
  timestampedKeyValueStore<K, V>(): QueryableStoreType<ReadOnlyKeyValueStore<K, ValueAndTimestamp<V>>> {
    return {
      accepts: (s) => isKeyValueStore(s) && isTimestamped(s),
      create: (stores) => new CompositeReadOnlyKeyValueStore<K, ValueAndTimestamp<V>>(() => stores() as unknown as ReadOnlyKeyValueStore<K, unknown>[], false),
    };
  },
  windowStore<K, V>(): QueryableStoreType<ReadOnlyWindowStore<K, V>> {
    return {
      accepts: isWindowStore,
      create: (stores) => new CompositeReadOnlyWindowStore<K, V>(() => stores() as unknown as ReadOnlyWindowStore<K, unknown>[], true),
    };
  },
  timestampedWindowStore<K, V>(): QueryableStoreType<ReadOnlyWindowStore<K, ValueAndTimestamp<V>>> {
    return {
      accepts: (s) => isWindowStore(s) && isTimestamped(s),
      create: (stores) => new CompositeReadOnlyWindowStore<K, ValueAndTimestamp<V>>(() => stores() as unknown as ReadOnlyWindowStore<K, unknown>[], false),
    };
  },
  sessionStore<K, AGG>(): QueryableStoreType<ReadOnlySessionStore<K, AGG>> {
    return {
      accepts: isSessionStore,
      create: (stores) => new CompositeReadOnlySessionStore<K, AGG>(() => stores() as unknown as ReadOnlySessionStore<K, AGG>[]),
    };
  },
} as const;
