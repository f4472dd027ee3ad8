// The outermost layer of a versioned store (Kafka's MeteredVersionedKeyValueStore): typed keys and values over
// the bytes stack through the store's serdes (or the application's defaults; the changelog topic is the serde
// topic), with operation counters.

import { IllegalArgumentException, StreamsException } from '../../../common/errors.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { Serde } from '../../../serialization/serde.js';
import { VersionedRecord, type VersionedKeyValueStore } from '../../../state/versioned-key-value-store.js';
import { StoreMetrics } from '../store-metrics.js';
import { resolveSerde, storeChangelogTopic } from '../store-serdes.js';
import { WrappedStore } from '../wrapped-store.js';
import type { VersionedBytesStore } from './logging-versioned-store.js';

export class MeteredVersionedKeyValueStore<K, V> extends WrappedStore<VersionedBytesStore> implements VersionedKeyValueStore<K, V> {
  readonly metrics = new StoreMetrics();
  #topic = '';
  #keySerde: Serde<K> | undefined;
  #valueSerde: Serde<V> | undefined;

  constructor(
    inner: VersionedBytesStore,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
  ) {
    super(inner);
  }

  override init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    this.#topic = storeChangelogTopic(context, this.name());
    this.#keySerde = resolveSerde(this.keySerde, context.keySerde(), 'key', this.name());
    this.#valueSerde = resolveSerde(this.valueSerde as Serde<unknown> | undefined, context.valueSerde(), 'value', this.name()) as Serde<V>;
    return this.metrics.time('restore', () => super.init(context, root));
  }

  put(key: K, value: V | null, timestamp: number): number {
    if (typeof timestamp !== 'number') {
      // A processor written for a timestamped key-value store, e.g. a DSL operator that does not support
      // versioned stores, calls put(key, ValueAndTimestamp).
      throw new StreamsException(`Versioned store ${this.name()} needs put(key, value, timestamp); this operator does not support versioned stores`, { code: 'VERSIONED_STORE_UNSUPPORTED' });
    }
    this.metrics.count('put');
    return this.wrapped.put(this.#keyBytes(key), value === null || value === undefined ? null : this.#valueBytes(value), timestamp);
  }

  delete(key: K, timestamp: number): VersionedRecord<V> | null {
    this.metrics.count('delete');
    return this.#record(this.wrapped.delete(this.#keyBytes(key), timestamp));
  }

  get(key: K, asOfTimestamp?: number): VersionedRecord<V> | null {
    this.metrics.count('get');
    return this.#record(this.wrapped.get(this.#keyBytes(key), asOfTimestamp));
  }

  override flush(): void | Promise<void> {
    return this.metrics.time('flush', () => super.flush());
  }

  #record(raw: VersionedRecord<Buffer> | null): VersionedRecord<V> | null {
    if (raw === null) return null;
    const value = this.#valueSerde!.deserializer().deserialize(this.#topic, raw.value()) as V;
    return new VersionedRecord(value, raw.timestamp(), raw.validTo());
  }

  #keyBytes(key: K): Buffer {
    if (key === null || key === undefined) throw new IllegalArgumentException('key cannot be null');
    const bytes = this.#keySerde!.serializer().serialize(this.#topic, key);
    if (bytes === null) throw new IllegalArgumentException('key cannot be serialized to null');
    return bytes;
  }

  #valueBytes(value: V): Buffer | null {
    return this.#valueSerde!.serializer().serialize(this.#topic, value);
  }
}

/** Whether `store` is a versioned store stack built here (what DSL operators check before using one). */
export function isVersionedStore(store: unknown): store is VersionedKeyValueStore<unknown, unknown> {
  return store instanceof MeteredVersionedKeyValueStore;
}
