import type { Header, Headers } from '../../common/headers.js';
import { internals, Record } from '../../processor/record.js';
import type { StateRestoreCallback, StateStore } from '../../processor/state-store.js';
import type { TaskId } from '../../processor/task-id.js';
import type { Serde } from '../../serialization/serde.js';
import type { InternalStateStoreContext, StoreRecordContext } from '../state/store-context.js';
import type { RuntimeNode } from '../runtime/nodes.js';
import type { TaskServices } from '../runtime/task-services.js';

const NO_HEADERS: readonly Header[] = Object.freeze([]);

/** What a store context needs from its task's state manager. */
export interface StoreContextHost {
  readonly task: TaskServices;
  stateDir(): string;
  register(storeName: string, root: StateStore, restore: StateRestoreCallback): void;
  changelogFor(storeName: string): { readonly topic: string; readonly partition: number } | undefined;
  threadCache(): unknown;
  /** Keeps a forward that went asynchronous during a cache flush; the task's flush waits for it. */
  defer(pending: Promise<void>): void;
}

/**
 * The context one store of one task is initialised with (Kafka's ProcessorContextImpl as a StateStoreContext):
 * the public StateStoreContext plus the internal hooks of InternalStateStoreContext. One per store, so
 * `withRecordContext` knows which processors forward the store's flushed entries.
 */
export class StoreContextImpl implements InternalStateStoreContext {
  constructor(
    private readonly host: StoreContextHost,
    private readonly storeName: string,
    /** The processors connected to the store (a caching store forwards through them). */
    private readonly users: readonly RuntimeNode[],
  ) {}

  applicationId(): string {
    return this.host.task.config.applicationId;
  }

  taskId(): TaskId {
    return this.host.task.taskId;
  }

  appConfigs(): Readonly<{ [key: string]: unknown }> {
    return this.host.task.config.props;
  }

  keySerde(): Serde<unknown> | undefined {
    return this.host.task.config.defaultKeySerde;
  }

  valueSerde(): Serde<unknown> | undefined {
    return this.host.task.config.defaultValueSerde;
  }

  stateDir(): string {
    return this.host.stateDir();
  }

  register(store: StateStore, restore: StateRestoreCallback): void {
    this.host.register(this.storeName, store, restore);
  }

  changelogFor(storeName: string): { readonly topic: string; readonly partition: number } | undefined {
    return this.host.changelogFor(storeName);
  }

  logChange(storeName: string, key: Buffer, value: Buffer | null, timestamp: number, headers: Headers | undefined): void {
    const changelog = this.host.changelogFor(storeName);
    if (changelog === undefined) return;
    const h = headers === undefined || headers.size === 0 ? NO_HEADERS : headers.toArray();
    this.host.task.collector.send({ topic: changelog.topic, partition: changelog.partition, timestamp, key, value, headers: h, source: this.host.task.current }, storeName);
  }

  recordContext(): StoreRecordContext {
    const task = this.host.task;
    const r = task.nodeRecord;
    const current = task.current;
    if (r === undefined || r instanceof Record) {
      return {
        timestamp: r === undefined ? Math.max(0, task.streamTime()) : r.timestamp(),
        headers: r === undefined ? undefined : internals.recordHeadersForSharing(r),
        topic: current?.topic ?? null,
        partition: current?.partition ?? -1,
        offset: current?.offset ?? -1,
      };
    }
    // A replayed context (a flush forwarding a cached entry) or a punctuation's: it is complete as it is.
    return r;
  }

  withRecordContext<T>(context: StoreRecordContext, fn: () => T): T {
    const task = this.host.task;
    const savedRecord = task.nodeRecord;
    const savedCurrent = task.current;
    task.nodeRecord = context;
    task.current = context.topic === null ? undefined : { topic: context.topic, partition: context.partition, offset: context.offset };
    // Forwarding is legal only while a node is active: a flush at commit time activates the store's processors.
    const activated: RuntimeNode[] = [];
    for (const node of this.users) {
      if (!node.context.active) {
        node.context.active = true;
        activated.push(node);
      }
    }
    try {
      return fn();
    } finally {
      for (const node of activated) {
        const ctx = node.context;
        if (ctx.pending !== undefined) this.host.defer(ctx.settle(undefined));
        else ctx.active = false;
      }
      task.nodeRecord = savedRecord;
      task.current = savedCurrent;
    }
  }

  cacheMaxBytes(): number {
    return this.host.task.config.cacheMaxBytes;
  }

  threadCache(): unknown {
    return this.host.threadCache();
  }
}
