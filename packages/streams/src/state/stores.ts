import type { Serde } from '../serialization/serde.js';
import { IllegalArgumentException } from '../common/errors.js';
import { EngineKeyValueStore } from '../internal/state/kv/engine-key-value-store.js';
import { LevelEngine } from '../internal/state/bytes/level-engine.js';
import { MemoryEngine } from '../internal/state/bytes/memory-engine.js';
import { KeyValueStoreBuilder, TimestampedKeyValueStoreBuilder } from './builders/key-value-store-builder.js';
import type { KeyValueBytesStoreSupplier } from './suppliers.js';

function requireName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new IllegalArgumentException('name cannot be null or empty');
}

function kvSupplier(name: string, persistent: boolean): KeyValueBytesStoreSupplier {
  requireName(name);
  return {
    name: () => name,
    get: () => new EngineKeyValueStore(name, persistent ? new LevelEngine() : new MemoryEngine()),
    metricsScope: () => (persistent ? 'level' : 'in-memory'),
  };
}

/**
 * Factories of state stores (Kafka's `Stores`): suppliers of bytes stores (LevelDB or in-memory) and builders
 * that wrap them with serdes, caching and change-logging.
 *
 * @example
 * ```ts
 * const counts = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('counts'), Serdes.String(), Serdes.Long())
 *   .withCachingEnabled();
 * topology.addStateStore(counts, 'counter');
 * ```
 */
export class Stores {
  private constructor() {}

  /** A LevelDB key-value store at `<task dir>/level/<name>` (Kafka's `persistentKeyValueStore`, on RocksDB there). */
  static persistentKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    return kvSupplier(name, true);
  }

  /**
   * A LevelDB key-value store for timestamped values (Kafka's `persistentTimestampedKeyValueStore`). Use it with
   * `timestampedKeyValueStoreBuilder`; the layout on disk is the same store type, the builder decides the values.
   */
  static persistentTimestampedKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    return kvSupplier(name, true);
  }

  /** An in-memory key-value store, ordered by key bytes (Kafka's `inMemoryKeyValueStore`). */
  static inMemoryKeyValueStore(name: string): KeyValueBytesStoreSupplier {
    return kvSupplier(name, false);
  }

  /** A builder of `KeyValueStore<K, V>` over `supplier` (Kafka's `keyValueStoreBuilder`); null serdes use the defaults. */
  static keyValueStoreBuilder<K, V>(supplier: KeyValueBytesStoreSupplier, keySerde: Serde<K> | null | undefined, valueSerde: Serde<V> | null | undefined): KeyValueStoreBuilder<K, V> {
    return new KeyValueStoreBuilder(supplier, keySerde ?? undefined, valueSerde ?? undefined);
  }

  /** A builder of `TimestampedKeyValueStore<K, V>` (Kafka's `timestampedKeyValueStoreBuilder`). */
  static timestampedKeyValueStoreBuilder<K, V>(supplier: KeyValueBytesStoreSupplier, keySerde: Serde<K> | null | undefined, valueSerde: Serde<V> | null | undefined): TimestampedKeyValueStoreBuilder<K, V> {
    return new TimestampedKeyValueStoreBuilder(supplier, keySerde ?? undefined, valueSerde ?? undefined);
  }
}
