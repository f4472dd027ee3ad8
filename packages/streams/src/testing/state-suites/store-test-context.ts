import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Headers } from '../../common/headers.js';
import type { ChangelogRecord, StateRestoreCallback, StateStore } from '../../processor/state-store.js';
import { TaskId } from '../../processor/task-id.js';
import type { Serde } from '../../serialization/serde.js';
import { ThreadCache } from '../../internal/state/cache/thread-cache.js';
import { changelogTopicName } from '../../internal/state/store-serdes.js';
import type { InternalStateStoreContext, StoreRecordContext } from '../../internal/state/store-context.js';

/** A changelog record a store sent through {@link StoreTestContext.logChange}. */
export interface LoggedChange {
  readonly storeName: string;
  readonly key: Buffer;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: Headers | undefined;
}

/** Options of a {@link StoreTestContext}. */
export interface StoreTestContextOptions {
  /** The record cache budget (`statestore.cache.max.bytes`); default 10485760. */
  readonly cacheMaxBytes?: number;
  /** The application configs stores read (e.g. `level.config.setter`). */
  readonly appConfigs?: Readonly<{ [key: string]: unknown }>;
  /** A state directory to use instead of a fresh temporary one (not removed by `cleanup`). */
  readonly stateDir?: string;
  readonly applicationId?: string;
  readonly taskId?: TaskId;
  readonly keySerde?: Serde<unknown>;
  readonly valueSerde?: Serde<unknown>;
}

/**
 * A task context for testing stores outside a running application: it implements the runtime's internal store
 * context, records every changelog write (`logged`), keeps the registered restore callbacks (`restore`), owns a
 * real {@link ThreadCache} and a real temporary state directory (removed by `cleanup`). The current record
 * context is set with `setRecordContext` / `setTime`.
 *
 * @example
 * ```ts
 * const context = new StoreTestContext();
 * const store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('s'), Serdes.String(), Serdes.Long()).build();
 * await store.init(context, store);
 * store.put('a', 1);
 * await store.flush();
 * context.logged; // [{ storeName: 's', key: <a>, value: <1>, ... }]
 * ```
 */
export class StoreTestContext implements InternalStateStoreContext {
  /** Every changelog record sent, in order. */
  readonly logged: LoggedChange[] = [];
  /** Stores registered with their restore callbacks, by store name. */
  readonly registered = new Map<string, { store: StateStore; restore: StateRestoreCallback }>();
  readonly cache: ThreadCache;
  #dir: string | undefined;
  readonly #ownsDir: boolean;
  #current: StoreRecordContext = { timestamp: 0, headers: undefined, topic: 'input', partition: 0, offset: 0 };

  constructor(private readonly options: StoreTestContextOptions = {}) {
    this.cache = new ThreadCache(options.cacheMaxBytes ?? 10 * 1024 * 1024);
    this.#dir = options.stateDir;
    this.#ownsDir = options.stateDir === undefined;
  }

  applicationId(): string {
    return this.options.applicationId ?? 'test-app';
  }

  taskId(): TaskId {
    return this.options.taskId ?? new TaskId(0, 0);
  }

  appConfigs(): Readonly<{ [key: string]: unknown }> {
    return this.options.appConfigs ?? {};
  }

  keySerde(): Serde<unknown> | undefined {
    return this.options.keySerde;
  }

  valueSerde(): Serde<unknown> | undefined {
    return this.options.valueSerde;
  }

  stateDir(): string {
    this.#dir ??= mkdtempSync(join(tmpdir(), 'tributary-store-'));
    return this.#dir;
  }

  register(store: StateStore, restore: StateRestoreCallback): void {
    this.registered.set(store.name(), { store, restore });
  }

  changelogFor(storeName: string): { topic: string; partition: number } {
    return { topic: changelogTopicName(this.applicationId(), storeName), partition: this.taskId().partition() };
  }

  logChange(storeName: string, key: Buffer, value: Buffer | null, timestamp: number, headers: Headers | undefined): void {
    this.logged.push({ storeName, key, value, timestamp, headers });
  }

  recordContext(): StoreRecordContext {
    return this.#current;
  }

  withRecordContext<T>(context: StoreRecordContext, fn: () => T): T {
    const previous = this.#current;
    this.#current = context;
    try {
      return fn();
    } finally {
      this.#current = previous;
    }
  }

  cacheMaxBytes(): number {
    return this.cache.maxBytes();
  }

  threadCache(): ThreadCache {
    return this.cache;
  }

  /** Sets the record context the next writes happen under. */
  setRecordContext(context: Partial<StoreRecordContext>): void {
    this.#current = { ...this.#current, ...context };
  }

  /** Sets the timestamp of the current record (and advances its offset). */
  setTime(timestamp: number): void {
    this.#current = { ...this.#current, timestamp, offset: this.#current.offset + 1 };
  }

  /** Replays `records` into the store registered as `storeName`, as the runtime restores from a changelog. */
  async restore(storeName: string, records: ReadonlyArray<Partial<ChangelogRecord> & { key: Buffer; value: Buffer | null }>): Promise<void> {
    const entry = this.registered.get(storeName);
    if (entry === undefined) throw new Error(`no store registered as ${storeName}`);
    await entry.restore(records.map((r, i) => ({ key: r.key, value: r.value, timestamp: r.timestamp ?? 0, offset: r.offset ?? i, headers: r.headers })));
  }

  /** The logged changes turned into restorable changelog records (what the changelog topic would hold). */
  changelog(storeName: string): ChangelogRecord[] {
    return this.logged.filter((c) => c.storeName === storeName).map((c, offset) => ({ key: c.key, value: c.value, timestamp: c.timestamp, offset, headers: c.headers }));
  }

  /** Removes the temporary state directory (when this context created it). */
  cleanup(): void {
    if (this.#ownsDir && this.#dir !== undefined) rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
  }
}
