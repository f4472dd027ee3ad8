// The Stores factories of versioned key-value stores (Kafka's Stores.persistentVersionedKeyValueStore and
// versionedKeyValueStoreBuilder), re-exported as static members of `Stores`.

import { IllegalArgumentException } from '../common/errors.js';
import type { Serde } from '../serialization/serde.js';
import { LevelEngine } from '../internal/state/bytes/level-engine.js';
import { MemoryEngine } from '../internal/state/bytes/memory-engine.js';
import { defaultVersionedSegmentInterval, EngineVersionedStore } from '../internal/state/versioned/engine-versioned-store.js';
import type { VersionedBytesStoreSupplier } from './versioned-key-value-store.js';
import { VersionedKeyValueStoreBuilder } from './versioned-store-builder.js';

function versionedSupplier(name: string, historyRetentionMs: number, segmentIntervalMs: number | undefined, persistent: boolean): VersionedBytesStoreSupplier {
  if (typeof name !== 'string' || name.length === 0) throw new IllegalArgumentException('name cannot be null or empty');
  if (!Number.isSafeInteger(historyRetentionMs) || historyRetentionMs < 0) throw new IllegalArgumentException('historyRetention cannot be negative');
  if (segmentIntervalMs !== undefined && (!Number.isSafeInteger(segmentIntervalMs) || segmentIntervalMs < 1)) {
    throw new IllegalArgumentException('segmentInterval cannot be zero or negative');
  }
  const interval = segmentIntervalMs ?? defaultVersionedSegmentInterval(historyRetentionMs);
  return {
    name: () => name,
    get: () => new EngineVersionedStore(name, persistent ? new LevelEngine() : new MemoryEngine(), historyRetentionMs, interval),
    metricsScope: () => (persistent ? 'level' : 'in-memory'),
    historyRetentionMs: () => historyRetentionMs,
    segmentIntervalMs: () => interval,
  };
}

/**
 * A LevelDB versioned key-value store at `<task dir>/level/<name>` (Kafka's `Stores.persistentVersionedKeyValueStore`,
 * on RocksDB there): versions stay readable for `historyRetentionMs` of stream time, which is also the grace period
 * for out-of-order writes. Old versions live in segments of `segmentIntervalMs` (default: Kafka's, from history
 * retention / 3 with at least 2 s, up to / 24 with at least 5 min).
 *
 * @example
 * ```ts
 * const table = builder.table('profiles', Materialized.as(Stores.persistentVersionedKeyValueStore('profiles-store', 3_600_000)));
 * ```
 */
export function persistentVersionedKeyValueStore(name: string, historyRetentionMs: number, segmentIntervalMs?: number): VersionedBytesStoreSupplier {
  return versionedSupplier(name, historyRetentionMs, segmentIntervalMs, true);
}

/**
 * An in-memory versioned key-value store with the same semantics (not in Kafka, which only has the persistent
 * one): restored from its changelog on every start.
 */
export function inMemoryVersionedKeyValueStore(name: string, historyRetentionMs: number, segmentIntervalMs?: number): VersionedBytesStoreSupplier {
  return versionedSupplier(name, historyRetentionMs, segmentIntervalMs, false);
}

/** A builder of `VersionedKeyValueStore<K, V>` (Kafka's `Stores.versionedKeyValueStoreBuilder`); null serdes use the defaults. */
export function versionedKeyValueStoreBuilder<K, V>(
  supplier: VersionedBytesStoreSupplier,
  keySerde: Serde<K> | null | undefined,
  valueSerde: Serde<V> | null | undefined,
): VersionedKeyValueStoreBuilder<K, V> {
  return new VersionedKeyValueStoreBuilder(supplier, keySerde ?? undefined, valueSerde ?? undefined);
}
