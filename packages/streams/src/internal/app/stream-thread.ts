import type { Admin, Consumer, Producer, TopicPartition, Transport } from '@tributary/client';
import { KafkaProtocolError } from '@tributary/protocol';
import { StreamsException } from '../../common/errors.js';
import type { ResolvedStreamsConfig } from '../../config/streams-config.js';
import type { StateRestoreListener, StateStore } from '../../processor/state-store.js';
import { ConsumerChangelogReader } from '../processor-state/consumer-changelog-reader.js';
import type { StateDirectory } from '../processor-state/state-directory.js';
import { ThreadCache } from '../state/cache/thread-cache.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { fullMatch } from '../topology/node-factories.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import { adminConfig, mainConsumerConfig, producerConfig, restoreConsumerConfig } from './client-configs.js';
import { AssignorError, StreamsPartitionAssignor, type AssignorContext } from './streams-assignor.js';
import { TaskManager } from './task-manager.js';
import { groupOfTopic, subscription, type TopicGroup } from './topic-groups.js';

/** Kafka's StreamThread.State. */
export type ThreadState = 'CREATED' | 'STARTING' | 'PARTITIONS_REVOKED' | 'PARTITIONS_ASSIGNED' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'DEAD';

export interface StreamThreadOptions {
  readonly name: string;
  readonly processId: string;
  readonly builder: InternalTopologyBuilder;
  readonly groups: readonly TopicGroup[];
  readonly config: ResolvedStreamsConfig;
  readonly transport: Transport;
  readonly assignorContext: AssignorContext;
  /** Run before the first subscription (creates the repartition topics). */
  readonly beforeSubscribe: () => Promise<void>;
  readonly onStateChange: (thread: StreamThread) => void;
  /** The thread died of this error (after cleaning up). */
  readonly onError: (thread: StreamThread, error: Error) => void;
  /** Another instance asked the whole application to shut down. */
  readonly onShutdownRequested: (thread: StreamThread) => void;
  readonly warn: (message: string) => void;
  readonly stateDirectory: StateDirectory;
  /** This thread's share of `statestore.cache.max.bytes`. */
  readonly cacheMaxBytes: number;
  readonly restoreListener: () => StateRestoreListener | undefined;
  readonly globalStores: (name: string) => StateStore | undefined;
  /** The instance's metrics, where this thread's tasks register their sensors. */
  readonly metrics: MetricsRegistry;
}

/** Group errors a commit meets when the group moved on: the records are processed again, as Kafka's TaskMigrated. */
const MIGRATED = new Set(['ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'UNKNOWN_MEMBER_ID', 'FENCED_INSTANCE_ID']);

/**
 * One stream thread (Kafka's StreamThread): a group member with its own consumer and producer, running the
 * tasks it is assigned - poll, process a round, punctuate, commit when due - in an async loop. Commits wait for
 * every record sent so far to be acknowledged, then commit the consumed offsets (at-least-once).
 */
export class StreamThread {
  state: ThreadState = 'CREATED';
  readonly consumerClientId: string;
  readonly producerClientId: string;
  readonly #o: StreamThreadOptions;
  readonly #assignor: StreamsPartitionAssignor;
  #consumer: Consumer | undefined;
  #producer: Producer | undefined;
  #tasks: TaskManager | undefined;
  #stopping = false;
  #listenerError: Error | undefined;
  #lastCommit = Date.now();
  #paused = new Set<string>();
  #done: Promise<void> | undefined;
  /** Reads end offsets for lags (max.task.idle.ms); made when first needed. */
  #lagAdmin: Admin | undefined;
  /** After a failed lag measurement, when to try again. */
  #lagRetryAt = 0;

  constructor(options: StreamThreadOptions) {
    this.#o = options;
    this.consumerClientId = `${options.name}-consumer`;
    this.producerClientId = `${options.name}-producer`;
    this.#assignor = new StreamsPartitionAssignor(options.processId, options.assignorContext, () => this.activeTasks());
  }

  get name(): string {
    return this.#o.name;
  }

  activeTasks(): string[] {
    return this.#tasks?.taskIds() ?? [];
  }

  /** This thread's stores named `name`, by task partition (interactive queries). */
  storesNamed(name: string): { partition: number; store: StateStore }[] {
    return this.#tasks?.storesNamed(name) ?? [];
  }

  start(): void {
    this.#setState('STARTING');
    this.#done = this.#run();
  }

  /** Stops the loop, commits, closes tasks and clients; resolves when the thread is dead. */
  async shutdown(): Promise<void> {
    this.#stopping = true;
    if (this.state !== 'DEAD' && this.state !== 'CREATED') this.#setState('PENDING_SHUTDOWN');
    this.#consumer?.wakeup();
    await this.#done;
  }

  /** Asks every instance to shut down: a rejoin carrying the request in this member's subscription. */
  requestApplicationShutdown(): void {
    this.#assignor.shutdownRequested = true;
    this.#consumer?.subscribe(subscription(this.#o.groups), this.#listener());
  }

  async #run(): Promise<void> {
    const { transport, config, props } = { ...this.#o, props: this.#o.config.props };
    const consumer = transport.consumer(mainConsumerConfig(props, config.applicationId, this.consumerClientId, { 'partition.assignment.strategy': [this.#assignor] }));
    const producer = transport.producer(producerConfig(props, this.producerClientId));
    this.#consumer = consumer;
    this.#producer = producer;
    const reader = new ConsumerChangelogReader(() => transport.consumer(restoreConsumerConfig(props, `${this.name}-restore-consumer`)));
    let cache: ThreadCache | undefined;
    const restoreListener = this.#o.restoreListener;
    this.#tasks = new TaskManager(this.#o.builder, this.#o.groups, config, producer, this.#o.warn, {
      directory: this.#o.stateDirectory,
      owner: this.name,
      threadCache: () => (cache ??= new ThreadCache(this.#o.cacheMaxBytes)),
      reader,
      get listener() {
        return restoreListener();
      },
      warn: this.#o.warn,
    }, this.#o.globalStores, { registry: this.#o.metrics, threadId: this.name });
    let failure: Error | undefined;
    try {
      await this.#o.beforeSubscribe();
      consumer.subscribe(subscription(this.#o.groups), this.#listener());
      while (!this.#stopping) await this.#runOnce(consumer);
      await this.#commit(consumer);
    } catch (e) {
      failure = e instanceof Error ? e : new Error(String(e));
    }
    await this.#tasks.closeAll(failure === undefined);
    await reader.close().catch((e: unknown) => this.#o.warn(`${this.name}: closing the restore consumer failed: ${(e as Error).message}`));
    await this.#lagAdmin?.close().catch((e: unknown) => this.#o.warn(`${this.name}: closing the lag admin failed: ${(e as Error).message}`));
    await producer.close().catch((e: unknown) => this.#o.warn(`${this.name}: closing the producer failed: ${(e as Error).message}`));
    await consumer.close().catch((e: unknown) => this.#o.warn(`${this.name}: closing the consumer failed: ${(e as Error).message}`));
    this.#setState('DEAD');
    if (failure !== undefined && !this.#stopping) this.#o.onError(this, failure);
  }

  async #runOnce(consumer: Consumer): Promise<void> {
    const tasks = this.#tasks!;
    const records = await consumer.poll(this.#pollTimeout(tasks));
    if (this.#listenerError !== undefined) throw this.#listenerError;
    if (this.#stopping) return;
    if (this.#assignor.lastError === AssignorError.SHUTDOWN_REQUESTED) {
      this.#stopping = true;
      this.#o.onShutdownRequested(this);
      return;
    }
    if (this.#assignor.lastError === AssignorError.INCOMPLETE_SOURCE_TOPIC_METADATA) {
      throw new StreamsException('One or more source topics were missing during rebalance', { code: 'MISSING_SOURCE_TOPIC' });
    }
    tasks.addRecords(records);
    const unlocked = await tasks.retryLocked();
    if (unlocked.length > 0) consumer.resume(unlocked);
    this.#backpressure(consumer);
    await this.#updateLags(consumer, tasks);
    await tasks.process();
    await tasks.punctuate();
    if (Date.now() - this.#lastCommit >= this.#o.config.commitIntervalMs || tasks.commitRequested()) await this.#commit(consumer);
  }

  /**
   * Polls without waiting when a task can process or needs a lag measured; otherwise (nothing buffered, or tasks
   * idling for an empty partition under max.task.idle.ms) waits up to poll.ms for records.
   */
  #pollTimeout(tasks: TaskManager): number {
    if (!tasks.hasRecordsQueued()) return this.#o.config.pollMs;
    if (tasks.hasProcessableWork()) return 0;
    if (Date.now() >= this.#lagRetryAt && tasks.awaitsLagMeasurement()) return 0;
    return this.#o.config.pollMs;
  }

  /**
   * Measures the lags of empty partitions that hold tasks back (max.task.idle.ms): the broker's high watermark
   * (ListOffsets latest, read_uncommitted as at-least-once reads) minus the consumer's position - Kafka's
   * `currentLag`, which its consumer learns from fetch responses, measured here through the client contract.
   */
  async #updateLags(consumer: Consumer, tasks: TaskManager): Promise<void> {
    if (this.#o.config.maxTaskIdleMs < 0 || Date.now() < this.#lagRetryAt) return;
    try {
      await tasks.updateLags(async (partitions) => {
        const positions = await Promise.all(partitions.map((tp) => consumer.position(tp)));
        const admin = (this.#lagAdmin ??= this.#o.transport.admin(adminConfig(this.#o.config.props, `${this.name}-lag-admin`)));
        const ends = await admin.listOffsets(partitions.map((tp) => ({ ...tp, spec: 'latest' as const })));
        return ends.map((end, i) => end.offset - positions[i]!);
      });
    } catch (e) {
      // Tasks keep waiting (their lag stays unknown); measure again after a poll interval.
      this.#lagRetryAt = Date.now() + this.#o.config.pollMs;
      this.#o.warn(`${this.name}: measuring partition lags for max.task.idle.ms failed: ${(e as Error).message}`);
    }
  }

  /** Pauses partitions whose task buffer is full, resumes them once it has room (Kafka's buffered.records.per.partition). */
  #backpressure(consumer: Consumer): void {
    const { full, room } = this.#tasks!.backpressure();
    const key = (tp: TopicPartition) => `${tp.topic}-${tp.partition}`;
    const toPause = full.filter((tp) => !this.#paused.has(key(tp)));
    const toResume = room.filter((tp) => this.#paused.has(key(tp)));
    if (toPause.length > 0) consumer.pause(toPause);
    if (toResume.length > 0) consumer.resume(toResume);
    for (const tp of toPause) this.#paused.add(key(tp));
    for (const tp of toResume) this.#paused.delete(key(tp));
  }

  async #commit(consumer: Consumer): Promise<void> {
    const tasks = this.#tasks!;
    const offsets = await tasks.prepareCommit();
    this.#lastCommit = Date.now();
    this.#o.metrics.sample();
    if (offsets.length === 0) return;
    try {
      await consumer.commitSync(offsets);
    } catch (e) {
      if (!(e instanceof KafkaProtocolError && MIGRATED.has(e.errorName))) throw e;
      this.#o.warn(`${this.name}: commit failed because the group rebalanced (${e.errorName}); uncommitted records will be processed again`);
    }
    tasks.committed();
  }

  #listener() {
    return {
      onPartitionsRevoked: async () => {
        this.#setState('PARTITIONS_REVOKED');
        let clean = true;
        try {
          if (this.#consumer !== undefined) await this.#commit(this.#consumer);
        } catch (e) {
          clean = false;
          this.#o.warn(`${this.name}: commit before revocation failed: ${(e as Error).message}`);
        }
        // The task directories stay: a later assignment of the same tasks restores only the changelog tail.
        await this.#tasks?.closeAll(clean);
        this.#paused.clear();
      },
      onPartitionsAssigned: async (partitions: readonly TopicPartition[]) => {
        this.#setState('PARTITIONS_ASSIGNED');
        try {
          await this.#tasks!.createTasks(partitions);
          await this.#tasks!.initializeTaskTimes((tps) => this.#consumer!.committed(tps));
          // Tasks whose directory is still locked elsewhere wait; their records must not be fetched meanwhile.
          const locked = this.#tasks!.lockedPartitions();
          if (locked.length > 0) this.#consumer?.pause(locked);
          await this.#applyOffsetResets(partitions);
          this.#setState('RUNNING');
        } catch (e) {
          this.#listenerError = e instanceof Error ? e : new Error(String(e));
        }
      },
    };
  }

  /** A source's own offset reset policy, for partitions without a committed offset (Kafka's per-source reset). */
  async #applyOffsetResets(partitions: readonly TopicPartition[]): Promise<void> {
    const consumer = this.#consumer!;
    const withPolicy = partitions.filter((tp) => this.#resetPolicy(tp.topic) !== undefined);
    if (withPolicy.length === 0) return;
    for (const c of await consumer.committed(withPolicy)) {
      if (c.committed !== null) continue;
      const policy = this.#resetPolicy(c.topic);
      if (policy === 'earliest') consumer.seekToBeginning([c]);
      else if (policy === 'latest') consumer.seekToEnd([c]);
    }
  }

  #resetPolicy(topic: string): string | undefined {
    const group = groupOfTopic(this.#o.groups, topic);
    if (group === undefined) return undefined;
    for (const name of group.nodeNames) {
      const def = this.#o.builder.nodeFactories.get(name);
      if (def?.kind !== 'source' || def.offsetReset === undefined) continue;
      const appId = this.#o.config.applicationId;
      const mine = def.topics?.some((t) => this.#o.builder.decorateTopic(t, appId) === topic) ?? false;
      if (mine || (def.pattern !== undefined && fullMatch(def.pattern, topic))) return def.offsetReset.policy;
    }
    return undefined;
  }

  #setState(state: ThreadState): void {
    if (this.state === state || this.state === 'DEAD') return;
    this.state = state;
    this.#o.onStateChange(this);
  }
}
