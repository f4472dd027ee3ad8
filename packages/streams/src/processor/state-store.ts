import type { Headers } from '../common/headers.js';
import type { Serde } from '../serialization/serde.js';
import type { TaskId } from './task-id.js';

/**
 * A state store as the topology sees it (Kafka's `StateStore`): a name, a life cycle, and whether it keeps its
 * data on disk. The typed stores (`KeyValueStore`, `WindowStore`, `SessionStore`) extend it.
 */
export interface StateStore {
  name(): string;
  /**
   * Called once when the task starts, before any processor's `init` (Kafka's `init(StateStoreContext, root)`).
   * A store that keeps state registers itself here with `context.register(root, restoreCallback)` so the runtime
   * can restore it from its changelog; `root` is the outermost store of the decorator stack.
   */
  init(context: StateStoreContext, root: StateStore): void | Promise<void>;
  /** Called at every commit, before offsets are committed: cached writes reach the bytes store and changelog. */
  flush(): void | Promise<void>;
  close(): void | Promise<void>;
  /** Whether the store keeps its data on disk (LevelDB) rather than in memory. */
  persistent(): boolean;
  isOpen(): boolean;
}

/** One changelog record replayed into a store during restoration (key and value as stored bytes). */
export interface ChangelogRecord {
  readonly key: Buffer;
  /** `null` is a tombstone: delete the key. */
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly offset: number;
  readonly headers: Headers | undefined;
}

/**
 * Replays a batch of changelog records into a store's bytes layer (Kafka's `BatchingStateRestoreCallback`).
 * Called with batches in offset order; a persistent store should write each batch with one bulk write.
 */
export type StateRestoreCallback = (records: readonly ChangelogRecord[]) => void | Promise<void>;

/**
 * What a store sees of its task when it is initialised (Kafka's `StateStoreContext`).
 */
export interface StateStoreContext {
  applicationId(): string;
  taskId(): TaskId;
  appConfigs(): Readonly<{ [key: string]: unknown }>;
  /** `default.key.serde`, if configured. */
  keySerde(): Serde<unknown> | undefined;
  /** `default.value.serde`, if configured. */
  valueSerde(): Serde<unknown> | undefined;
  /** The task's directory, `<state.dir>/<application.id>/<taskId>` (created and locked by the runtime). */
  stateDir(): string;
  /**
   * Registers a store with the task's state manager: the runtime restores it from its changelog (from the
   * checkpointed offset to the end) before processing starts, then calls `flush` at each commit and writes the
   * checkpoint. Must be called from `init`.
   */
  register(store: StateStore, restore: StateRestoreCallback): void;
}

/** Builds one store instance per task (Kafka's `StoreBuilder`). */
export interface StoreBuilder<S extends StateStore = StateStore> {
  name(): string;
  build(): S;
  /** Whether the store writes a changelog topic (`<application.id>-<name>-changelog`). */
  loggingEnabled(): boolean;
  /** Topic configs for the changelog (merged over the defaults: `cleanup.policy=compact`, ...). */
  logConfig(): Readonly<{ [key: string]: string }>;
}

/**
 * Hears about restoration (Kafka's `StateRestoreListener`), set with `KafkaStreams.setGlobalStateRestoreListener`.
 * Offsets are changelog offsets; `onBatchRestored`'s `batchEndOffset` is the last offset of the batch.
 */
export interface StateRestoreListener {
  onRestoreStart(topicPartition: { topic: string; partition: number }, storeName: string, startingOffset: number, endingOffset: number): void;
  onBatchRestored(topicPartition: { topic: string; partition: number }, storeName: string, batchEndOffset: number, numRestored: number): void;
  onRestoreEnd(topicPartition: { topic: string; partition: number }, storeName: string, totalRestored: number): void;
}
