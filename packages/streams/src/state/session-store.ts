import type { KeyValue } from '../common/key-value.js';
import type { StateStore } from '../processor/state-store.js';
import type { Windowed } from '../kstream/windowed.js';
import type { KeyValueIterator } from './key-value-store.js';

/**
 * Reads of a session store (Kafka's `ReadOnlySessionStore`). Sessions are keyed by `Windowed<K>` whose window is
 * a session window [start, end] (both inclusive).
 */
export interface ReadOnlySessionStore<K, AGG> {
  /**
   * The sessions of `key` that end at or after `earliestSessionEndTime` and start at or before
   * `latestSessionStartTime`, in start order. Synchronous: a key's sessions are one point read (DESIGN.md
   * decision 4), which keeps session aggregation synchronous.
   */
  findSessions(key: K, earliestSessionEndTime: number, latestSessionStartTime: number): KeyValue<Windowed<K>, AGG>[];
  /** The aggregate of one session, or null. */
  fetchSession(key: K, sessionStartTime: number, sessionEndTime: number): AGG | null;
  /** All sessions of `key`. */
  fetch(key: K): KeyValueIterator<Windowed<K>, AGG>;
  /** All sessions of keys in [keyFrom, keyTo] (null bounds are open). */
  fetchRange(keyFrom: K | null, keyTo: K | null): KeyValueIterator<Windowed<K>, AGG>;
  backwardFetch(key: K): KeyValueIterator<Windowed<K>, AGG>;
}

/** A session store (Kafka's `SessionStore`). */
export interface SessionStore<K, AGG> extends StateStore, ReadOnlySessionStore<K, AGG> {
  put(sessionKey: Windowed<K>, aggregate: AGG | null): void;
  remove(sessionKey: Windowed<K>): void;
}
