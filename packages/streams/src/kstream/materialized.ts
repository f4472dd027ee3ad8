import { IllegalArgumentException } from '../common/errors.js';
import type { StateStore } from '../processor/state-store.js';
import type { Serde } from '../serialization/serde.js';
import { validateName } from './named.js';

/**
 * Which built-in store a DSL operator materializes into when no supplier is given (Kafka's
 * `Materialized.StoreType`): `ROCKS_DB` is the persistent store (LevelDB here, the name kept for Kafka's configs),
 * `IN_MEMORY` the in-memory one.
 */
export const StoreType = {
  ROCKS_DB: 'rocksDB',
  IN_MEMORY: 'in_memory',
} as const;
export type StoreType = (typeof StoreType)[keyof typeof StoreType];

/**
 * A supplier of the innermost (bytes) store a DSL operator materializes into (Kafka's `StoreSupplier`, e.g. a
 * `KeyValueBytesStoreSupplier` from `Stores.persistentKeyValueStore(name)`).
 */
export interface MaterializedStoreSupplier {
  name(): string;
  get(): StateStore;
  metricsScope?(): string;
}

interface MaterializedFields<K, V> {
  readonly storeName: string | undefined;
  readonly storeSupplier: MaterializedStoreSupplier | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly loggingEnabled: boolean;
  readonly topicConfig: Readonly<{ [key: string]: string }>;
  readonly cachingEnabled: boolean;
  readonly retentionMs: number | undefined;
  readonly storeType: StoreType | undefined;
}

const DEFAULTS: MaterializedFields<never, never> = {
  storeName: undefined,
  storeSupplier: undefined,
  keySerde: undefined,
  valueSerde: undefined,
  loggingEnabled: true,
  topicConfig: {},
  cachingEnabled: true,
  retentionMs: undefined,
  storeType: undefined,
};

/**
 * How a DSL operator materializes its state store (Kafka's `Materialized`): the store's name (which makes it
 * queryable), or a supplier of the bytes store; serdes; changelog logging and its topic configs; caching;
 * retention (window and session stores); and the built-in store type. Immutable: every `with*` returns a new
 * instance. Defaults as in Kafka: logging and caching enabled.
 *
 * An operator whose Materialized has no name still gets a generated store name (`KSTREAM-AGGREGATE-STATE-STORE-
 * 0000000003`) where it needs a store, but the store is not queryable and `queryableStoreName()` is null.
 *
 * @example
 * ```ts
 * stream.groupByKey().count(Materialized.as<string, number>('counts-store').withValueSerde(Serdes.Long()));
 * ```
 */
export class Materialized<K, V> implements MaterializedFields<K, V> {
  readonly storeName: string | undefined;
  readonly storeSupplier: MaterializedStoreSupplier | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V> | undefined;
  readonly loggingEnabled: boolean;
  readonly topicConfig: Readonly<{ [key: string]: string }>;
  readonly cachingEnabled: boolean;
  readonly retentionMs: number | undefined;
  readonly storeType: StoreType | undefined;

  private constructor(fields: Partial<MaterializedFields<K, V>>) {
    const all = { ...(DEFAULTS as MaterializedFields<K, V>), ...fields };
    this.storeName = all.storeName;
    this.storeSupplier = all.storeSupplier;
    this.keySerde = all.keySerde;
    this.valueSerde = all.valueSerde;
    this.loggingEnabled = all.loggingEnabled;
    this.topicConfig = all.topicConfig;
    this.cachingEnabled = all.cachingEnabled;
    this.retentionMs = all.retentionMs;
    this.storeType = all.storeType;
  }

  /** A store with this name; the name makes it queryable (Kafka's `Materialized.as(storeName)`). */
  static as<K, V>(storeName: string): Materialized<K, V>;
  /** A store from this supplier; its name makes it queryable (Kafka's `Materialized.as(StoreSupplier)`). */
  static as<K, V>(supplier: MaterializedStoreSupplier): Materialized<K, V>;
  static as<K, V>(what: string | MaterializedStoreSupplier): Materialized<K, V> {
    if (typeof what === 'object' && what !== null) return new Materialized<K, V>({ storeSupplier: what, storeName: what.name() });
    return new Materialized<K, V>({ storeName: validateName(what) });
  }

  /** Only serdes; the store name is generated and not queryable (Kafka's `Materialized.with`). */
  static with<K, V>(keySerde: Serde<K> | undefined, valueSerde: Serde<V> | undefined): Materialized<K, V> {
    return new Materialized<K, V>({ keySerde, valueSerde });
  }

  withKeySerde<K2>(keySerde: Serde<K2> | undefined): Materialized<K2, V> {
    return new Materialized<K2, V>({ ...this.#fields(), keySerde } as Partial<MaterializedFields<K2, V>>);
  }

  withValueSerde<V2>(valueSerde: Serde<V2> | undefined): Materialized<K, V2> {
    return new Materialized<K, V2>({ ...this.#fields(), valueSerde } as Partial<MaterializedFields<K, V2>>);
  }

  /** The store writes a changelog topic with these configs over the defaults (Kafka's `withLoggingEnabled`). */
  withLoggingEnabled(topicConfig: Readonly<{ [key: string]: string }> = {}): Materialized<K, V> {
    return new Materialized<K, V>({ ...this.#fields(), loggingEnabled: true, topicConfig: { ...topicConfig } });
  }

  /** No changelog: the store is not restored after a failure (Kafka's `withLoggingDisabled`). */
  withLoggingDisabled(): Materialized<K, V> {
    return new Materialized<K, V>({ ...this.#fields(), loggingEnabled: false, topicConfig: {} });
  }

  withCachingEnabled(): Materialized<K, V> {
    return new Materialized<K, V>({ ...this.#fields(), cachingEnabled: true });
  }

  /** Every update is forwarded and written at once, none deduplicated (Kafka's `withCachingDisabled`). */
  withCachingDisabled(): Materialized<K, V> {
    return new Materialized<K, V>({ ...this.#fields(), cachingEnabled: false });
  }

  /** How long window and session stores keep data, in ms (Kafka's `withRetention(Duration)`). */
  withRetention(retentionMs: number): Materialized<K, V> {
    if (!(Number.isFinite(retentionMs) && retentionMs >= 0)) {
      throw new IllegalArgumentException(`Retention must not be negative, got ${retentionMs}`);
    }
    return new Materialized<K, V>({ ...this.#fields(), retentionMs });
  }

  /** The built-in store to use when no supplier is given (Kafka's `withStoreType`). */
  withStoreType(storeType: StoreType): Materialized<K, V> {
    return new Materialized<K, V>({ ...this.#fields(), storeType });
  }

  #fields(): MaterializedFields<K, V> {
    return {
      storeName: this.storeName,
      storeSupplier: this.storeSupplier,
      keySerde: this.keySerde,
      valueSerde: this.valueSerde,
      loggingEnabled: this.loggingEnabled,
      topicConfig: this.topicConfig,
      cachingEnabled: this.cachingEnabled,
      retentionMs: this.retentionMs,
      storeType: this.storeType,
    };
  }
}
