import { IllegalStateException, StreamsException } from '../../common/errors.js';
import type { ResolvedStreamsConfig } from '../../config/streams-config.js';
import { PunctuationType, type Cancellable, type Punctuator } from '../../processor/punctuation.js';
import type { Record } from '../../processor/record.js';
import type { StateStore, StoreBuilder } from '../../processor/state-store.js';
import type { TaskId } from '../../processor/task-id.js';
import { TaskStateManager, type StateOptions } from '../processor-state/task-state-manager.js';
import type { StoreRecordContext } from '../state/store-context.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { andThen, isThenable, loop, type MaybePromise } from './async.js';
import { TaskMetrics } from '../metrics/task-metrics.js';
import { MetricsRegistry } from '../metrics/metrics-registry.js';
import { NodeFailure } from './node-failure.js';
import type { RuntimeNode } from './nodes.js';
import { PartitionGroup, type TaskPartition } from './partition-group.js';
import { PunctuationQueue, type PunctuationSchedule } from './punctuation-queue.js';
import { RecordQueue, type IncomingRecord, type StampedRecord } from './record-queue.js';
import { buildTaskTopology, sourceFor, type TaskTopology } from './task-topology.js';
import type { CurrentRecord, RecordCollector, TaskServices } from './task-services.js';

export interface StreamTaskOptions {
  readonly id: TaskId;
  readonly builder: InternalTopologyBuilder;
  /** The task's nodes (a sub-topology); all nodes when undefined (the test driver's single task). */
  readonly nodeNames: ReadonlySet<string> | undefined;
  readonly config: ResolvedStreamsConfig;
  readonly collector: RecordCollector;
  /** Wall-clock time in ms (the test driver's mock clock). */
  readonly time: () => number;
  readonly warn?: (message: string) => void;
  /** Where and how the task keeps its stores; required when the task has stores. */
  readonly state?: StateOptions;
  /** The instance's global stores. */
  readonly globalStores?: (name: string) => StateStore | undefined;
  /**
   * The task's input partitions, known before any record arrives (Kafka's PartitionGroup holds them all): an
   * empty one holds the task back under `max.task.idle.ms`. Partitions of pattern sources may also appear later.
   */
  readonly partitions?: readonly TaskPartition[];
  /** Where the task registers its sensors, and the thread-id tag; a registry of its own when undefined. */
  readonly metrics?: { readonly registry: MetricsRegistry; readonly threadId: string };
}

function stackOf(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

/**
 * One task (Kafka's StreamTask): the runtime nodes of a sub-topology for one partition group, its input queues,
 * stream time, punctuation queues and stores. `process()` handles one record; every method returns undefined
 * when all work finished synchronously, and a Promise only when user code went asynchronous.
 */
export class StreamTask implements TaskServices {
  readonly taskId: TaskId;
  readonly config: ResolvedStreamsConfig;
  readonly collector: RecordCollector;
  readonly topology: TaskTopology;
  current: CurrentRecord | undefined = undefined;
  nodeRecord: Record<unknown, unknown> | StoreRecordContext | undefined = undefined;
  /** The task's stores, undefined for a stateless task. */
  readonly stateManager: TaskStateManager | undefined;
  commitNeeded = false;
  commitRequested = false;
  readonly metrics: TaskMetrics;
  readonly #group: PartitionGroup;
  readonly #streamPunctuations = new PunctuationQueue<RuntimeNode>();
  readonly #wallPunctuations = new PunctuationQueue<RuntimeNode>();
  readonly #time: () => number;
  readonly #warn: (message: string) => void;
  readonly #globalStores: ((name: string) => StateStore | undefined) | undefined;
  #state: 'created' | 'running' | 'closed' = 'created';

  constructor(options: StreamTaskOptions) {
    this.taskId = options.id;
    this.config = options.config;
    this.collector = options.collector;
    this.#time = options.time;
    this.#warn = options.warn ?? ((m) => console.warn(m));
    this.#globalStores = options.globalStores;
    const metrics = options.metrics ?? { registry: new MetricsRegistry(options.time), threadId: 'main' };
    this.metrics = new TaskMetrics(metrics.registry, metrics.threadId, this.taskId.toString());
    const enforced = this.metrics.enforcedProcessing;
    this.#group = new PartitionGroup(options.config.maxTaskIdleMs, () => enforced.record());
    this.topology = buildTaskTopology(options.builder, options.nodeNames, this);
    for (const tp of options.partitions ?? []) this.#queueFor(tp.topic, tp.partition);
    this.stateManager = this.topology.stores.size === 0 ? undefined : this.#stateManager(options);
  }

  #stateManager(options: StreamTaskOptions): TaskStateManager {
    const state = options.state;
    if (state === undefined) throw new IllegalStateException(`Task ${this.taskId.toString()} has stores but no state directory`);
    const builders = new Map<string, StoreBuilder>();
    for (const name of this.topology.stores.keys()) builders.set(name, options.builder.stateFactories.get(name)?.builder ?? options.builder.globalStateFactories.get(name)!);
    return new TaskStateManager(this, this.topology.stores, builders, this.topology.storeUsers, state, state.directory.taskDir(this.taskId));
  }

  // --- TaskServices -------------------------------------------------------------------------------------------

  streamTime(): number {
    return this.#group.streamTime;
  }

  wallClockTime(): number {
    return this.#time();
  }

  schedule(node: RuntimeNode, intervalMs: number, type: PunctuationType, punctuator: Punctuator): Cancellable {
    if (type === PunctuationType.STREAM_TIME) {
      // Aligned to 0: fires as soon as there is data, then on multiples of the interval.
      return this.#streamPunctuations.schedule(node, 0, intervalMs, punctuator);
    }
    return this.#wallPunctuations.schedule(node, this.#time() + intervalMs, intervalMs, punctuator);
  }

  requestCommit(): void {
    this.commitRequested = true;
  }

  stateStore(name: string): StateStore | undefined {
    return this.topology.stores.get(name);
  }

  globalStateStore(name: string): StateStore | undefined {
    return this.#globalStores?.(name);
  }

  // --- life cycle ----------------------------------------------------------------------------------------------

  /**
   * Initialises and restores the stores (Kafka's initializeStateStores and restoration), then the processors in
   * topology order (Kafka's initializeTopology).
   */
  init(): MaybePromise {
    return andThen(this.stateManager?.initialize(), () => this.#initProcessors());
  }

  #initProcessors(): MaybePromise {
    const steps: (() => unknown)[] = [];
    for (const node of this.topology.nodes) {
      const fail = (e: unknown) => new StreamsException(`failed to initialize processor ${node.name}`, { cause: e instanceof NodeFailure ? e.cause : e });
      steps.push(() => {
        try {
          const r = node.run(() => node.init());
          return r?.catch((e: unknown) => {
            throw fail(e);
          });
        } catch (e) {
          throw fail(e);
        }
      });
    }
    return andThen(this.#sequence(steps), () => {
      this.#state = 'running';
    });
  }

  /**
   * Closes processors in topology order, then stores (Kafka's closeTopology). `clean` (after a commit) writes
   * the checkpoint; a dirty close after a failure keeps the previous one.
   */
  close(clean = true): MaybePromise {
    if (this.#state === 'closed') return undefined;
    // A task that never finished initialising has nothing worth a checkpoint.
    const wasCreated = this.#state === 'created';
    this.#state = 'closed';
    const steps: (() => unknown)[] = [];
    if (!wasCreated) for (const node of this.topology.nodes) steps.push(() => node.close());
    const state = this.stateManager;
    if (state !== undefined) steps.push(() => state.close(clean && !wasCreated));
    steps.push(() => this.metrics.close());
    return this.#sequence(steps);
  }

  /** Flushes the stores (the first half of a commit). */
  flush(): MaybePromise {
    return this.stateManager?.flush();
  }

  /** Starts a flush (see TaskStateManager.startFlush): forwards done vs store writes done. */
  startFlush(): { forwarded: MaybePromise; written: MaybePromise } {
    return this.stateManager?.startFlush() ?? { forwarded: undefined, written: undefined };
  }

  /** Records the changelog offsets the producer acknowledged in the checkpoint (after the flush, before the offset commit). */
  checkpoint(): void {
    this.stateManager?.checkpoint(this.collector.offsets());
  }

  #sequence(steps: readonly (() => unknown)[]): MaybePromise {
    let i = 0;
    return loop(() => {
      if (i >= steps.length) return false;
      const r = steps[i++]!();
      return isThenable(r) ? r.then(() => true) : true;
    });
  }

  // --- input ---------------------------------------------------------------------------------------------------

  /** Buffers records of one partition. */
  addRecords(topic: string, partition: number, records: readonly IncomingRecord[]): void {
    this.#group.addRecords(this.#queueFor(topic, partition), records);
  }

  bufferedRecords(topic: string, partition: number): number {
    return this.#group.queue(topic, partition)?.size ?? 0;
  }

  hasRecordsQueued(): boolean {
    return this.#group.hasRecordsQueued();
  }

  /** The partition time of an input partition (the largest timestamp processed from it), -1 before the first. */
  partitionTime(topic: string, partition: number): number {
    return this.#group.queue(topic, partition)?.partitionTime ?? -1;
  }

  /**
   * Sets a partition's time as a commit recorded it (Kafka's `initializeTaskTime`), moving stream time to it,
   * so a restarted task goes on from the time it had reached.
   */
  initializePartitionTime(topic: string, partition: number, time: number): void {
    const queue = this.#queueFor(topic, partition);
    if (time > queue.partitionTime) queue.partitionTime = time;
    this.#group.advanceStreamTime(time);
  }

  /**
   * Empty input partitions whose lag must be measured before the task may process: unknown lags, and positive
   * ones measured `remeasureAfterMs` or more ago (see PartitionGroup).
   */
  partitionsAwaitingLag(remeasureAfterMs = 0): (TaskPartition & { readonly lag: number | undefined })[] {
    return this.#group.partitionsAwaitingLag(remeasureAfterMs > 0 ? this.#time() : 0, remeasureAfterMs);
  }

  /** Records a measured lag of an input partition (records on the broker not yet delivered to the task). */
  updateLag(topic: string, partition: number, lag: number): void {
    this.#group.updateLag(topic, partition, lag, this.#time());
  }

  /**
   * Whether the next buffered record may be processed now (Kafka's `isProcessable`): false when nothing is
   * buffered or `max.task.idle.ms` holds the task back for an empty partition.
   */
  isProcessable(): boolean {
    return this.#group.hasRecordsQueued() && this.#group.readyToProcess(this.#time, false);
  }

  #queueFor(topic: string, partition: number): RecordQueue {
    let queue = this.#group.queue(topic, partition);
    if (queue === undefined) {
      const source = sourceFor(this.topology, topic);
      if (source === undefined) throw new IllegalStateException(`Task ${this.taskId.toString()} has no source for topic ${topic}`);
      const dropped = this.metrics.droppedRecords;
      queue = new RecordQueue(topic, partition, source, this.taskId, this.config.deserializationHandler, this.#warn, () => dropped.record());
      this.#group.addQueue(queue);
    }
    return queue;
  }

  // --- processing ----------------------------------------------------------------------------------------------

  /**
   * Processes the next buffered record: false when there was none or the task may not process now (Kafka's
   * `isProcessable`, see `max.task.idle.ms`), true when done, a Promise of true when user code went asynchronous
   * (the caller must wait before calling again).
   */
  process(): boolean | Promise<boolean> {
    if (this.#state !== 'running') throw new IllegalStateException(`Task ${this.taskId.toString()} is not running`);
    if (!this.#group.readyToProcess(this.#time)) return false;
    const stamped = this.#group.nextRecord();
    if (stamped === undefined) return false;
    const queue = this.#group.lastQueue!;
    if (stamped.record === undefined) {
      this.#markConsumed(queue, stamped);
      return true;
    }
    this.metrics.process.record();
    // The incoming record carries topic, partition and offset: it serves as the current metadata as is.
    this.current = stamped.raw;
    let result: MaybePromise;
    try {
      result = queue.source.invoke(stamped.record);
    } catch (e) {
      this.current = undefined;
      throw this.#processError(e, stamped);
    }
    if (result === undefined) {
      this.current = undefined;
      this.#markConsumed(queue, stamped);
      return true;
    }
    return result.then(
      () => {
        this.current = undefined;
        this.#markConsumed(queue, stamped);
        return true;
      },
      (e: unknown) => {
        this.current = undefined;
        throw this.#processError(e, stamped);
      },
    );
  }

  #markConsumed(queue: RecordQueue, stamped: StampedRecord): void {
    queue.consumedOffset = stamped.raw.offset;
    this.commitNeeded = true;
  }

  /** The last processed offset of every partition that moved since the last commit. */
  consumedOffsets(): { topic: string; partition: number; offset: number }[] {
    const out: { topic: string; partition: number; offset: number }[] = [];
    for (const q of this.#group.queues()) if (q.consumedOffset > q.committedOffset) out.push({ topic: q.topic, partition: q.partition, offset: q.consumedOffset });
    return out;
  }

  /** Records a successful commit of everything processed so far. */
  markCommitted(): void {
    for (const q of this.#group.queues()) q.committedOffset = q.consumedOffset;
    this.commitNeeded = false;
    this.commitRequested = false;
  }

  #processError(e: unknown, stamped: StampedRecord): StreamsException {
    const node = e instanceof NodeFailure ? e.nodeName : stamped.raw.topic;
    const cause = e instanceof NodeFailure ? e.cause : e;
    const { topic, partition, offset } = stamped.raw;
    return new StreamsException(
      `Exception caught in process. taskId=${this.taskId.toString()}, processor=${node}, topic=${topic}, partition=${partition}, offset=${offset}, stacktrace=${stackOf(cause)}`,
      { cause },
    );
  }

  // --- punctuation ---------------------------------------------------------------------------------------------

  /** Fires the stream-time punctuations due at the current stream time. Returns whether any fired. */
  maybePunctuateStreamTime(): boolean | Promise<boolean> {
    const streamTime = this.#group.streamTime;
    if (streamTime < 0) return false;
    return this.#punctuate(this.#streamPunctuations, streamTime);
  }

  /** Fires the wall-clock punctuations due now. Returns whether any fired. */
  maybePunctuateSystemTime(): boolean | Promise<boolean> {
    return this.#punctuate(this.#wallPunctuations, this.#time());
  }

  #punctuate(queue: PunctuationQueue<RuntimeNode>, now: number): boolean | Promise<boolean> {
    let fired = false;
    const step = (): boolean | Promise<boolean> => {
      const due = queue.pollDue(now);
      if (due === undefined) return false;
      fired = true;
      this.commitNeeded = true;
      const r = this.#runPunctuator(due, now);
      if (r === undefined) {
        queue.reschedule(due, now);
        return true;
      }
      return r.then(() => {
        queue.reschedule(due, now);
        return true;
      });
    };
    const r = loop(step);
    return r === undefined ? fired : r.then(() => fired);
  }

  #runPunctuator(due: PunctuationSchedule<RuntimeNode>, now: number): MaybePromise {
    const fail = (e: unknown) =>
      new StreamsException(`task [${this.taskId.toString()}] Exception caught while punctuating processor '${due.node.name}'`, {
        cause: e instanceof NodeFailure ? e.cause : e,
      });
    this.current = undefined;
    // Kafka's punctuation record context: the punctuation time, no topic, no headers.
    this.nodeRecord = { timestamp: now, headers: undefined, topic: null, partition: -1, offset: -1 };
    try {
      const r = due.node.run(() => due.punctuator(now));
      return r === undefined ? undefined : r.catch((e: unknown) => {
        throw fail(e);
      });
    } catch (e) {
      throw fail(e);
    } finally {
      this.nodeRecord = undefined;
    }
  }
}
