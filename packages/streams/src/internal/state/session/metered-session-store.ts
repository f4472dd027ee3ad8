// The typed session store (Kafka's MeteredSessionStore): serdes over the bytes stack, operation counters.

import { IllegalArgumentException } from '../../../common/errors.js';
import { KeyValue } from '../../../common/key-value.js';
import { Windowed } from '../../../kstream/windowed.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { Serde } from '../../../serialization/serde.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import type { SessionStore } from '../../../state/session-store.js';
import { CursorIterator, mapCursor } from '../bytes/cursor.js';
import { kvCursor } from '../bytes/iterator-cursor.js';
import { isCachedStateStore, type CachedStateStore, type CacheFlushListener } from '../flush-listener.js';
import { StoreMetrics } from '../store-metrics.js';
import { resolveSerde, storeChangelogTopic } from '../store-serdes.js';
import { WrappedStore } from '../wrapped-store.js';
import type { SessionBytesStore } from './segmented-session-store.js';
import { sessionFromBinary } from './session-key-schema.js';

export class MeteredSessionStore<K, AGG> extends WrappedStore<SessionBytesStore> implements SessionStore<K, AGG>, CachedStateStore<Windowed<K>, AGG> {
  readonly metrics = new StoreMetrics();
  #topic = '';
  #keySerde: Serde<K> | undefined;
  #valueSerde: Serde<AGG> | undefined;

  constructor(
    inner: SessionBytesStore,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<AGG> | undefined,
  ) {
    super(inner);
  }

  override init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    this.#topic = storeChangelogTopic(context, this.name());
    this.#keySerde = resolveSerde(this.keySerde, context.keySerde(), 'key', this.name());
    this.#valueSerde = resolveSerde(this.valueSerde, context.valueSerde(), 'value', this.name());
    return this.metrics.time('restore', () => super.init(context, root));
  }

  setFlushListener(listener: CacheFlushListener<Windowed<K>, AGG>, sendOldValues: boolean): boolean {
    if (!isCachedStateStore<Buffer, Buffer>(this.wrapped)) return false;
    return this.wrapped.setFlushListener((r) => {
      const w = sessionFromBinary(r.key);
      listener({
        key: new Windowed(this.#key(w.key()), w.window()),
        newValue: r.newValue === null ? null : this.#value(r.newValue),
        oldValue: r.oldValue === null ? null : this.#value(r.oldValue),
        timestamp: r.timestamp,
        headers: r.headers,
      });
    }, sendOldValues);
  }

  put(sessionKey: Windowed<K>, aggregate: AGG | null): void {
    this.metrics.count('put');
    this.wrapped.put(this.#bytesKey(sessionKey), aggregate === null ? null : this.#valueSerde!.serializer().serialize(this.#topic, aggregate));
  }

  remove(sessionKey: Windowed<K>): void {
    this.metrics.count('remove');
    this.wrapped.remove(this.#bytesKey(sessionKey));
  }

  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): Array<KeyValue<Windowed<K>, AGG>> {
    this.metrics.count('fetch');
    return this.wrapped.findSessions(this.#keyBytes(key), earliestSessionEndTime, latestSessionStartTime).map((kv) => new KeyValue(new Windowed(key, kv.key.window()), this.#value(kv.value)));
  }

  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): AGG | null {
    this.metrics.count('fetch');
    const raw = this.wrapped.fetchSession(this.#keyBytes(key), sessionStartTime, sessionEndTime);
    return raw === null ? null : this.#value(raw);
  }

  fetch(key: K): KeyValueIterator<Windowed<K>, AGG> {
    this.metrics.count('fetch');
    return this.#typed(this.wrapped.fetch(this.#keyBytes(key)));
  }

  backwardFetch(key: K): KeyValueIterator<Windowed<K>, AGG> {
    this.metrics.count('fetch');
    return this.#typed(this.wrapped.backwardFetch(this.#keyBytes(key)));
  }

  fetchRange(keyFrom: K | null, keyTo: K | null): KeyValueIterator<Windowed<K>, AGG> {
    this.metrics.count('fetch');
    return this.#typed(this.wrapped.fetchRange(keyFrom === null ? null : this.#keyBytes(keyFrom), keyTo === null ? null : this.#keyBytes(keyTo)));
  }

  override flush(): void | Promise<void> {
    return this.metrics.time('flush', () => super.flush());
  }

  #typed(it: KeyValueIterator<Windowed<Buffer>, Buffer>): KeyValueIterator<Windowed<K>, AGG> {
    return new CursorIterator(mapCursor(kvCursor(it), (kv) => new KeyValue(new Windowed(this.#key(kv.key.key()), kv.key.window()), this.#value(kv.value))));
  }

  #bytesKey(sessionKey: Windowed<K>): Windowed<Buffer> {
    return new Windowed(this.#keyBytes(sessionKey.key()), sessionKey.window());
  }

  #keyBytes(key: K): Buffer {
    const bytes = this.#keySerde!.serializer().serialize(this.#topic, key);
    if (bytes === null) throw new IllegalArgumentException(`Store ${this.name()}: key cannot be null`);
    return bytes;
  }

  #key(bytes: Buffer): K {
    return this.#keySerde!.deserializer().deserialize(this.#topic, bytes);
  }

  #value(bytes: Buffer): AGG {
    return this.#valueSerde!.deserializer().deserialize(this.#topic, bytes);
  }
}
