import type { Serde } from '../../serialization/serde.js';
import type { TimestampedWindowStore, WindowStore } from '../window-store.js';
import type { WindowBytesStoreSupplier } from '../suppliers.js';
import { CachingWindowStore } from '../../internal/state/window/caching-window-store.js';
import { ChangeLoggingTimestampedWindowStore, ChangeLoggingWindowStore } from '../../internal/state/window/logging-window-store.js';
import { MeteredTimestampedWindowStore, MeteredWindowStore } from '../../internal/state/window/metered-window-store.js';
import type { WindowBytesStore } from '../../internal/state/window/segmented-window-store.js';
import { hasConvertingRestore, identityConverter, rawValueToTimestampedValue } from '../../internal/state/restore-converters.js';
import { AbstractStoreBuilder } from './abstract-store-builder.js';

function stack(supplier: WindowBytesStoreSupplier, timestamped: boolean, logging: boolean, caching: boolean): WindowBytesStore {
  const bytes = supplier.get();
  if (hasConvertingRestore(bytes)) bytes.setRestoreConverter(timestamped ? rawValueToTimestampedValue : identityConverter);
  let store: WindowBytesStore = bytes;
  if (logging) store = timestamped ? new ChangeLoggingTimestampedWindowStore(store, supplier.retainDuplicates()) : new ChangeLoggingWindowStore(store, supplier.retainDuplicates());
  // Kafka disables caching for stores that retain duplicates (windowed joins): every value must reach the store.
  if (caching && !supplier.retainDuplicates()) store = new CachingWindowStore(store, supplier.windowSize(), supplier.retentionPeriod(), supplier.segmentIntervalMs());
  return store;
}

/**
 * Builds window stores (Kafka's `WindowStoreBuilder`): metered -> caching (optional; never with duplicates) ->
 * change-logging (optional) -> the supplier's segmented bytes store. Create with `Stores.windowStoreBuilder`.
 * The changelog is created with `cleanup.policy=compact,delete` and `retention.ms` = retention + 1 day
 * ({@link AbstractStoreBuilder.changelogConfig}).
 */
export class WindowStoreBuilder<K, V> extends AbstractStoreBuilder<K, V, WindowStore<K, V>> {
  constructor(
    private readonly supplier: WindowBytesStoreSupplier,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
  ) {
    super(supplier.name(), keySerde, valueSerde);
  }

  build(): WindowStore<K, V> {
    return new MeteredWindowStore<K, V>(stack(this.supplier, false, this.enableLogging, this.enableCaching), this.supplier.windowSize(), this.keySerde, this.valueSerde as Serde<unknown> | undefined);
  }

  override retentionPeriod(): number {
    return this.supplier.retentionPeriod();
  }
}

/** Builds timestamped window stores (Kafka's `TimestampedWindowStoreBuilder`): values are `ValueAndTimestamp`. */
export class TimestampedWindowStoreBuilder<K, V> extends AbstractStoreBuilder<K, V, TimestampedWindowStore<K, V>> {
  constructor(
    private readonly supplier: WindowBytesStoreSupplier,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
  ) {
    super(supplier.name(), keySerde, valueSerde);
  }

  build(): TimestampedWindowStore<K, V> {
    return new MeteredTimestampedWindowStore<K, V>(stack(this.supplier, true, this.enableLogging, this.enableCaching), this.supplier.windowSize(), this.keySerde, this.valueSerde as Serde<unknown> | undefined);
  }

  override retentionPeriod(): number {
    return this.supplier.retentionPeriod();
  }
}
