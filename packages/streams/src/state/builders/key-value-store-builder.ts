import type { KeyValueStore, TimestampedKeyValueStore } from '../key-value-store.js';
import type { Serde } from '../../serialization/serde.js';
import type { KeyValueBytesStoreSupplier } from '../suppliers.js';
import { CachingKeyValueStore } from '../../internal/state/kv/caching-key-value-store.js';
import type { KeyValueBytesStore } from '../../internal/state/kv/engine-key-value-store.js';
import { ChangeLoggingKeyValueStore, ChangeLoggingTimestampedKeyValueStore } from '../../internal/state/kv/logging-key-value-store.js';
import { MeteredKeyValueStore } from '../../internal/state/kv/metered-key-value-store.js';
import { MeteredTimestampedKeyValueStore } from '../../internal/state/kv/metered-timestamped-key-value-store.js';
import { hasConvertingRestore, identityConverter, rawValueToTimestampedValue } from '../../internal/state/restore-converters.js';
import { AbstractStoreBuilder } from './abstract-store-builder.js';

/**
 * Builds key-value stores (Kafka's `KeyValueStoreBuilder`): metered (serdes) -> caching (optional) ->
 * change-logging (optional) -> the supplier's bytes store. Create with `Stores.keyValueStoreBuilder`.
 */
export class KeyValueStoreBuilder<K, V> extends AbstractStoreBuilder<K, V, KeyValueStore<K, V>> {
  constructor(
    private readonly supplier: KeyValueBytesStoreSupplier,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
  ) {
    super(supplier.name(), keySerde, valueSerde);
  }

  build(): KeyValueStore<K, V> {
    const bytes = this.supplier.get();
    if (hasConvertingRestore(bytes)) bytes.setRestoreConverter(identityConverter);
    let store: KeyValueBytesStore = bytes;
    if (this.enableLogging) store = new ChangeLoggingKeyValueStore(store);
    if (this.enableCaching) store = new CachingKeyValueStore(store);
    return new MeteredKeyValueStore<K, V>(store, this.keySerde, this.valueSerde);
  }
}

/**
 * Builds timestamped key-value stores (Kafka's `TimestampedKeyValueStoreBuilder`): values are
 * `ValueAndTimestamp`, stored as an 8-byte timestamp + the value bytes, logged as the plain value with the
 * value's timestamp as the changelog record's timestamp. Any key-value supplier works: its store is told to
 * prefix restored values with the record timestamp (Kafka's TimestampedBytesStore conversion).
 */
export class TimestampedKeyValueStoreBuilder<K, V> extends AbstractStoreBuilder<K, V, TimestampedKeyValueStore<K, V>> {
  constructor(
    private readonly supplier: KeyValueBytesStoreSupplier,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
  ) {
    super(supplier.name(), keySerde, valueSerde);
  }

  build(): TimestampedKeyValueStore<K, V> {
    const bytes = this.supplier.get();
    if (hasConvertingRestore(bytes)) bytes.setRestoreConverter(rawValueToTimestampedValue);
    let store: KeyValueBytesStore = bytes;
    if (this.enableLogging) store = new ChangeLoggingTimestampedKeyValueStore(store);
    if (this.enableCaching) store = new CachingKeyValueStore(store);
    return new MeteredTimestampedKeyValueStore<K, V>(store, this.keySerde, this.valueSerde);
  }
}
