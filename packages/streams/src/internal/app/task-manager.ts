import type { ConsumerRecords, Producer, TopicPartition, TopicPartitionOffset } from '@tributary/client';
import type { ResolvedStreamsConfig } from '../../config/streams-config.js';
import type { StateStore } from '../../processor/state-store.js';
import { TaskId } from '../../processor/task-id.js';
import { LockException } from '../processor-state/errors.js';
import type { StateOptions } from '../processor-state/task-state-manager.js';
import { isThenable } from '../runtime/async.js';
import type { MetricsRegistry } from '../metrics/metrics-registry.js';
import { decodePartitionTime, encodePartitionTime } from '../runtime/partition-time-metadata.js';
import { StreamTask } from '../runtime/stream-task.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { ProducerCollector } from './producer-collector.js';
import { groupOfTopic, type TopicGroup } from './topic-groups.js';

interface RunningTask {
  readonly task: StreamTask;
  readonly collector: ProducerCollector;
  readonly partitions: readonly TopicPartition[];
}

/** How many records a task processes before the thread polls, punctuates and considers a commit again. */
const RECORDS_PER_ROUND = 1000;

/**
 * Measures how many records of each partition the broker has that the consumer has not delivered yet (Kafka's
 * `Consumer.currentLag`), for `max.task.idle.ms`.
 */
export type LagReader = (partitions: readonly TopicPartition[]) => Promise<number[]>;

/** The committed offsets of partitions, with their metadata (Kafka's `Consumer.committed`). */
export type CommittedReader = (partitions: readonly TopicPartition[]) => Promise<ReadonlyArray<TopicPartition & { committed: { metadata?: string | null } | null }>>;

/**
 * The tasks of one stream thread (Kafka's TaskManager): made from the assigned partitions (task `g_p` for
 * partition p of sub-topology g's topics), fed by polls, processed in rounds, committed together.
 */
export class TaskManager {
  readonly #tasks = new Map<string, RunningTask>();
  /** Tasks whose state directory another owner still holds: retried each loop, their partitions paused. */
  readonly #locked = new Map<string, TopicPartition[]>();

  constructor(
    private readonly builder: InternalTopologyBuilder,
    private readonly groups: readonly TopicGroup[],
    private readonly config: ResolvedStreamsConfig,
    private readonly producer: Producer,
    private readonly warn: (message: string) => void,
    private readonly state: StateOptions,
    private readonly globalStores: (name: string) => StateStore | undefined,
    /** The instance's metrics registry and this thread's id, for the tasks' sensors. */
    private readonly metrics: { readonly registry: MetricsRegistry; readonly threadId: string },
  ) {}

  taskIds(): string[] {
    return [...this.#tasks.keys()];
  }

  /** The stores named `name` of the running tasks, with each task's partition (interactive queries). */
  storesNamed(name: string): { partition: number; store: StateStore }[] {
    const out: { partition: number; store: StateStore }[] = [];
    for (const { task } of this.#tasks.values()) {
      const store = task.topology.stores.get(name);
      if (store !== undefined) out.push({ partition: task.taskId.partition(), store });
    }
    return out;
  }

  #group(id: number): TopicGroup {
    return this.groups.find((g) => g.id === id)!;
  }

  /** The partitions of tasks waiting for their state directory lock. */
  lockedPartitions(): TopicPartition[] {
    return [...this.#locked.values()].flat();
  }

  /**
   * Creates, restores and initialises the tasks for an assignment (sink partition counts are looked up first).
   * A task whose directory is locked elsewhere (Kafka's LockException) waits in `lockedPartitions()`.
   */
  async createTasks(partitions: readonly TopicPartition[]): Promise<void> {
    const byTask = new Map<string, TopicPartition[]>();
    for (const tp of partitions) {
      const group = groupOfTopic(this.groups, tp.topic);
      if (group === undefined) continue;
      const id = `${group.id}_${tp.partition}`;
      byTask.set(id, [...(byTask.get(id) ?? []), tp]);
    }
    await this.#create(byTask);
  }

  /** Tries the locked tasks again; returns the partitions of those now created (to resume). */
  async retryLocked(): Promise<TopicPartition[]> {
    if (this.#locked.size === 0) return [];
    const waiting = new Map(this.#locked);
    this.#locked.clear();
    await this.#create(waiting);
    return [...waiting].filter(([id]) => this.#tasks.has(id)).flatMap(([, tps]) => tps);
  }

  async #create(byTask: ReadonlyMap<string, TopicPartition[]>): Promise<void> {
    const counts = await this.#sinkPartitionCounts([...byTask.keys()]);
    for (const [id, tps] of byTask) {
      const taskId = TaskId.parse(id);
      const group = this.#group(taskId.subtopology());
      const collector = new ProducerCollector(this.producer, counts, this.config.productionHandler, taskId);
      const task = new StreamTask({
        id: taskId, builder: this.builder, nodeNames: group.nodeNames, config: this.config, collector, time: Date.now, warn: this.warn,
        state: this.state, globalStores: this.globalStores, partitions: tps, metrics: this.metrics,
      });
      try {
        const init = task.init();
        if (isThenable(init)) await init;
      } catch (e) {
        if (!(e instanceof LockException)) {
          await Promise.resolve(task.close(false)).catch(() => undefined);
          throw e;
        }
        if (!this.#locked.has(id)) this.warn(`task [${id}] ${e.message}; will retry`);
        this.#locked.set(id, tps);
        continue;
      }
      this.#tasks.set(id, { task, collector, partitions: tps });
    }
  }

  async #sinkPartitionCounts(taskIds: readonly string[]): Promise<Map<string, number>> {
    const topics = new Set(taskIds.flatMap((id) => this.#group(TaskId.parse(id).subtopology()).sinkTopics));
    const counts = new Map<string, number>();
    for (const topic of topics) {
      try {
        counts.set(topic, (await this.producer.partitionsFor(topic)).length);
      } catch {
        // Unknown yet (auto-created on first send, or dynamic): a partitioner then falls back to the default.
      }
    }
    return counts;
  }

  /**
   * Restores each new task's partition times from the metadata of its committed offsets (Kafka's
   * `initializeTaskTime`), so stream time goes on where the last owner left it.
   */
  async initializeTaskTimes(committed: CommittedReader): Promise<void> {
    const partitions = [...this.#tasks.values()].filter((t) => t.task.streamTime() < 0).flatMap((t) => t.partitions);
    if (partitions.length === 0) return;
    for (const c of await committed(partitions)) {
      const time = decodePartitionTime(c.committed?.metadata);
      if (time < 0) continue;
      const group = groupOfTopic(this.groups, c.topic);
      this.#tasks.get(`${group?.id}_${c.partition}`)?.task.initializePartitionTime(c.topic, c.partition, time);
    }
  }

  /**
   * Measures the lags that decide whether tasks with an empty partition may process (max.task.idle.ms): those
   * unknown, and positive ones (records on their way) again once they are `poll.ms` old.
   */
  async updateLags(read: LagReader): Promise<void> {
    const wanted: { task: StreamTask; tp: TopicPartition }[] = [];
    for (const { task } of this.#tasks.values()) for (const tp of task.partitionsAwaitingLag(Math.max(1, this.config.pollMs))) wanted.push({ task, tp });
    if (wanted.length === 0) return;
    const lags = await read(wanted.map((w) => w.tp));
    wanted.forEach((w, i) => w.task.updateLag(w.tp.topic, w.tp.partition, lags[i]!));
  }

  /** Whether a task waits for the lag of an empty partition to be measured at all (then the thread polls without waiting). */
  awaitsLagMeasurement(): boolean {
    for (const { task } of this.#tasks.values()) if (task.partitionsAwaitingLag().some((tp) => tp.lag === undefined)) return true;
    return false;
  }

  /** Whether some task can process a buffered record right now. */
  hasProcessableWork(): boolean {
    for (const { task } of this.#tasks.values()) if (task.isProcessable()) return true;
    return false;
  }

  /** Hands polled records to their tasks. */
  addRecords(records: ConsumerRecords): void {
    for (const batch of records.batches) {
      const group = groupOfTopic(this.groups, batch.topic);
      const entry = group === undefined ? undefined : this.#tasks.get(`${group.id}_${batch.partition}`);
      if (entry === undefined) {
        this.warn(`No task for ${batch.topic}-${batch.partition}; ${batch.records.length} records dropped`);
        continue;
      }
      entry.task.addRecords(batch.topic, batch.partition, batch.records);
    }
  }

  /** Partitions whose buffer is full (to pause) and those with room again (to resume). */
  backpressure(): { full: TopicPartition[]; room: TopicPartition[] } {
    const full: TopicPartition[] = [];
    const room: TopicPartition[] = [];
    for (const { task, partitions } of this.#tasks.values()) {
      // Kafka pauses a partition once its queue holds more than buffered.records.per.partition (not as many).
      for (const tp of partitions) (task.bufferedRecords(tp.topic, tp.partition) > this.config.bufferedRecordsPerPartition ? full : room).push(tp);
    }
    return { full, room };
  }

  hasRecordsQueued(): boolean {
    for (const { task } of this.#tasks.values()) if (task.hasRecordsQueued()) return true;
    return false;
  }

  /** Processes up to a round of records per task; returns how many were processed. */
  async process(): Promise<number> {
    let total = 0;
    for (const { task, collector } of this.#tasks.values()) {
      for (let n = 0; n < RECORDS_PER_ROUND; n++) {
        let r = task.process();
        if (r !== true && r !== false) r = await r;
        if (!r) break;
        total++;
      }
      collector.check();
      const room = collector.capacity();
      if (room !== undefined) await room;
    }
    return total;
  }

  /** Stream-time and wall-clock punctuations of every task (Kafka's TaskManager.punctuate). */
  async punctuate(): Promise<void> {
    for (const { task, collector } of this.#tasks.values()) {
      const s = task.maybePunctuateStreamTime();
      if (isThenable(s)) await s;
      const w = task.maybePunctuateSystemTime();
      if (isThenable(w)) await w;
      collector.check();
    }
  }

  commitRequested(): boolean {
    for (const { task } of this.#tasks.values()) if (task.commitRequested) return true;
    return false;
  }

  /**
   * Flushes stores, waits until every record sent so far is acknowledged, then returns the offsets to commit
   * (the next offset to read after each processed record). The caller commits them and calls `committed()`.
   */
  async prepareCommit(): Promise<TopicPartitionOffset[]> {
    for (const { task } of this.#tasks.values()) {
      const f = task.flush();
      if (isThenable(f)) await f;
    }
    // The producer reports failures on flush too; the collectors already judged them through the handler.
    await this.producer.flush().catch(() => undefined);
    const offsets: TopicPartitionOffset[] = [];
    for (const { task, collector } of this.#tasks.values()) {
      collector.check();
      // The checkpoint records the changelog offsets the producer acknowledged, before the input offsets commit.
      task.checkpoint();
      // The partition time rides along in the commit's metadata, as Kafka's does.
      for (const o of task.consumedOffsets()) {
        offsets.push({ topic: o.topic, partition: o.partition, offset: o.offset + 1, metadata: encodePartitionTime(task.partitionTime(o.topic, o.partition)) });
      }
    }
    return offsets;
  }

  committed(): void {
    for (const { task } of this.#tasks.values()) task.markCommitted();
  }

  /**
   * Closes every task (processors, then stores) and forgets them. `clean` after a commit (checkpoints are
   * written); dirty after a failure. Task directories stay for a later assignment.
   */
  async closeAll(clean: boolean): Promise<void> {
    const tasks = [...this.#tasks.values()];
    this.#tasks.clear();
    this.#locked.clear();
    for (const { task } of tasks) {
      try {
        const r = task.close(clean);
        if (isThenable(r)) await r;
      } catch (e) {
        this.warn(`Closing task ${task.taskId.toString()} failed: ${(e as Error).message}`);
      }
    }
  }
}
