import { join } from 'node:path';
import { StreamsException } from '../../common/errors.js';
import type { StateRestoreCallback, StateRestoreListener, StateStore, StoreBuilder } from '../../processor/state-store.js';
import { andThen, isThenable, loop, type MaybePromise } from '../runtime/async.js';
import type { RuntimeNode } from '../runtime/nodes.js';
import type { TaskServices } from '../runtime/task-services.js';
import { CheckpointFile, tpKey, type CheckpointOffsets } from './checkpoint-file.js';
import type { ChangelogReader, RestoreRequest } from './changelog-reader.js';
import { TaskCorruptedException } from './errors.js';
import { CHECKPOINT_FILE, type StateDirectory } from './state-directory.js';
import { StoreContextImpl, type StoreContextHost } from './store-context-impl.js';

/** What a task's state manager is given by the runtime (or the test driver). */
export interface StateOptions {
  readonly directory: StateDirectory;
  /** Who takes the task directory locks: a stream thread, the global thread or a test driver. */
  readonly owner: string;
  /** The record cache of the thread running the task. */
  readonly threadCache: () => unknown;
  /** Restores changelogs; undefined in the test driver (nothing to restore). */
  readonly reader: ChangelogReader | undefined;
  readonly listener: StateRestoreListener | undefined;
  readonly warn: (message: string) => void;
}

interface StoreEntry {
  readonly name: string;
  store: StateStore;
  readonly builder: StoreBuilder;
  readonly persistent: boolean;
  readonly changelog: { readonly topic: string; readonly partition: number } | undefined;
  readonly users: readonly RuntimeNode[];
  restore: StateRestoreCallback | undefined;
}

/** The changelog topic of a store (Kafka's ProcessorStateManager.storeChangelogTopic). */
export function changelogTopic(applicationId: string, storeName: string): string {
  return `${applicationId}-${storeName}-changelog`;
}

function isPersistent(store: StateStore): boolean {
  return typeof store.persistent === 'function' && store.persistent();
}

/**
 * The stores of one task (Kafka's ProcessorStateManager): it locks the task directory, decides whether local
 * state can be trusted (checkpoint present and not beyond the changelog end, stores open), initialises the
 * stores, restores logged stores from their changelogs before processing, flushes at commit and writes the
 * `.checkpoint` file with the changelog offsets flushed so far. Global stores use it too, without changelogs.
 */
export class TaskStateManager implements StoreContextHost {
  readonly #entries = new Map<string, StoreEntry>();
  readonly #dir: string;
  readonly #checkpoint: CheckpointFile;
  readonly #hasDir: boolean;
  /** Changelog offsets (last offset in the store) of logged stores, for the checkpoint. */
  readonly #offsets: CheckpointOffsets = new Map();
  #deferred: Promise<void>[] = [];
  #locked = false;
  #checkpointDirty = false;
  /** The checkpoint the stores were initialised against (undefined after a wipe). */
  #trusted: CheckpointOffsets | undefined;
  /** The checkpoint read at initialisation (global stores seek their source topics from it). */
  loadedCheckpoint: CheckpointOffsets | undefined;

  constructor(
    readonly task: TaskServices,
    private readonly stores: Map<string, StateStore>,
    builders: ReadonlyMap<string, StoreBuilder>,
    users: ReadonlyMap<string, readonly RuntimeNode[]>,
    private readonly options: StateOptions,
    dir: string,
    /** False for global stores: their source topic is their changelog. */
    private readonly changelogs = true,
  ) {
    this.#dir = dir;
    this.#checkpoint = new CheckpointFile(join(dir, CHECKPOINT_FILE));
    const partition = task.taskId.partition();
    for (const [name, store] of stores) {
      const builder = builders.get(name)!;
      const logged = changelogs && typeof builder.loggingEnabled === 'function' && builder.loggingEnabled();
      const changelog = logged ? { topic: changelogTopic(task.config.applicationId, name), partition } : undefined;
      this.#entries.set(name, { name, store, builder, persistent: isPersistent(store), changelog, users: users.get(name) ?? [], restore: undefined });
    }
    this.#hasDir = [...this.#entries.values()].some((e) => e.persistent);
  }

  // --- StoreContextHost --------------------------------------------------------------------------------------

  stateDir(): string {
    return this.#dir;
  }

  register(storeName: string, _root: StateStore, restore: StateRestoreCallback): void {
    const entry = this.#entries.get(storeName);
    if (entry === undefined) throw new StreamsException(`Store ${storeName} is not a store of task ${this.task.taskId.toString()}`);
    if (entry.restore !== undefined) throw new StreamsException(`Store ${storeName} has already been registered.`, { code: 'ILLEGAL_ARGUMENT' });
    entry.restore = restore;
  }

  changelogFor(storeName: string): { readonly topic: string; readonly partition: number } | undefined {
    return this.#entries.get(storeName)?.changelog;
  }

  threadCache(): unknown {
    return this.options.threadCache();
  }

  defer(pending: Promise<void>): void {
    this.#deferred.push(pending);
  }

  /** The changelog partitions of the logged stores. */
  changelogPartitions(): { topic: string; partition: number }[] {
    return [...this.#entries.values()].flatMap((e) => (e.changelog === undefined ? [] : [e.changelog]));
  }

  // --- life cycle --------------------------------------------------------------------------------------------

  /**
   * Locks the directory (persistent stores only), wipes untrustworthy local state, initialises the stores and
   * restores them from their changelogs; synchronous when the stores and the reader are.
   */
  initialize(): MaybePromise {
    let checkpoint: CheckpointOffsets | undefined;
    if (this.#hasDir) {
      this.options.directory.lock(this.#dir, this.options.owner);
      this.#locked = true;
      checkpoint = this.#readCheckpoint();
      if (checkpoint === undefined && this.options.directory.hasStoreData(this.#dir)) {
        this.options.warn(`task [${this.task.taskId.toString()}] local state without a valid checkpoint in ${this.#dir}: wiping it and restoring from the changelogs`);
        this.options.directory.wipe(this.#dir);
      }
    }
    this.loadedCheckpoint = checkpoint;
    const reader = this.options.reader;
    const changelogs = this.changelogPartitions();
    if (reader === undefined || changelogs.length === 0) return andThen(this.#initStores(checkpoint), () => this.#checkpointAfterRestore());
    return reader.endOffsets(changelogs).then((ends) => {
      const trusted = this.#checkAgainstEnds(checkpoint, ends);
      return andThen(this.#initStores(trusted), () => this.#restore(reader, ends));
    });
  }

  /** A checkpoint offset at or beyond the changelog's end means the changelog was recreated: wipe (Kafka: TaskCorrupted). */
  #checkAgainstEnds(checkpoint: CheckpointOffsets | undefined, ends: ReadonlyMap<string, number>): CheckpointOffsets | undefined {
    if (checkpoint === undefined) return undefined;
    for (const e of this.#entries.values()) {
      if (e.changelog === undefined || !e.persistent) continue;
      const key = tpKey(e.changelog.topic, e.changelog.partition);
      const offset = checkpoint.get(key);
      if (offset !== undefined && offset >= (ends.get(key) ?? 0)) {
        this.options.warn(`task [${this.task.taskId.toString()}] checkpointed offset ${offset} of ${key} is beyond its end ${ends.get(key) ?? 0}: wiping local state`);
        this.options.directory.wipe(this.#dir);
        return undefined;
      }
    }
    return checkpoint;
  }

  #readCheckpoint(): CheckpointOffsets | undefined {
    try {
      return this.#checkpoint.read();
    } catch (e) {
      if (!(e instanceof TaskCorruptedException)) throw e;
      this.options.warn(`task [${this.task.taskId.toString()}] ${e.message}`);
      this.#checkpoint.delete();
      return undefined;
    }
  }

  /** Initialises every store; a persistent store that fails to open gets the task's state wiped and one more try. */
  #initStores(checkpoint: CheckpointOffsets | undefined): MaybePromise {
    this.#trusted = checkpoint;
    for (const e of this.#entries.values()) {
      if (e.changelog === undefined || !e.persistent) continue;
      const key = tpKey(e.changelog.topic, e.changelog.partition);
      const offset = checkpoint?.get(key);
      if (offset !== undefined) this.#offsets.set(key, offset);
    }
    return this.#initFrom([...this.#entries.values()], 0, false);
  }

  #initFrom(entries: StoreEntry[], from: number, retried: boolean): MaybePromise {
    for (let i = from; i < entries.length; i++) {
      const e = entries[i]!;
      let r: MaybePromise;
      try {
        r = e.store.init(new StoreContextImpl(this, e.name, e.users), e.store) as MaybePromise;
      } catch (error) {
        return this.#onInitError(entries, i, retried, error);
      }
      if (isThenable(r)) {
        return r.then(
          () => this.#initFrom(entries, i + 1, retried),
          (error: unknown) => this.#onInitError(entries, i, retried, error),
        );
      }
    }
    return undefined;
  }

  #onInitError(entries: StoreEntry[], failed: number, retried: boolean, error: unknown): MaybePromise {
    const e = entries[failed]!;
    if (!e.persistent || retried) throw error;
    this.options.warn(`task [${this.task.taskId.toString()}] store ${e.name} failed to open (${(error as Error).message}): wiping local state and rebuilding it`);
    // The stores opened before the failing one are closed; the failing one never opened.
    return andThen(sequence(entries.slice(0, failed).map((o) => () => o.store.close())), () => {
      this.options.directory.wipe(this.#dir);
      this.#offsets.clear();
      this.#trusted = undefined;
      for (const o of entries) {
        o.store = o.builder.build();
        o.restore = undefined;
        this.stores.set(o.name, o.store);
      }
      return this.#initFrom(entries, 0, true);
    });
  }

  async #restore(reader: ChangelogReader, ends: ReadonlyMap<string, number>): Promise<void> {
    const checkpoint = this.#trusted;
    const requests: RestoreRequest[] = [];
    for (const e of this.#entries.values()) {
      if (e.changelog === undefined || e.restore === undefined) continue;
      const key = tpKey(e.changelog.topic, e.changelog.partition);
      const from = e.persistent ? checkpoint?.get(key) : undefined;
      const end = ends.get(key) ?? 0;
      const start = from === undefined ? undefined : from + 1;
      if (start !== undefined && start >= end) continue;
      requests.push({ storeName: e.name, topic: e.changelog.topic, partition: e.changelog.partition, start, end, restore: e.restore });
    }
    if (requests.length > 0) {
      const restored = await reader.restore(requests, this.options.listener);
      for (const [key, offset] of restored) this.#offsets.set(key, offset);
      this.#checkpointDirty = true;
    }
    this.#checkpointAfterRestore();
  }

  #checkpointAfterRestore(): void {
    if (this.#hasDir && this.changelogs) this.#writeCheckpoint(this.#offsets);
  }

  /** Flushes every store (the first half of a commit), then waits for forwards a flush left running. */
  flush(): MaybePromise {
    const { forwarded, written } = this.startFlush();
    if (!isThenable(forwarded) && !isThenable(written)) return this.#awaitDeferred();
    return Promise.all([forwarded, written]).then(() => this.#awaitDeferred());
  }

  /**
   * Starts flushing every store, in registration order. A store's flush first empties its cache - forwarding
   * what it held - synchronously, and only then writes its engine (a LevelDB batch), so all caches have
   * forwarded when this returns. `forwarded` settles when forwards that went asynchronous are done (output is
   * complete then); `written` when the stores' writes are (the checkpoint may be written then).
   */
  startFlush(): { forwarded: MaybePromise; written: MaybePromise } {
    const writes: Promise<unknown>[] = [];
    for (const e of this.#entries.values()) {
      const r = e.store.flush();
      if (isThenable(r)) writes.push(r);
    }
    return { forwarded: this.#awaitDeferred(), written: writes.length === 0 ? undefined : Promise.all(writes).then(() => undefined) };
  }

  #awaitDeferred(): MaybePromise {
    if (this.#deferred.length === 0) return undefined;
    const pending = this.#deferred;
    this.#deferred = [];
    return Promise.all(pending).then(() => this.#awaitDeferred());
  }

  /**
   * Takes the acknowledged changelog offsets of this task's stores from the record collector and writes the
   * checkpoint when they moved (the second half of a commit, after the producer flushed).
   */
  checkpoint(collected: ReadonlyMap<string, number>): void {
    for (const e of this.#entries.values()) {
      if (e.changelog === undefined) continue;
      const key = tpKey(e.changelog.topic, e.changelog.partition);
      const offset = collected.get(key);
      if (offset !== undefined && offset !== this.#offsets.get(key)) {
        this.#offsets.set(key, offset);
        this.#checkpointDirty = true;
      }
    }
    if (this.#hasDir && this.#checkpointDirty) this.#writeCheckpoint(this.#offsets);
  }

  /** Writes the given offsets as the checkpoint (global stores: their source topics' positions). */
  writeCheckpoint(offsets: ReadonlyMap<string, number>, sync = false): void {
    if (this.#hasDir) this.#writeCheckpoint(offsets, sync);
  }

  #writeCheckpoint(offsets: ReadonlyMap<string, number>, sync = false): void {
    // A task records the changelog offsets of its persistent stores only: an in-memory store restores fully
    // after every restart anyway. Global stores record their source topics' positions as given.
    let out: ReadonlyMap<string, number> = offsets;
    if (this.changelogs) {
      const keep = new Set<string>();
      for (const e of this.#entries.values()) if (e.persistent && e.changelog !== undefined) keep.add(tpKey(e.changelog.topic, e.changelog.partition));
      out = new Map([...offsets].filter(([k]) => keep.has(k)));
    }
    this.#checkpoint.write(out, sync);
    this.#checkpointDirty = false;
  }

  /**
   * Closes the stores; a clean close writes the checkpoint first (the caller committed), a dirty one keeps the
   * last checkpoint, so the next owner restores what may be missing. The lock is released either way; the
   * directory stays for a later assignment of the task.
   */
  close(clean: boolean): MaybePromise {
    if (clean && this.#locked && this.changelogs) this.#writeCheckpoint(this.#offsets, true);
    const steps = [...this.#entries.values()].map((e) => () => (e.store.isOpen?.() === false ? undefined : e.store.close()));
    const unlock = () => {
      if (this.#locked) this.options.directory.unlock(this.#dir, this.options.owner);
      this.#locked = false;
    };
    try {
      const r = sequence(steps);
      if (isThenable(r)) return r.finally(unlock);
    } catch (e) {
      unlock();
      throw e;
    }
    unlock();
    return undefined;
  }
}

/** Runs steps one after the other, synchronously while they are. */
export function sequence(steps: readonly (() => unknown)[]): MaybePromise {
  let i = 0;
  return loop(() => {
    if (i >= steps.length) return false;
    const r = steps[i++]!();
    return isThenable(r) ? r.then(() => true) : true;
  });
}
