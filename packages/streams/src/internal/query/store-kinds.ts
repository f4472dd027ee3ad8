import type { StateStore } from '../../processor/state-store.js';
import { MeteredTimestampedKeyValueStore } from '../state/kv/metered-timestamped-key-value-store.js';
import { MeteredTimestampedWindowStore } from '../state/window/metered-window-store.js';

// What kind of store a StateStore is, for interactive queries and the test driver's typed getters. Kinds are
// recognised by the methods of the interface a store implements (Kafka checks `instanceof ReadOnlyKeyValueStore`);
// timestamped values by the built-in classes, or a user store's own `timestamped()`.

function has(store: StateStore, ...methods: string[]): boolean {
  const s = store as unknown as { [m: string]: unknown };
  return methods.every((m) => typeof s[m] === 'function');
}

export function isSessionStore(store: StateStore): boolean {
  return has(store, 'findSessions', 'fetchSession');
}

export function isWindowStore(store: StateStore): boolean {
  return has(store, 'fetch', 'fetchAll', 'backwardFetchAll') && !isSessionStore(store);
}

export function isKeyValueStore(store: StateStore): boolean {
  return has(store, 'get', 'range', 'all', 'approximateNumEntries');
}

/** Whether the store holds ValueAndTimestamp values (KTables are materialized this way). */
export function isTimestamped(store: StateStore): boolean {
  if (store instanceof MeteredTimestampedKeyValueStore || store instanceof MeteredTimestampedWindowStore) return true;
  const flag = (store as unknown as { timestamped?: unknown }).timestamped;
  return typeof flag === 'function' ? (flag as () => unknown).call(store) === true : flag === true;
}
