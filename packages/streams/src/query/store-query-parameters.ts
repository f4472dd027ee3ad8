import type { QueryableStoreType } from './queryable-store-types.js';

/**
 * What `KafkaStreams.store()` should return (Kafka's `StoreQueryParameters`): a store name, its type, optionally
 * one partition, and whether stores of tasks still restoring may be read (`enableStaleStores`).
 */
export class StoreQueryParameters<T> {
  private constructor(
    readonly storeNameField: string,
    readonly queryableStoreTypeField: QueryableStoreType<T>,
    readonly partitionField: number | undefined,
    readonly staleStoresField: boolean,
  ) {}

  static fromNameAndType<T>(storeName: string, queryableStoreType: QueryableStoreType<T>): StoreQueryParameters<T> {
    return new StoreQueryParameters(storeName, queryableStoreType, undefined, false);
  }

  /** Only the store of the task of this partition. */
  withPartition(partition: number): StoreQueryParameters<T> {
    return new StoreQueryParameters(this.storeNameField, this.queryableStoreTypeField, partition, this.staleStoresField);
  }

  enableStaleStores(): StoreQueryParameters<T> {
    return new StoreQueryParameters(this.storeNameField, this.queryableStoreTypeField, this.partitionField, true);
  }

  storeName(): string {
    return this.storeNameField;
  }

  queryableStoreType(): QueryableStoreType<T> {
    return this.queryableStoreTypeField;
  }

  /** The partition asked for, or null for all (Kafka's `partition()`). */
  partition(): number | null {
    return this.partitionField ?? null;
  }

  staleStoresEnabled(): boolean {
    return this.staleStoresField;
  }
}
