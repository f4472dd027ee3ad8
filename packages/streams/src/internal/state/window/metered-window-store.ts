// The typed window store (Kafka's MeteredWindowStore): serdes over the bytes stack and operation counters.

import { IllegalArgumentException } from '../../../common/errors.js';
import { KeyValue } from '../../../common/key-value.js';
import { Windowed } from '../../../kstream/windowed.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { Serde } from '../../../serialization/serde.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import type { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import type { TimestampedWindowStore, WindowStore, WindowStoreIterator } from '../../../state/window-store.js';
import { CursorIterator, mapCursor } from '../bytes/cursor.js';
import { kvCursor } from '../bytes/iterator-cursor.js';
import { isCachedStateStore, type CachedStateStore, type CacheFlushListener } from '../flush-listener.js';
import { StoreMetrics } from '../store-metrics.js';
import { resolveSerde, storeChangelogTopic } from '../store-serdes.js';
import { valueAndTimestampSerde } from '../value-and-timestamp-serde.js';
import { WrappedStore } from '../wrapped-store.js';
import type { WindowBytesStore } from './segmented-window-store.js';
import { extractStoreKeyBytes, extractStoreTimestamp, timeWindowForSize } from './window-key-schema.js';

export class MeteredWindowStore<K, V> extends WrappedStore<WindowBytesStore> implements WindowStore<K, V>, CachedStateStore<Windowed<K>, V> {
  readonly metrics = new StoreMetrics();
  #topic = '';
  #keySerde: Serde<K> | undefined;
  #valueSerde: Serde<V> | undefined;
  #lastKey: K | undefined;
  #lastKeyBytes: Buffer | undefined;

  constructor(
    inner: WindowBytesStore,
    private readonly windowSize: number,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<unknown> | undefined,
  ) {
    super(inner);
  }

  override init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    this.#topic = storeChangelogTopic(context, this.name());
    this.#keySerde = resolveSerde(this.keySerde, context.keySerde(), 'key', this.name());
    this.#valueSerde = this.prepareValueSerde(resolveSerde(this.valueSerde, context.valueSerde(), 'value', this.name()));
    return this.metrics.time('restore', () => super.init(context, root));
  }

  protected prepareValueSerde(serde: Serde<unknown>): Serde<V> {
    return serde as Serde<V>;
  }

  setFlushListener(listener: CacheFlushListener<Windowed<K>, V>, sendOldValues: boolean): boolean {
    if (!isCachedStateStore<Buffer, Buffer>(this.wrapped)) return false;
    return this.wrapped.setFlushListener(
      (r) =>
        listener({
          key: new Windowed(this.#key(extractStoreKeyBytes(r.key)), timeWindowForSize(extractStoreTimestamp(r.key), this.windowSize)),
          newValue: r.newValue === null ? null : this.#value(r.newValue),
          oldValue: r.oldValue === null ? null : this.#value(r.oldValue),
          timestamp: r.timestamp,
          headers: r.headers,
        }),
      sendOldValues,
    );
  }

  put(key: K, value: V | null, windowStartTimestamp: number): void {
    this.metrics.count('put');
    this.wrapped.put(this.#keyBytes(key), value === null ? null : this.#valueSerde!.serializer().serialize(this.#topic, value), windowStartTimestamp);
  }

  fetch(key: K, windowStartTime: number): V | null;
  fetch(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V>;
  fetch(key: K, timeFrom: number, timeTo?: number): V | null | WindowStoreIterator<V> {
    this.metrics.count('fetch');
    if (timeTo === undefined) {
      const raw = this.wrapped.fetch(this.#keyBytes(key), timeFrom);
      return raw === null ? null : this.#value(raw);
    }
    return this.#byTime(this.wrapped.fetch(this.#keyBytes(key), timeFrom, timeTo));
  }

  backwardFetch(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V> {
    this.metrics.count('fetch');
    return this.#byTime(this.wrapped.backwardFetch(this.#keyBytes(key), timeFrom, timeTo));
  }

  fetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V> {
    this.metrics.count('fetch');
    return this.#windowed(this.wrapped.fetchRange(this.#bound(keyFrom), this.#bound(keyTo), timeFrom, timeTo));
  }

  backwardFetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V> {
    this.metrics.count('fetch');
    return this.#windowed(this.wrapped.backwardFetchRange(this.#bound(keyFrom), this.#bound(keyTo), timeFrom, timeTo));
  }

  all(): KeyValueIterator<Windowed<K>, V> {
    return this.#windowed(this.wrapped.all());
  }

  backwardAll(): KeyValueIterator<Windowed<K>, V> {
    return this.#windowed(this.wrapped.backwardAll());
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V> {
    return this.#windowed(this.wrapped.fetchAll(timeFrom, timeTo));
  }

  backwardFetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V> {
    return this.#windowed(this.wrapped.backwardFetchAll(timeFrom, timeTo));
  }

  override flush(): void | Promise<void> {
    return this.metrics.time('flush', () => super.flush());
  }

  #byTime(it: WindowStoreIterator<Buffer>): WindowStoreIterator<V> {
    return new CursorIterator(mapCursor(kvCursor(it), (kv) => new KeyValue(kv.key, this.#value(kv.value))));
  }

  #windowed(it: KeyValueIterator<Windowed<Buffer>, Buffer>): KeyValueIterator<Windowed<K>, V> {
    return new CursorIterator(mapCursor(kvCursor(it), (kv) => new KeyValue(new Windowed(this.#key(kv.key.key()), kv.key.window()), this.#value(kv.value))));
  }

  /** The bytes of `key`; those of the last string key are reused (a window aggregation fetches, then puts). */
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

  #bound(key: K | null): Buffer | null {
    return key === null ? null : this.#keyBytes(key);
  }

  #key(bytes: Buffer): K {
    return this.#keySerde!.deserializer().deserialize(this.#topic, bytes);
  }

  #value(bytes: Buffer): V {
    return this.#valueSerde!.deserializer().deserialize(this.#topic, bytes);
  }
}

/** Kafka's MeteredTimestampedWindowStore: values are ValueAndTimestamp (timestamp + value bytes locally). */
export class MeteredTimestampedWindowStore<K, V> extends MeteredWindowStore<K, ValueAndTimestamp<V>> implements TimestampedWindowStore<K, V> {
  protected override prepareValueSerde(serde: Serde<unknown>): Serde<ValueAndTimestamp<V>> {
    return valueAndTimestampSerde(serde as Serde<V>);
  }
}
