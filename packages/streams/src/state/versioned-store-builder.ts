import { IllegalStateException } from '../common/errors.js';
import type { Serde } from '../serialization/serde.js';
import { ChangeLoggingVersionedStore, type VersionedBytesStore } from '../internal/state/versioned/logging-versioned-store.js';
import { MeteredVersionedKeyValueStore } from '../internal/state/versioned/metered-versioned-store.js';
import { AbstractStoreBuilder, DEFAULT_ADDITIONAL_RETENTION_MS } from './builders/abstract-store-builder.js';
import type { VersionedBytesStoreSupplier, VersionedKeyValueStore } from './versioned-key-value-store.js';

/**
 * Builds versioned key-value stores (Kafka's `VersionedKeyValueStoreBuilder`): metered (serdes) ->
 * change-logging (optional, on by default) -> the supplier's versioned bytes store. Versioned stores have no
 * record cache: `withCachingEnabled` throws, as in Kafka. The changelog is compacted no earlier than history
 * retention + 1 day after a write (`min.compaction.lag.ms`, Kafka's VersionedChangelogTopicConfig), so the
 * versions a restore needs are still there. Create with `Stores.versionedKeyValueStoreBuilder`.
 *
 * @example
 * ```ts
 * const profiles = Stores.versionedKeyValueStoreBuilder(
 *   Stores.persistentVersionedKeyValueStore('profiles', 60 * 60 * 1000), Serdes.String(), Serdes.String());
 * topology.addStateStore(profiles, 'enrich');
 * ```
 */
export class VersionedKeyValueStoreBuilder<K, V> extends AbstractStoreBuilder<K, V, VersionedKeyValueStore<K, V>> {
  constructor(
    private readonly supplier: VersionedBytesStoreSupplier,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
  ) {
    super(supplier.name(), keySerde, valueSerde);
  }

  build(): VersionedKeyValueStore<K, V> {
    let store: VersionedBytesStore = this.supplier.get();
    if (this.enableLogging) store = new ChangeLoggingVersionedStore(store);
    return new MeteredVersionedKeyValueStore<K, V>(store, this.keySerde, this.valueSerde);
  }

  /** Refused: versioned stores do not support caching (Kafka's IllegalStateException). */
  override withCachingEnabled(): this {
    throw new IllegalStateException('Versioned stores do not support caching');
  }

  /** The supplier's history retention, ms. */
  historyRetention(): number {
    return this.supplier.historyRetentionMs();
  }

  /**
   * The user's topic configs over `min.compaction.lag.ms` = history retention + 1 day: the runtime creates the
   * compacted changelog with these (Kafka puts the lag in VersionedChangelogTopicConfig).
   */
  override logConfig(): Readonly<{ [key: string]: string }> {
    return { 'min.compaction.lag.ms': String(this.#compactionLag(DEFAULT_ADDITIONAL_RETENTION_MS)), ...super.logConfig() };
  }

  override changelogConfig(additionalRetentionMs: number = DEFAULT_ADDITIONAL_RETENTION_MS): Readonly<{ [key: string]: string }> {
    return { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': String(this.#compactionLag(additionalRetentionMs)), ...super.logConfig() };
  }

  #compactionLag(additional: number): number {
    return Math.min(Number.MAX_SAFE_INTEGER, this.supplier.historyRetentionMs() + additional);
  }
}
