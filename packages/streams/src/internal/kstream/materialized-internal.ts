import { Materialized, type MaterializedStoreSupplier, type StoreType } from '../../kstream/materialized.js';
import type { Serde } from '../../serialization/serde.js';
import type { InternalStreamsBuilder } from './internal-streams-builder.js';

/**
 * A {@link Materialized} as an operator resolves it (Kafka's MaterializedInternal): the store name - the user's,
 * the supplier's, or generated as `<prefix>STATE-STORE-<index>` (consuming one index) when the operator always
 * needs a store - whether that name is queryable (only a name the user gave is), and serdes the operator may fill
 * in from its input where the user gave none.
 */
export class MaterializedInternal<K, V> {
  readonly storeName: string | undefined;
  readonly queryable: boolean;
  keySerde: Serde<K> | undefined;
  valueSerde: Serde<V> | undefined;
  readonly storeSupplier: MaterializedStoreSupplier | undefined;
  readonly loggingEnabled: boolean;
  readonly topicConfig: Readonly<{ [key: string]: string }>;
  readonly cachingEnabled: boolean;
  readonly retentionMs: number | undefined;
  readonly storeType: StoreType | undefined;

  /**
   * @param builder and `generatedPrefix`: when both are given and the user gave no name, a name is generated.
   */
  constructor(materialized: Materialized<K, V> | undefined, builder?: InternalStreamsBuilder, generatedPrefix?: string) {
    const m = materialized ?? Materialized.with<K, V>(undefined, undefined);
    const generate = m.storeName === undefined && builder !== undefined && generatedPrefix !== undefined;
    this.storeName = generate ? builder.newStoreName(generatedPrefix) : m.storeName;
    this.queryable = !generate && m.storeName !== undefined;
    this.keySerde = m.keySerde;
    this.valueSerde = m.valueSerde;
    this.storeSupplier = m.storeSupplier;
    this.loggingEnabled = m.loggingEnabled;
    this.topicConfig = m.topicConfig;
    this.cachingEnabled = m.cachingEnabled;
    this.retentionMs = m.retentionMs;
    this.storeType = m.storeType;
  }

  /** The store name when the user named the store, else undefined (Kafka's `queryableStoreName()`). */
  queryableStoreName(): string | undefined {
    return this.queryable ? this.storeName : undefined;
  }
}
