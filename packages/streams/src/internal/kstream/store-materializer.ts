import { Stores } from '../../state/stores.js';
import type { StoreBuilder } from '../../processor/state-store.js';
import type { Serde } from '../../serialization/serde.js';
import type { TimestampedKeyValueStore } from '../../state/key-value-store.js';
import type { StoreType } from '../../kstream/materialized.js';
import type { MaterializedInternal } from './materialized-internal.js';
import { isVersionedBytesStoreSupplier } from '../../state/versioned-key-value-store.js';
import { versionedKeyValueStoreBuilder } from '../../state/versioned-stores.js';

/**
 * The timestamped key-value store builder for a DSL operator's Materialized (Kafka's
 * TimestampedKeyValueStoreMaterializer): the user's supplier, else the built-in store of the requested or default
 * type, with the Materialized's serdes, logging and caching.
 */
export function materializeTimestampedKeyValueStore(
  materialized: MaterializedInternal<unknown, unknown>,
  defaultStoreType: StoreType,
): StoreBuilder<TimestampedKeyValueStore<unknown, unknown>> {
  const name = materialized.storeName!;
  if (isVersionedBytesStoreSupplier(materialized.storeSupplier)) {
    // A versioned table (KIP-914): a versioned store, never cached (Kafka's KeyValueStoreMaterializer).
    const versioned = versionedKeyValueStoreBuilder(materialized.storeSupplier, materialized.keySerde, materialized.valueSerde);
    const logged = materialized.loggingEnabled ? versioned.withLoggingEnabled({ ...materialized.topicConfig }) : versioned.withLoggingDisabled();
    return logged as unknown as StoreBuilder<TimestampedKeyValueStore<unknown, unknown>>;
  }
  const type = materialized.storeType ?? defaultStoreType;
  const supplier = materialized.storeSupplier ?? (type === 'in_memory' ? Stores.inMemoryKeyValueStore(name) : Stores.persistentTimestampedKeyValueStore(name));
  let builder = Stores.timestampedKeyValueStoreBuilder(
    supplier as Parameters<typeof Stores.timestampedKeyValueStoreBuilder>[0],
    materialized.keySerde as Serde<unknown> | undefined,
    materialized.valueSerde as Serde<unknown> | undefined,
  );
  builder = materialized.loggingEnabled ? builder.withLoggingEnabled({ ...materialized.topicConfig }) : builder.withLoggingDisabled();
  builder = materialized.cachingEnabled ? builder.withCachingEnabled() : builder.withCachingDisabled();
  return builder as StoreBuilder<TimestampedKeyValueStore<unknown, unknown>>;
}
