// How a table operator reads and writes its materialization whether that is a timestamped key-value store or a
// versioned one (Kafka's KeyValueStoreWrapper, KIP-914): `get` gives the latest value and timestamp, `put` returns
// Kafka's put code - IS_LATEST, NOT_PUT (a versioned store refused a write older than its grace period) or the
// validTo of an out-of-order version - so the operator forwards `Change.isLatest` and drops refused writes.

import type { StateStore } from '../../../processor/state-store.js';
import type { TimestampedKeyValueStore } from '../../../state/key-value-store.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import { VersionedKeyValueStore } from '../../../state/versioned-key-value-store.js';
import { isVersionedStore } from './metered-versioned-store.js';

/** `put` wrote the latest value (Kafka's KeyValueStoreWrapper.PUT_RETURN_CODE_IS_LATEST). */
export const PUT_RETURN_CODE_IS_LATEST = VersionedKeyValueStore.PUT_RETURN_CODE_VALID_TO_UNDEFINED;
/** `put` was refused: older than the versioned store's grace period. */
export const PUT_RETURN_CODE_NOT_PUT = VersionedKeyValueStore.PUT_RETURN_CODE_NOT_PUT;

export class TableStore {
  readonly #timestamped: TimestampedKeyValueStore<unknown, unknown> | undefined;
  readonly #versioned: VersionedKeyValueStore<unknown, unknown> | undefined;

  constructor(private readonly inner: StateStore) {
    if (isVersionedStore(inner)) this.#versioned = inner;
    else this.#timestamped = inner as TimestampedKeyValueStore<unknown, unknown>;
  }

  /** The store of `name` as a processor context hands it out. */
  static of(context: { getStateStore<S extends StateStore>(name: string): S }, name: string): TableStore {
    return new TableStore(context.getStateStore<StateStore>(name));
  }

  isVersioned(): boolean {
    return this.#versioned !== undefined;
  }

  /** The wrapped store (for flush listeners). */
  store(): StateStore {
    return this.inner;
  }

  /** The latest value and its timestamp, or null. */
  get(key: unknown): ValueAndTimestamp<unknown> | null {
    if (this.#timestamped !== undefined) return this.#timestamped.get(key);
    const r = this.#versioned!.get(key);
    return r === null ? null : ValueAndTimestamp.make(r.value(), r.timestamp());
  }

  /** The value valid at `asOfTimestamp` (a versioned store), or the latest one (a timestamped store). */
  getAsOf(key: unknown, asOfTimestamp: number): ValueAndTimestamp<unknown> | null {
    if (this.#timestamped !== undefined) return this.#timestamped.get(key);
    const r = this.#versioned!.get(key, asOfTimestamp);
    return r === null ? null : ValueAndTimestamp.make(r.value(), r.timestamp());
  }

  /** Writes `value` (null deletes) at `timestamp`; returns Kafka's put code. */
  put(key: unknown, value: unknown, timestamp: number): number {
    if (this.#versioned !== undefined) return this.#versioned.put(key, value ?? null, timestamp);
    this.#timestamped!.put(key, ValueAndTimestamp.make(value ?? null, timestamp));
    return PUT_RETURN_CODE_IS_LATEST;
  }
}
