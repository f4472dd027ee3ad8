export { ValueAndTimestamp } from './value-and-timestamp.js';
export type { KeyValueIterator, ReadOnlyKeyValueStore, KeyValueStore, TimestampedKeyValueStore } from './key-value-store.js';
export type { WindowStoreIterator, ReadOnlyWindowStore, WindowStore, TimestampedWindowStore } from './window-store.js';
export type { ReadOnlySessionStore, SessionStore } from './session-store.js';
