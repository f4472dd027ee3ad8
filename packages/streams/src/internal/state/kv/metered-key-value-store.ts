// The outermost layer (Kafka's MeteredKeyValueStore): typed keys and values over the bytes stack, through the
// store's serdes (or the application's default serdes), with simple operation counters. Serdes see the
// changelog topic name as their topic, as Kafka's StateSerdes do.

import { IllegalArgumentException } from '../../../common/errors.js';
import { KeyValue } from '../../../common/key-value.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { Serde, Serializer } from '../../../serialization/serde.js';
import type { KeyValueIterator, KeyValueStore } from '../../../state/key-value-store.js';
import { CursorIterator, mapCursor } from '../bytes/cursor.js';
import { kvCursor } from '../bytes/iterator-cursor.js';
import { isCachedStateStore, type CachedStateStore, type CacheFlushListener } from '../flush-listener.js';
import { StoreMetrics } from '../store-metrics.js';
import { resolveSerde, storeChangelogTopic } from '../store-serdes.js';
import { WrappedStore } from '../wrapped-store.js';
import type { KeyValueBytesStore } from './engine-key-value-store.js';

export class MeteredKeyValueStore<K, V> extends WrappedStore<KeyValueBytesStore> implements KeyValueStore<K, V>, CachedStateStore<K, V> {
  readonly metrics = new StoreMetrics();
  #topic = '';
  #keySerde: Serde<K> | undefined;
  #valueSerde: Serde<V> | undefined;
  #lastKey: K | undefined;
  #lastKeyBytes: Buffer | undefined;

  constructor(
    inner: KeyValueBytesStore,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
  ) {
    super(inner);
  }

  override init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    this.#topic = storeChangelogTopic(context, this.name());
    this.#keySerde = resolveSerde(this.keySerde, context.keySerde(), 'key', this.name());
    this.#valueSerde = this.prepareValueSerde(resolveSerde(this.valueSerde as Serde<unknown> | undefined, context.valueSerde(), 'value', this.name()));
    return this.metrics.time('restore', () => super.init(context, root));
  }

  /** The value serde of the bytes layer: the typed value serde, wrapped by subclasses (timestamped values). */
  protected prepareValueSerde(serde: Serde<unknown>): Serde<V> {
    return serde as Serde<V>;
  }

  setFlushListener(listener: CacheFlushListener<K, V>, sendOldValues: boolean): boolean {
    if (!isCachedStateStore<Buffer, Buffer>(this.wrapped)) return false;
    return this.wrapped.setFlushListener(
      (r) =>
        listener({
          key: this.#key(r.key),
          newValue: r.newValue === null ? null : this.#value(r.newValue),
          oldValue: r.oldValue === null ? null : this.#value(r.oldValue),
          timestamp: r.timestamp,
          headers: r.headers,
        }),
      sendOldValues,
    );
  }

  get(key: K): V | null {
    this.metrics.count('get');
    const raw = this.wrapped.get(this.#keyBytes(key));
    return raw === null ? null : this.#value(raw);
  }

  put(key: K, value: V | null): void {
    this.metrics.count('put');
    this.wrapped.put(this.#keyBytes(key), this.#valueBytes(value));
  }

  putIfAbsent(key: K, value: V | null): V | null {
    this.metrics.count('put-if-absent');
    const raw = this.wrapped.putIfAbsent(this.#keyBytes(key), this.#valueBytes(value));
    return raw === null ? null : this.#value(raw);
  }

  putAll(entries: readonly KeyValue<K, V | null>[]): void {
    this.metrics.count('put-all');
    this.wrapped.putAll(entries.map((e) => new KeyValue(this.#keyBytes(e.key), this.#valueBytes(e.value))));
  }

  delete(key: K): V | null {
    this.metrics.count('delete');
    const raw = this.wrapped.delete(this.#keyBytes(key));
    return raw === null ? null : this.#value(raw);
  }

  range(from: K | null, to: K | null): KeyValueIterator<K, V> {
    this.metrics.count('range');
    return this.#typed(this.wrapped.range(this.#boundBytes(from), this.#boundBytes(to)));
  }

  reverseRange(from: K | null, to: K | null): KeyValueIterator<K, V> {
    this.metrics.count('range');
    return this.#typed(this.wrapped.reverseRange(this.#boundBytes(from), this.#boundBytes(to)));
  }

  all(): KeyValueIterator<K, V> {
    this.metrics.count('all');
    return this.#typed(this.wrapped.all());
  }

  reverseAll(): KeyValueIterator<K, V> {
    this.metrics.count('all');
    return this.#typed(this.wrapped.reverseAll());
  }

  prefixScan<P>(prefix: P, prefixKeySerializer: Serializer<P>): KeyValueIterator<K, V> {
    this.metrics.count('prefix-scan');
    return this.#typed(this.wrapped.prefixScan(prefix, prefixKeySerializer));
  }

  approximateNumEntries(): number {
    return this.wrapped.approximateNumEntries();
  }

  override flush(): void | Promise<void> {
    return this.metrics.time('flush', () => super.flush());
  }

  #typed(it: KeyValueIterator<Buffer, Buffer>): KeyValueIterator<K, V> {
    return new CursorIterator(mapCursor(kvCursor(it), (kv) => new KeyValue(this.#key(kv.key), this.#value(kv.value))));
  }

  /**
   * The bytes of `key`. A read-modify-write (an aggregation's get then put) asks twice in a row for the same key:
   * the bytes of the last string key are reused (strings are immutable, so `===` means the same bytes).
   */
  #keyBytes(key: K): Buffer {
    if (key === this.#lastKey && typeof key === 'string') return this.#lastKeyBytes!;
    const bytes = this.#keySerde!.serializer().serialize(this.#topic, key);
    if (bytes === null) throw new IllegalArgumentException(`Store ${this.name()}: key cannot be null`);
    if (typeof key === 'string') {
      this.#lastKey = key;
      this.#lastKeyBytes = bytes;
    }
    return bytes;
  }

  #boundBytes(key: K | null): Buffer | null {
    return key === null ? null : this.#keyBytes(key);
  }

  #valueBytes(value: V | null): Buffer | null {
    return value === null ? null : this.#valueSerde!.serializer().serialize(this.#topic, value);
  }

  #key(bytes: Buffer): K {
    return this.#keySerde!.deserializer().deserialize(this.#topic, bytes);
  }

  #value(bytes: Buffer): V {
    return this.#valueSerde!.deserializer().deserialize(this.#topic, bytes);
  }
}
