import { KeyValue } from '../../common/key-value.js';
import type { Windowed } from '../../kstream/windowed.js';
import type { Serializer } from '../../serialization/serde.js';
import type { KeyValueIterator, ReadOnlyKeyValueStore } from '../../state/key-value-store.js';
import type { ReadOnlySessionStore } from '../../state/session-store.js';
import { ValueAndTimestamp } from '../../state/value-and-timestamp.js';
import type { ReadOnlyWindowStore, WindowStoreIterator } from '../../state/window-store.js';
import { concatCursors, CursorIterator, mapCursor, type Cursor } from '../state/bytes/cursor.js';
import { kvCursor } from '../state/bytes/iterator-cursor.js';

// Interactive queries read a store name across every task that hosts it on this instance (Kafka's
// CompositeReadOnly*Store): point reads return the first task's non-null answer; ranges visit the tasks' stores
// one after the other, so - as in Kafka - a range is ordered within each partition, not across partitions.
// The stores are looked up on every call: a rebalance may move tasks between two calls.

/** The stores behind one queried name, resolved per call (throws InvalidStateStoreException when unavailable). */
export type StoresOf<S> = () => readonly S[];

function concat<K, V>(iterators: ReadonlyArray<() => KeyValueIterator<K, V>>): KeyValueIterator<K, V> {
  return new CursorIterator(concatCursors(iterators.map((open) => () => kvCursor(open()))));
}

/** Timestamped values read as plain values (Kafka's ReadOnlyKeyValueStoreFacade / window facade). */
export function plainValue<V>(v: unknown): V {
  return (v instanceof ValueAndTimestamp ? v.value() : v) as V;
}

function mapValues<K, V>(it: KeyValueIterator<K, unknown>, unwrap: boolean): KeyValueIterator<K, V> {
  if (!unwrap) return it as KeyValueIterator<K, V>;
  const cursor: Cursor<KeyValue<K, V>> = mapCursor(kvCursor(it), (kv) => new KeyValue(kv.key, plainValue<V>(kv.value)));
  return new CursorIterator(cursor);
}

export class CompositeReadOnlyKeyValueStore<K, V> implements ReadOnlyKeyValueStore<K, V> {
  constructor(
    private readonly stores: StoresOf<ReadOnlyKeyValueStore<K, unknown>>,
    /** Unwrap ValueAndTimestamp values (keyValueStore() over a timestamped store). */
    private readonly unwrap: boolean,
  ) {}

  get(key: K): V | null {
    for (const s of this.stores()) {
      const v = s.get(key);
      if (v !== null && v !== undefined) return this.unwrap ? plainValue<V>(v) : (v as V);
    }
    return null;
  }

  range(from: K | null, to: K | null): KeyValueIterator<K, V> {
    return this.#each((s) => s.range(from, to));
  }

  reverseRange(from: K | null, to: K | null): KeyValueIterator<K, V> {
    return this.#each((s) => s.reverseRange(from, to));
  }

  all(): KeyValueIterator<K, V> {
    return this.#each((s) => s.all());
  }

  reverseAll(): KeyValueIterator<K, V> {
    return this.#each((s) => s.reverseAll());
  }

  prefixScan<P>(prefix: P, prefixKeySerializer: Serializer<P>): KeyValueIterator<K, V> {
    return this.#each((s) => s.prefixScan(prefix, prefixKeySerializer));
  }

  approximateNumEntries(): number {
    let total = 0;
    for (const s of this.stores()) total += s.approximateNumEntries();
    return Math.min(total, Number.MAX_SAFE_INTEGER);
  }

  #each(open: (s: ReadOnlyKeyValueStore<K, unknown>) => KeyValueIterator<K, unknown>): KeyValueIterator<K, V> {
    const stores = this.stores();
    return concat(stores.map((s) => () => mapValues<K, V>(open(s), this.unwrap)));
  }
}

export class CompositeReadOnlyWindowStore<K, V> implements ReadOnlyWindowStore<K, V> {
  constructor(
    private readonly stores: StoresOf<ReadOnlyWindowStore<K, unknown>>,
    private readonly unwrap: boolean,
  ) {}

  fetch(key: K, windowStartTime: number): V | null;
  fetch(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V>;
  fetch(key: K, timeFrom: number, timeTo?: number): V | null | WindowStoreIterator<V> {
    if (timeTo === undefined) {
      for (const s of this.stores()) {
        const v = s.fetch(key, timeFrom);
        if (v !== null && v !== undefined) return this.unwrap ? plainValue<V>(v) : (v as V);
      }
      return null;
    }
    // A key lives in one partition: the first store with windows for it answers (as Kafka's composite).
    return this.#firstNonEmpty((s) => s.fetch(key, timeFrom, timeTo));
  }

  backwardFetch(key: K, timeFrom: number, timeTo: number): WindowStoreIterator<V> {
    return this.#firstNonEmpty((s) => s.backwardFetch(key, timeFrom, timeTo));
  }

  fetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V> {
    return this.#each((s) => s.fetchRange(keyFrom, keyTo, timeFrom, timeTo));
  }

  backwardFetchRange(keyFrom: K | null, keyTo: K | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V> {
    return this.#each((s) => s.backwardFetchRange(keyFrom, keyTo, timeFrom, timeTo));
  }

  all(): KeyValueIterator<Windowed<K>, V> {
    return this.#each((s) => s.all());
  }

  backwardAll(): KeyValueIterator<Windowed<K>, V> {
    return this.#each((s) => s.backwardAll());
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V> {
    return this.#each((s) => s.fetchAll(timeFrom, timeTo));
  }

  backwardFetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<K>, V> {
    return this.#each((s) => s.backwardFetchAll(timeFrom, timeTo));
  }

  #each(open: (s: ReadOnlyWindowStore<K, unknown>) => KeyValueIterator<Windowed<K>, unknown>): KeyValueIterator<Windowed<K>, V> {
    return concat(this.stores().map((s) => () => mapValues<Windowed<K>, V>(open(s), this.unwrap)));
  }

  #firstNonEmpty(open: (s: ReadOnlyWindowStore<K, unknown>) => WindowStoreIterator<unknown>): WindowStoreIterator<V> {
    const stores = this.stores();
    let index = 0;
    let current: Cursor<KeyValue<number, unknown>> | undefined;
    let found = false;
    const cursor: Cursor<KeyValue<number, V>> = {
      next: async () => {
        for (;;) {
          if (current === undefined) {
            if (index >= stores.length || (found && index > 0)) return undefined;
            current = kvCursor(open(stores[index++]!));
          }
          const item = await current.next();
          if (item !== undefined) {
            found = true;
            return new KeyValue(item.key, this.unwrap ? plainValue<V>(item.value) : (item.value as V));
          }
          await current.close();
          current = undefined;
          if (found) return undefined;
        }
      },
      close: async () => {
        index = stores.length;
        await current?.close();
        current = undefined;
      },
    };
    return new CursorIterator(cursor);
  }
}

export class CompositeReadOnlySessionStore<K, AGG> implements ReadOnlySessionStore<K, AGG> {
  constructor(private readonly stores: StoresOf<ReadOnlySessionStore<K, AGG>>) {}

  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[] {
    for (const s of this.stores()) {
      const found = s.findSessions(key, earliestSessionEndTime, latestSessionStartTime);
      if (found.length > 0) return found;
    }
    return [];
  }

  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): AGG | null {
    for (const s of this.stores()) {
      const v = s.fetchSession(key, sessionStartTime, sessionEndTime);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  }

  fetch(key: K): KeyValueIterator<Windowed<K>, AGG> {
    return concat(this.stores().map((s) => () => s.fetch(key)));
  }

  backwardFetch(key: K): KeyValueIterator<Windowed<K>, AGG> {
    return concat(this.stores().map((s) => () => s.backwardFetch(key)));
  }

  fetchRange(keyFrom: K | null, keyTo: K | null): KeyValueIterator<Windowed<K>, AGG> {
    return concat(this.stores().map((s) => () => s.fetchRange(keyFrom, keyTo)));
  }
}
