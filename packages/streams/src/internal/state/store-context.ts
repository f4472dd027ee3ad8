import type { Headers } from '../../common/headers.js';
import type { StateStoreContext } from '../../processor/state-store.js';

/**
 * The context of the record being processed, as a store captures it at `put` time (Kafka's
 * ProcessorRecordContext): a cached entry is forwarded later, at flush or eviction, under the context it was
 * written with.
 */
export interface StoreRecordContext {
  readonly timestamp: number;
  readonly headers: Headers | undefined;
  /** Source topic, null during a punctuation. */
  readonly topic: string | null;
  readonly partition: number;
  readonly offset: number;
}

/**
 * What the runtime gives the store decorators beyond the public {@link StateStoreContext}: the changelog of a
 * store, the current record context, the thread's record cache and LevelDB options. The runtime's task state
 * manager implements it (and the test driver through the same code).
 */
export interface InternalStateStoreContext extends StateStoreContext {
  /** The changelog topic-partition of a store, or undefined when its logging is disabled. */
  changelogFor(storeName: string): { readonly topic: string; readonly partition: number } | undefined;
  /** Sends one changelog record through the task's record collector (Kafka's `logChange`). */
  logChange(storeName: string, key: Buffer, value: Buffer | null, timestamp: number, headers: Headers | undefined): void;
  /** The context of the record being processed (timestamp and headers of the record the current node received). */
  recordContext(): StoreRecordContext;
  /**
   * Runs `fn` with `context` as the current record context and the store's connected processor as the current node
   * - how a caching store forwards an evicted or flushed entry (Kafka sets the entry's context, then restores).
   */
  withRecordContext<T>(context: StoreRecordContext, fn: () => T): T;
  /** `statestore.cache.max.bytes` (default 10485760): the thread's record cache budget. */
  cacheMaxBytes(): number;
  /**
   * The thread's record cache, shared by every caching store of the thread's tasks (Kafka's ThreadCache). Typed
   * `unknown` here so this contract does not depend on the cache module; the caching layer casts it.
   */
  threadCache(): unknown;
}

/** Whether a context offers the internal hooks (a user's own context in a unit test may not). */
export function isInternalContext(context: StateStoreContext): context is InternalStateStoreContext {
  return typeof (context as Partial<InternalStateStoreContext>).logChange === 'function';
}
