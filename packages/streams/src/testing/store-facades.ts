import { KeyValue } from '../common/key-value.js';
import type { Windowed } from '../kstream/windowed.js';
import type { Serializer } from '../serialization/serde.js';
import type { KeyValueIterator, KeyValueStore } from '../state/key-value-store.js';
import type { SessionStore } from '../state/session-store.js';
import { ValueAndTimestamp } from '../state/value-and-timestamp.js';
import type { WindowStore, WindowStoreIterator } from '../state/window-store.js';

// What the test driver's typed store getters need (store kinds: internal/query/store-kinds.ts): Kafka's facades
// that show a timestamped store as a plain one (KeyValueStoreFacade, WindowStoreFacade): values unwrapped on read,
// wrapped with no timestamp (-1) or the window start on write.

const NO_TIMESTAMP = -1;

function unwrap<V>(v: ValueAndTimestamp<V> | null): V | null {
  return ValueAndTimestamp.getValueOrNull(v);
}

function mapIterator<K, A, B>(inner: KeyValueIterator<K, A>, f: (a: A) => B): KeyValueIterator<K, B> {
  const it: KeyValueIterator<K, B> = {
    async next(): Promise<IteratorResult<KeyValue<K, B>>> {
      const r = await inner.next();
      return r.done === true ? { done: true, value: undefined } : { done: false, value: new KeyValue(r.value.key, f(r.value.value)) };
    },
    peekNextKey: () => inner.peekNextKey(),
    close: () => inner.close(),
    async return(): Promise<IteratorResult<KeyValue<K, B>>> {
      await inner.close();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

/** A timestamped key-value store seen as a plain one (Kafka's KeyValueStoreFacade). */
export function keyValueStoreFacade<K, V>(inner: KeyValueStore<K, ValueAndTimestamp<V>>): KeyValueStore<K, V> {
  const un = (v: ValueAndTimestamp<V>) => v.value();
  return {
    name: () => inner.name(),
    init: (context, root) => inner.init(context, root),
    flush: () => inner.flush(),
    close: () => inner.close(),
    persistent: () => inner.persistent(),
    isOpen: () => inner.isOpen(),
    get: (key) => unwrap(inner.get(key)),
    range: (from, to) => mapIterator(inner.range(from, to), un),
    reverseRange: (from, to) => mapIterator(inner.reverseRange(from, to), un),
    all: () => mapIterator(inner.all(), un),
    reverseAll: () => mapIterator(inner.reverseAll(), un),
    prefixScan: <P>(prefix: P, serializer: Serializer<P>) => mapIterator(inner.prefixScan(prefix, serializer), un),
    approximateNumEntries: () => inner.approximateNumEntries(),
    put: (key, value) => inner.put(key, ValueAndTimestamp.make(value, NO_TIMESTAMP)),
    putIfAbsent: (key, value) => unwrap(inner.putIfAbsent(key, ValueAndTimestamp.make(value, NO_TIMESTAMP))),
    putAll: (entries) => inner.putAll(entries.map((e) => new KeyValue(e.key, ValueAndTimestamp.make(e.value, NO_TIMESTAMP)))),
    delete: (key) => unwrap(inner.delete(key)),
  };
}

/** A timestamped window store seen as a plain one (Kafka's WindowStoreFacade). */
export function windowStoreFacade<K, V>(inner: WindowStore<K, ValueAndTimestamp<V>>): WindowStore<K, V> {
  const un = (v: ValueAndTimestamp<V>) => v.value();
  function fetch(key: K, windowStartTime: number): V | null;
  function fetch(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V>;
  function fetch(key: K, from: number, to?: number): V | null | WindowStoreIterator<V> {
    return to === undefined ? unwrap(inner.fetch(key, from)) : mapIterator(inner.fetch(key, from, to), un);
  }
  return {
    name: () => inner.name(),
    init: (context, root) => inner.init(context, root),
    flush: () => inner.flush(),
    close: () => inner.close(),
    persistent: () => inner.persistent(),
    isOpen: () => inner.isOpen(),
    fetch,
    backwardFetch: (key, from, to) => mapIterator(inner.backwardFetch(key, from, to), un),
    fetchRange: (kf, kt, from, to) => mapIterator<Windowed<K>, ValueAndTimestamp<V>, V>(inner.fetchRange(kf, kt, from, to), un),
    backwardFetchRange: (kf, kt, from, to) => mapIterator<Windowed<K>, ValueAndTimestamp<V>, V>(inner.backwardFetchRange(kf, kt, from, to), un),
    all: () => mapIterator<Windowed<K>, ValueAndTimestamp<V>, V>(inner.all(), un),
    backwardAll: () => mapIterator<Windowed<K>, ValueAndTimestamp<V>, V>(inner.backwardAll(), un),
    fetchAll: (from, to) => mapIterator<Windowed<K>, ValueAndTimestamp<V>, V>(inner.fetchAll(from, to), un),
    backwardFetchAll: (from, to) => mapIterator<Windowed<K>, ValueAndTimestamp<V>, V>(inner.backwardFetchAll(from, to), un),
    put: (key, value, windowStart) => inner.put(key, ValueAndTimestamp.make(value, windowStart), windowStart),
  };
}

export type { SessionStore };
