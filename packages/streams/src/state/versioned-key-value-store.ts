import type { StateStore } from '../processor/state-store.js';
import type { StoreSupplier } from './suppliers.js';

/**
 * One version of a key's value in a versioned store (Kafka's `VersionedRecord`): the value, the timestamp from
 * which it is valid (`timestamp`, inclusive) and, when a later version or delete exists, the timestamp up to which
 * it is valid (`validTo`, exclusive). The value is never null: an absent or deleted key reads as `null`.
 */
export class VersionedRecord<V> {
  constructor(
    readonly valueField: V,
    readonly timestampField: number,
    /** Undefined for the latest version (Kafka's `Optional.empty()`). */
    readonly validToField?: number,
  ) {}

  value(): V {
    return this.valueField;
  }

  /** The timestamp from which this version is valid (its `validFrom`). */
  timestamp(): number {
    return this.timestampField;
  }

  /** The timestamp (exclusive) up to which this version is valid; undefined while it is the latest. */
  validTo(): number | undefined {
    return this.validToField;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof VersionedRecord &&
      other.valueField === this.valueField &&
      other.timestampField === this.timestampField &&
      other.validToField === this.validToField
    );
  }

  toString(): string {
    return `<${String(this.valueField)},${this.timestampField},${this.validToField ?? '-'}>`;
  }
}

/**
 * A key-value store that keeps the history of each key's values by timestamp (Kafka's `VersionedKeyValueStore`,
 * KIP-889): `put` writes a version valid from its timestamp until the next version's; `get(key)` returns the
 * latest version and `get(key, asOfTimestamp)` the version valid at a point in time, as long as that point lies
 * within the store's history retention. Writes older than the history retention (its grace period) are refused.
 * Point reads and writes are synchronous (decision 4 of DESIGN.md).
 *
 * @example
 * ```ts
 * const store = context.getStateStore<VersionedKeyValueStore<string, string>>('profiles');
 * store.put('alice', 'eu', 100);
 * store.put('alice', 'us', 200);
 * store.get('alice', 150)?.value(); // 'eu'
 * ```
 */
export interface VersionedKeyValueStore<K, V> extends StateStore {
  /**
   * Adds a version of `key` valid from `timestamp` (null: a delete at `timestamp`); a version with the same
   * timestamp is replaced. Returns the new version's `validTo` - the next version's timestamp - or
   * {@link VersionedKeyValueStore.PUT_RETURN_CODE_VALID_TO_UNDEFINED} when it is the latest, or
   * {@link VersionedKeyValueStore.PUT_RETURN_CODE_NOT_PUT} when `timestamp` is older than the grace period.
   */
  put(key: K, value: V | null, timestamp: number): number;
  /** Deletes `key` as of `timestamp`; returns the version valid just before it (null when none or refused). */
  delete(key: K, timestamp: number): VersionedRecord<V> | null;
  /**
   * The latest version of `key` (null when absent or deleted); with `asOfTimestamp`, the version valid at that
   * time - null when none was, or when `asOfTimestamp` is older than the history retention and the latest
   * version is not valid at it.
   */
  get(key: K, asOfTimestamp?: number): VersionedRecord<V> | null;
}

/** Kafka's `VersionedKeyValueStore` constants: the special results of `put`. */
export const VersionedKeyValueStore = {
  /** `put` wrote the latest version (Kafka's `PUT_RETURN_CODE_VALID_TO_UNDEFINED`, -1). */
  PUT_RETURN_CODE_VALID_TO_UNDEFINED: -1,
  /** `put` refused a write older than the grace period (Kafka's `PUT_RETURN_CODE_NOT_PUT`, Long.MIN_VALUE). */
  PUT_RETURN_CODE_NOT_PUT: Number.MIN_SAFE_INTEGER,
} as const;

/**
 * Supplies versioned bytes stores (Kafka's `VersionedBytesStoreSupplier`), e.g.
 * `Stores.persistentVersionedKeyValueStore`. Pass it to `Stores.versionedKeyValueStoreBuilder`, or to
 * `Materialized.as(supplier)` to materialize a versioned KTable.
 */
export interface VersionedBytesStoreSupplier extends StoreSupplier<VersionedKeyValueStore<Buffer, Buffer>> {
  /** How long old versions stay readable, ms; also the grace period for out-of-order writes. */
  historyRetentionMs(): number;
  /** The time span of one segment of old versions, ms. */
  segmentIntervalMs(): number;
}

/** Whether a store supplier supplies versioned stores. */
export function isVersionedBytesStoreSupplier(supplier: unknown): supplier is VersionedBytesStoreSupplier {
  const s = supplier as Partial<VersionedBytesStoreSupplier> | null | undefined;
  return typeof s?.historyRetentionMs === 'function' && typeof s.segmentIntervalMs === 'function' && typeof s.get === 'function';
}
