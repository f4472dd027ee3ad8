import type { Serde } from '../serialization/serde.js';
import { IllegalArgumentException } from '../common/errors.js';
import { EngineKeyValueStore } from '../internal/state/kv/engine-key-value-store.js';
import { LevelEngine } from '../internal/state/bytes/level-engine.js';
import { MemoryEngine } from '../internal/state/bytes/memory-engine.js';
import { KeyValueStoreBuilder, TimestampedKeyValueStoreBuilder } from './builders/key-value-store-builder.js';
import type { KeyValueBytesStoreSupplier, SessionBytesStoreSupplier, WindowBytesStoreSupplier } from './suppliers.js';
import { SegmentedSessionStore } from '../internal/state/session/segmented-session-store.js';
import { SessionStoreBuilder } from './builders/session-store-builder.js';
import { SegmentedWindowStore } from '../internal/state/window/segmented-window-store.js';
import { defaultSegmentInterval } from '../internal/state/segments.js';
import { TimestampedWindowStoreBuilder, WindowStoreBuilder } from './builders/window-store-builder.js';
import { inMemoryVersionedKeyValueStore, persistentVersionedKeyValueStore, versionedKeyValueStoreBuilder } from './versioned-stores.js';

function requireName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new IllegalArgumentException('name cannot be null or empty');
}

function windowSupplier(name: string, retentionPeriod: number, windowSize: number, retainDuplicates: boolean, persistent: boolean): WindowBytesStoreSupplier {
  requireName(name);
  if (!Number.isSafeInteger(retentionPeriod) || retentionPeriod < 0) throw new IllegalArgumentException('retentionPeriod cannot be negative');
  if (!Number.isSafeInteger(windowSize) || windowSize <= 0) throw new IllegalArgumentException('windowSize must be positive');
  if (windowSize > retentionPeriod) {
    throw new IllegalArgumentException(`The retention period of the window store ${name} must be no smaller than its window size. Got size=[${windowSize}], retention=[${retentionPeriod}]`);
  }
  const segmentInterval = defaultSegmentInterval(retentionPeriod);
  return {
    name: () => name,
    get: () => new SegmentedWindowStore(name, persistent ? new LevelEngine() : new MemoryEngine(), retentionPeriod, windowSize, retainDuplicates, segmentInterval),
    metricsScope: () => (persistent ? 'level-window' : 'in-memory-window'),
    segmentIntervalMs: () => segmentInterval,
    windowSize: () => windowSize,
    retainDuplicates: () => retainDuplicates,
    retentionPeriod: () => retentionPeriod,
  };
}

function sessionSupplier(name: string, retentionPeriod: number, persistent: boolean): SessionBytesStoreSupplier {
  requireName(name);
  if (!Number.isSafeInteger(retentionPeriod) || retentionPeriod < 0) throw new IllegalArgumentException('retentionPeriod cannot be negative');
  const segmentInterval = defaultSegmentInterval(retentionPeriod);
  return {
    name: () => name,
    get: () => new SegmentedSessionStore(name, persistent ? new LevelEngine() : new MemoryEngine(), retentionPeriod, segmentInterval),
    metricsScope: () => (persistent ? 'level-session' : 'in-memory-session'),
    segmentIntervalMs: () => segmentInterval,
    retentionPeriod: () => retentionPeriod,
  };
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

  /**
   * A LevelDB window store (Kafka's `persistentWindowStore`): windows of `windowSizeMs` kept for
   * `retentionPeriodMs` of stream time in segments of max(retention / 2, 60000) ms. `retainDuplicates` keeps
   * every value put for a key and window (windowed joins).
   */
  static persistentWindowStore(name: string, retentionPeriodMs: number, windowSizeMs: number, retainDuplicates: boolean): WindowBytesStoreSupplier {
    return windowSupplier(name, retentionPeriodMs, windowSizeMs, retainDuplicates, true);
  }

  /** A LevelDB window store for timestamped values (Kafka's `persistentTimestampedWindowStore`). */
  static persistentTimestampedWindowStore(name: string, retentionPeriodMs: number, windowSizeMs: number, retainDuplicates: boolean): WindowBytesStoreSupplier {
    return windowSupplier(name, retentionPeriodMs, windowSizeMs, retainDuplicates, true);
  }

  /** An in-memory window store (Kafka's `inMemoryWindowStore`). */
  static inMemoryWindowStore(name: string, retentionPeriodMs: number, windowSizeMs: number, retainDuplicates: boolean): WindowBytesStoreSupplier {
    return windowSupplier(name, retentionPeriodMs, windowSizeMs, retainDuplicates, false);
  }

  /** A builder of `WindowStore<K, V>` (Kafka's `windowStoreBuilder`). */
  static windowStoreBuilder<K, V>(supplier: WindowBytesStoreSupplier, keySerde: Serde<K> | null | undefined, valueSerde: Serde<V> | null | undefined): WindowStoreBuilder<K, V> {
    return new WindowStoreBuilder(supplier, keySerde ?? undefined, valueSerde ?? undefined);
  }

  /** A builder of `TimestampedWindowStore<K, V>` (Kafka's `timestampedWindowStoreBuilder`). */
  static timestampedWindowStoreBuilder<K, V>(supplier: WindowBytesStoreSupplier, keySerde: Serde<K> | null | undefined, valueSerde: Serde<V> | null | undefined): TimestampedWindowStoreBuilder<K, V> {
    return new TimestampedWindowStoreBuilder(supplier, keySerde ?? undefined, valueSerde ?? undefined);
  }

  /**
   * A LevelDB session store (Kafka's `persistentSessionStore`): sessions kept for `retentionPeriodMs` of stream
   * time after their end, a list of sessions per key and segment so `findSessions` is a synchronous point read.
   */
  static persistentSessionStore(name: string, retentionPeriodMs: number): SessionBytesStoreSupplier {
    return sessionSupplier(name, retentionPeriodMs, true);
  }

  /** An in-memory session store (Kafka's `inMemorySessionStore`). */
  static inMemorySessionStore(name: string, retentionPeriodMs: number): SessionBytesStoreSupplier {
    return sessionSupplier(name, retentionPeriodMs, false);
  }

  /** A builder of `SessionStore<K, V>` (Kafka's `sessionStoreBuilder`). */
  static sessionStoreBuilder<K, V>(supplier: SessionBytesStoreSupplier, keySerde: Serde<K> | null | undefined, valueSerde: Serde<V> | null | undefined): SessionStoreBuilder<K, V> {
    return new SessionStoreBuilder(supplier, keySerde ?? undefined, valueSerde ?? undefined);
  }

  /** A LevelDB versioned key-value store (Kafka's `persistentVersionedKeyValueStore`); see versioned-stores.ts. */
  static persistentVersionedKeyValueStore = persistentVersionedKeyValueStore;
  /** An in-memory versioned key-value store (a Tributary addition). */
  static inMemoryVersionedKeyValueStore = inMemoryVersionedKeyValueStore;
  /** A builder of `VersionedKeyValueStore<K, V>` (Kafka's `versionedKeyValueStoreBuilder`). */
  static versionedKeyValueStoreBuilder = versionedKeyValueStoreBuilder;

  /** A builder of `KeyValueStore<K, V>` over `supplier` (Kafka's `keyValueStoreBuilder`); null serdes use the defaults. */
  static keyValueStoreBuilder<K, V>(supplier: KeyValueBytesStoreSupplier, keySerde: Serde<K> | null | undefined, valueSerde: Serde<V> | null | undefined): KeyValueStoreBuilder<K, V> {
    return new KeyValueStoreBuilder(supplier, keySerde ?? undefined, valueSerde ?? undefined);
  }

  /** A builder of `TimestampedKeyValueStore<K, V>` (Kafka's `timestampedKeyValueStoreBuilder`). */
  static timestampedKeyValueStoreBuilder<K, V>(supplier: KeyValueBytesStoreSupplier, keySerde: Serde<K> | null | undefined, valueSerde: Serde<V> | null | undefined): TimestampedKeyValueStoreBuilder<K, V> {
    return new TimestampedKeyValueStoreBuilder(supplier, keySerde ?? undefined, valueSerde ?? undefined);
  }
}
