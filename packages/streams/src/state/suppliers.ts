import type { StateStore } from '../processor/state-store.js';
import type { KeyValueStore } from './key-value-store.js';
import type { SessionStore } from './session-store.js';
import type { WindowStore } from './window-store.js';

/** Supplies a new store instance per task (Kafka's `StoreSupplier`). */
export interface StoreSupplier<T extends StateStore> {
  name(): string;
  /** A new, uninitialised store: called once per task. */
  get(): T;
  /** The metrics scope: `level` for LevelDB stores, `in-memory` for in-memory ones. */
  metricsScope(): string;
}

/** Supplies bytes key-value stores (Kafka's `KeyValueBytesStoreSupplier`), e.g. `Stores.persistentKeyValueStore`. */
export type KeyValueBytesStoreSupplier = StoreSupplier<KeyValueStore<Buffer, Buffer>>;

/** Supplies bytes window stores (Kafka's `WindowBytesStoreSupplier`), e.g. `Stores.persistentWindowStore`. */
export interface WindowBytesStoreSupplier extends StoreSupplier<WindowStore<Buffer, Buffer>> {
  /** The time span of one segment, ms: max(retention / 2, 60000) as in Kafka. */
  segmentIntervalMs(): number;
  windowSize(): number;
  /** Whether puts keep every value of a key and window (windowed joins) instead of replacing it. */
  retainDuplicates(): boolean;
  retentionPeriod(): number;
}

/** Supplies bytes session stores (Kafka's `SessionBytesStoreSupplier`), e.g. `Stores.persistentSessionStore`. */
export interface SessionBytesStoreSupplier extends StoreSupplier<SessionStore<Buffer, Buffer>> {
  segmentIntervalMs(): number;
  retentionPeriod(): number;
}
