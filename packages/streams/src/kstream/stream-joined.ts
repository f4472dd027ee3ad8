import type { Serde } from '../serialization/serde.js';
import type { WindowBytesStoreSupplier } from '../state/suppliers.js';
import { validateName } from './named.js';

interface StreamJoinedFields<K, V1, V2> {
  readonly name: string | undefined;
  readonly storeName: string | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V1> | undefined;
  readonly otherValueSerde: Serde<V2> | undefined;
  readonly thisStoreSupplier: WindowBytesStoreSupplier | undefined;
  readonly otherStoreSupplier: WindowBytesStoreSupplier | undefined;
  readonly loggingEnabled: boolean;
  readonly topicConfig: Readonly<{ [key: string]: string }>;
}

const DEFAULTS: StreamJoinedFields<never, never, never> = {
  name: undefined,
  storeName: undefined,
  keySerde: undefined,
  valueSerde: undefined,
  otherValueSerde: undefined,
  thisStoreSupplier: undefined,
  otherStoreSupplier: undefined,
  loggingEnabled: true,
  topicConfig: {},
};

/**
 * Options of a stream-stream join (Kafka's `StreamJoined`): serdes of the key and both value types (for the join
 * stores and any repartition topic), a name for the join's processors and repartition topics, a base name for
 * its stores, the stores' suppliers, and changelog logging. Immutable: every `with*` returns a new instance.
 *
 * Store naming as in Kafka: without a store name or supplier the stores are `KSTREAM-JOINTHIS-<n>-store` and
 * `KSTREAM-JOINOTHER-<n>-store` (OUTERTHIS/OUTEROTHER for the outer sides); `withStoreName('s')` makes them
 * `s-this-join-store` and `s-other-join-store` (`-outer-this-join`/`-outer-other-join` on outer sides).
 *
 * @example
 * ```ts
 * clicks.join(views, joiner, JoinWindows.ofTimeDifferenceWithNoGrace(60_000),
 *   StreamJoined.with(Serdes.String(), clickSerde, viewSerde).withStoreName('click-view'));
 * ```
 */
export class StreamJoined<K, V1, V2> implements StreamJoinedFields<K, V1, V2> {
  readonly name: string | undefined;
  readonly storeName: string | undefined;
  readonly keySerde: Serde<K> | undefined;
  readonly valueSerde: Serde<V1> | undefined;
  readonly otherValueSerde: Serde<V2> | undefined;
  readonly thisStoreSupplier: WindowBytesStoreSupplier | undefined;
  readonly otherStoreSupplier: WindowBytesStoreSupplier | undefined;
  readonly loggingEnabled: boolean;
  readonly topicConfig: Readonly<{ [key: string]: string }>;

  private constructor(fields: StreamJoinedFields<K, V1, V2>) {
    this.name = fields.name;
    this.storeName = fields.storeName;
    this.keySerde = fields.keySerde;
    this.valueSerde = fields.valueSerde;
    this.otherValueSerde = fields.otherValueSerde;
    this.thisStoreSupplier = fields.thisStoreSupplier;
    this.otherStoreSupplier = fields.otherStoreSupplier;
    this.loggingEnabled = fields.loggingEnabled;
    this.topicConfig = fields.topicConfig;
  }

  /**
   * Serdes of the key, this stream's values and the other stream's values (Kafka's `StreamJoined.with(serdes)`),
   * or the two store suppliers (Kafka's `StreamJoined.with(thisStoreSupplier, otherStoreSupplier)`).
   */
  static with<K, V1, V2>(keySerde: Serde<K> | undefined, valueSerde: Serde<V1> | undefined, otherValueSerde: Serde<V2> | undefined): StreamJoined<K, V1, V2>;
  static with<K, V1, V2>(thisStoreSupplier: WindowBytesStoreSupplier, otherStoreSupplier: WindowBytesStoreSupplier): StreamJoined<K, V1, V2>;
  static with<K, V1, V2>(...args: unknown[]): StreamJoined<K, V1, V2> {
    if (args.length === 2) {
      const [thisStoreSupplier, otherStoreSupplier] = args as [WindowBytesStoreSupplier, WindowBytesStoreSupplier];
      return new StreamJoined<K, V1, V2>({ ...DEFAULTS, thisStoreSupplier, otherStoreSupplier });
    }
    const [keySerde, valueSerde, otherValueSerde] = args as [Serde<K> | undefined, Serde<V1> | undefined, Serde<V2> | undefined];
    return new StreamJoined<K, V1, V2>({ ...DEFAULTS, keySerde, valueSerde, otherValueSerde });
  }

  /** Only the base name of the join's stores (Kafka's `StreamJoined.as`). */
  static as<K, V1, V2>(storeName: string): StreamJoined<K, V1, V2> {
    return new StreamJoined<K, V1, V2>({ ...DEFAULTS, storeName: validateName(storeName) });
  }

  /** The name of the join's processors and repartition topics (Kafka's `withName`). */
  withName(name: string): StreamJoined<K, V1, V2> {
    return this.#with({ name: validateName(name) });
  }

  /** The base name of the join's stores and their changelogs (Kafka's `withStoreName`). */
  withStoreName(storeName: string): StreamJoined<K, V1, V2> {
    return this.#with({ storeName: validateName(storeName) });
  }

  withKeySerde(keySerde: Serde<K>): StreamJoined<K, V1, V2> {
    return this.#with({ keySerde });
  }

  withValueSerde(valueSerde: Serde<V1>): StreamJoined<K, V1, V2> {
    return this.#with({ valueSerde });
  }

  withOtherValueSerde(otherValueSerde: Serde<V2>): StreamJoined<K, V1, V2> {
    return this.#with({ otherValueSerde });
  }

  /** The supplier of this stream's join store (Kafka's `withThisStoreSupplier`). */
  withThisStoreSupplier(supplier: WindowBytesStoreSupplier): StreamJoined<K, V1, V2> {
    return this.#with({ thisStoreSupplier: supplier });
  }

  /** The supplier of the other stream's join store (Kafka's `withOtherStoreSupplier`). */
  withOtherStoreSupplier(supplier: WindowBytesStoreSupplier): StreamJoined<K, V1, V2> {
    return this.#with({ otherStoreSupplier: supplier });
  }

  /** Logs the join stores to changelogs created with `config` over the defaults (Kafka's `withLoggingEnabled`). */
  withLoggingEnabled(config: Readonly<{ [key: string]: string }> = {}): StreamJoined<K, V1, V2> {
    return this.#with({ loggingEnabled: true, topicConfig: { ...config } });
  }

  /** No changelogs for the join stores (Kafka's `withLoggingDisabled`). */
  withLoggingDisabled(): StreamJoined<K, V1, V2> {
    return this.#with({ loggingEnabled: false, topicConfig: {} });
  }

  #with(changes: Partial<StreamJoinedFields<K, V1, V2>>): StreamJoined<K, V1, V2> {
    return new StreamJoined<K, V1, V2>({ ...this.#fields(), ...changes });
  }

  #fields(): StreamJoinedFields<K, V1, V2> {
    return {
      name: this.name,
      storeName: this.storeName,
      keySerde: this.keySerde,
      valueSerde: this.valueSerde,
      otherValueSerde: this.otherValueSerde,
      thisStoreSupplier: this.thisStoreSupplier,
      otherStoreSupplier: this.otherStoreSupplier,
      loggingEnabled: this.loggingEnabled,
      topicConfig: this.topicConfig,
    };
  }
}
