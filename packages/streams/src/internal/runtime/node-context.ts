import { IllegalArgumentException, IllegalStateException, StreamsException } from '../../common/errors.js';
import type { ProcessorContext } from '../../processor/processor-context.js';
import type { RecordMetadata } from '../../processor/metadata.js';
import type { Cancellable, PunctuationType, Punctuator } from '../../processor/punctuation.js';
import { internals, type FixedKeyRecord, type Record } from '../../processor/record.js';
import type { StateStore } from '../../processor/state-store.js';
import type { TaskId } from '../../processor/task-id.js';
import type { Serde } from '../../serialization/serde.js';
import { isThenable, type MaybePromise } from './async.js';
import { NodeFailure } from './node-failure.js';
import type { RuntimeNode } from './nodes.js';
import type { TaskServices } from './task-services.js';

type AnyRecord = Record<unknown, unknown>;

/**
 * The ProcessorContext of one node in one task. Each node has its own, so a context stays valid across an
 * `await` inside an async processor.
 *
 * Ordering: `forward` hands the record to the children one after the other, depth first. If a child (or
 * anything below it) returns a Promise, the remaining children - and any later `forward` of this same
 * invocation - are chained behind it (`pending`), so the output order is the one a fully synchronous run
 * produces. The invocation itself is complete when its own result and `pending` have settled.
 */
export class NodeContext implements ProcessorContext<unknown, unknown> {
  /** The tail of forwards still running for the current invocation of this node. */
  pending: Promise<unknown> | undefined = undefined;
  /** True while this node processes a record or punctuates; forward is only legal then. */
  active = false;

  constructor(
    readonly node: RuntimeNode,
    readonly task: TaskServices,
    readonly storeNames: readonly string[],
  ) {}

  forward(record: AnyRecord, childName?: string): MaybePromise {
    if (!this.active) {
      throw new IllegalStateException(`Processor ${this.node.name} called forward outside of process() or a punctuation`);
    }
    const pending = this.pending;
    if (pending !== undefined) {
      const tail = pending.then(() => this.#dispatch(record, childName));
      this.pending = tail;
      return tail as Promise<void>;
    }
    const r = this.#dispatch(record, childName);
    if (r !== undefined) this.pending = r;
    return r;
  }

  #dispatch(record: AnyRecord, childName: string | undefined): MaybePromise {
    if (childName !== undefined) {
      const child = this.node.childByName.get(childName);
      if (child === undefined) {
        throw new StreamsException(`Unknown downstream node: ${childName} either does not exist or is not connected to this processor.`);
      }
      return child.invoke(record);
    }
    return this.#dispatchFrom(record, 0);
  }

  #dispatchFrom(record: AnyRecord, from: number): MaybePromise {
    const children = this.node.children;
    for (let i = from; i < children.length; i++) {
      const r = children[i]!.invoke(record);
      if (r !== undefined) return i + 1 < children.length ? r.then(() => this.#dispatchFrom(record, i + 1)) : r;
    }
    return undefined;
  }

  /** Completes an invocation that went asynchronous: its own result, then every chained forward. */
  async settle(result: unknown): Promise<void> {
    try {
      if (isThenable(result)) await result;
      while (this.pending !== undefined) {
        const p = this.pending;
        await p;
        if (this.pending === p) this.pending = undefined;
      }
    } catch (e) {
      throw NodeFailure.attribute(e, this.node.name);
    } finally {
      this.pending = undefined;
      this.active = false;
    }
  }

  applicationId(): string {
    return this.task.config.applicationId;
  }

  taskId(): TaskId {
    return this.task.taskId;
  }

  recordMetadata(): RecordMetadata | undefined {
    const c = this.task.current;
    if (c === undefined) return undefined;
    return { topic: () => c.topic, partition: () => c.partition, offset: () => c.offset };
  }

  appConfigs(): Readonly<{ [key: string]: unknown }> {
    return this.task.config.props;
  }

  keySerde(): Serde<unknown> | undefined {
    return this.task.config.defaultKeySerde;
  }

  valueSerde(): Serde<unknown> | undefined {
    return this.task.config.defaultValueSerde;
  }

  schedule(intervalMs: number, type: PunctuationType, callback: Punctuator): Cancellable {
    if (!(intervalMs >= 1)) throw new IllegalArgumentException('The minimum supported scheduling interval is 1 millisecond.');
    return this.task.schedule(this.node, Math.floor(intervalMs), type, callback);
  }

  commit(): void {
    this.task.requestCommit();
  }

  currentSystemTimeMs(): number {
    return this.task.wallClockTime();
  }

  currentStreamTimeMs(): number {
    return this.task.streamTime();
  }

  getStateStore<S extends StateStore>(name: string): S {
    // Global stores are reachable from every processor without being connected, as in Kafka.
    const store = this.storeNames.includes(name) ? this.task.stateStore(name) : this.task.globalStateStore(name);
    if (store === undefined) {
      throw new StreamsException(
        `Processor ${this.node.name} has no access to StateStore ${name} as the store is not connected to the processor. ` +
          'If you add stores manually via \'.addStateStore()\' make sure to connect the added store to the processor by providing ' +
          'the processor name to \'.addStateStore()\' or connect them via \'.connectProcessorAndStateStores()\'.',
      );
    }
    return store as S;
  }
}

/** The context of a fixed-key processor: it forwards FixedKeyRecords, which children receive as Records. */
export class FixedKeyNodeContext extends NodeContext {
  override forward(record: AnyRecord | FixedKeyRecord<unknown, unknown>, childName?: string): MaybePromise {
    return super.forward(internals.fixedKeyToRecord(record as FixedKeyRecord<unknown, unknown>), childName);
  }
}
