import type { StateStore } from '../../processor/state-store.js';
import { MeteredTimestampedKeyValueStore } from '../state/kv/metered-timestamped-key-value-store.js';
import { MeteredTimestampedWindowStore } from '../state/window/metered-window-store.js';

// What kind of store a StateStore is, for interactive queries. Built-in stacks are recognised by class; a user's
// own store by the methods of the interface it implements (Kafka checks `instanceof ReadOnlyKeyValueStore`).

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
  return store instanceof MeteredTimestampedKeyValueStore || store instanceof MeteredTimestampedWindowStore;
}
