import type { Serde } from '../../serialization/serde.js';
import type { SessionStore } from '../session-store.js';
import type { SessionBytesStoreSupplier } from '../suppliers.js';
import { CachingSessionStore } from '../../internal/state/session/caching-session-store.js';
import { ChangeLoggingSessionStore } from '../../internal/state/session/logging-session-store.js';
import { MeteredSessionStore } from '../../internal/state/session/metered-session-store.js';
import type { SessionBytesStore } from '../../internal/state/session/segmented-session-store.js';
import { AbstractStoreBuilder } from './abstract-store-builder.js';

/**
 * Builds session stores (Kafka's `SessionStoreBuilder`): metered -> caching (optional) -> change-logging
 * (optional) -> the supplier's segmented bytes store. Create with `Stores.sessionStoreBuilder`. The changelog
 * is created with `cleanup.policy=compact,delete` and `retention.ms` = retention + 1 day.
 */
export class SessionStoreBuilder<K, V> extends AbstractStoreBuilder<K, V, SessionStore<K, V>> {
  constructor(
    private readonly supplier: SessionBytesStoreSupplier,
    keySerde: Serde<K> | undefined,
    valueSerde: Serde<V> | undefined,
  ) {
    super(supplier.name(), keySerde, valueSerde);
  }

  build(): SessionStore<K, V> {
    let store: SessionBytesStore = this.supplier.get();
    if (this.enableLogging) store = new ChangeLoggingSessionStore(store);
    if (this.enableCaching) store = new CachingSessionStore(store, this.supplier.retentionPeriod(), this.supplier.segmentIntervalMs());
    return new MeteredSessionStore<K, V>(store, this.keySerde, this.valueSerde);
  }

  override retentionPeriod(): number {
    return this.supplier.retentionPeriod();
  }
}
