import { randomUUID } from 'node:crypto';
import type { Admin as KjsAdmin, Consumer as KjsConsumer, EachBatchPayload, Kafka } from 'kafkajs';
import type { ConsumerGroupMetadata, ConsumerRebalanceListener } from '../../contract/assignor.js';
import { ConsumerRecords } from '../../contract/consumer-records.js';
import type { Consumer, OffsetCommitCallback } from '../../contract/consumer.js';
import { ClientError } from '../../contract/errors.js';
import type { ConsumerRecord, OffsetAndMetadata, TopicPartition, TopicPartitionOffset } from '../../contract/records.js';
import type { ConsumerSettings } from '../consumer/consumer-settings.js';
import { toKafkajsAssigner } from './assigner.js';
import { deliverAssignment } from './assignment-user-data.js';
import { mapped } from './errors.js';
import { RecordBuffer } from './record-buffer.js';
import { fromKafkajsHeaders, groupByTopic, manualAssignor } from './consumer-helpers.js';

const noop = (): void => {};
const keyOf = (p: TopicPartition): string => `${p.topic}-${p.partition}`;

/** kafkajs message headers back to the contract's list (arrays were repeated keys). */
/**
 * The contract's consumer over a kafkajs consumer. kafkajs pushes batches (`run({eachBatch})`); they go into a
 * bounded {@link RecordBuffer} that `poll` drains, and the batch callback waits while the buffer is full.
 * Rebalances seen by kafkajs (GROUP_JOIN) are applied at the next poll with eager listener calls; kafkajs has
 * no hook before it rejoins, so `onPartitionsRevoked` runs after the new generation began (a commit there may
 * be refused); assignment user data, which kafkajs does not pass on, is read back with DescribeGroups. `assign()` is emulated with a private group
 * of one member; its commits go to `group.id` through the admin API.
 */
export class KafkajsConsumer implements Consumer {
  private readonly buffer: RecordBuffer;
  private kjs: KjsConsumer | null = null;
  private starting: Promise<void> | null = null;
  private mode: 'none' | 'subscribed' | 'assigned' = 'none';
  private topics: string[] = [];
  private pattern: RegExp | null = null;
  private manual: TopicPartition[] = [];
  private listener: ConsumerRebalanceListener = {};
  private owned: TopicPartition[] = [];
  private pendingAssignment: TopicPartition[] | null = null;
  private generation = 0;
  private memberId = '';
  private readonly positions = new Map<string, number>();
  private readonly pausedKeys = new Set<string>();
  private readonly seekEpochs = new Map<string, number>();
  private crash: Error | null = null;
  private privateGroups: string[] = [];
  /** Seeks made before kafkajs started (right after assign): applied once it runs. */
  private readonly pendingSeeks = new Map<string, { topic: string; partition: number; offset: string }>();
  /** Partitions moved by seekToBeginning/seekToEnd and not read since (their position is the log's start/end). */
  private readonly resetTargets = new Map<string, 'earliest' | 'latest'>();
  private woken = false;
  private nextAutoCommit = 0;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: KjsAdmin,
    private readonly settings: ConsumerSettings,
    private readonly onClose: () => void = noop,
  ) {
    if (settings.groupInstanceId !== null) throw new ClientError('CLIENT_CONFIG', 'group.instance.id: kafkajs has no static membership');
    if (settings.autoOffsetReset === 'none') throw new ClientError('CLIENT_CONFIG', "auto.offset.reset=none: kafkajs has no such policy");
    this.buffer = new RecordBuffer(Math.max(10000, settings.maxPollRecords * 4));
  }

  subscribe(topics: readonly string[] | RegExp, listener: ConsumerRebalanceListener = {}): void {
    this.ensureOpen();
    if (this.settings.groupId === null) throw new ClientError('CLIENT_CONFIG', 'subscribe needs a group.id');
    if (this.mode === 'assigned') throw new ClientError('CLIENT_STATE', 'subscribe after assign: call unsubscribe first (as Kafka requires)');
    this.mode = 'subscribed';
    this.listener = listener;
    this.pattern = topics instanceof RegExp ? topics : null;
    this.topics = topics instanceof RegExp ? [] : [...new Set(topics)].sort();
    this.restart();
  }

  unsubscribe(): void {
    this.ensureOpen();
    const owned = this.owned;
    const listener = this.listener;
    this.mode = 'none';
    this.topics = [];
    this.pattern = null;
    this.manual = [];
    this.owned = [];
    this.restart();
    if (owned.length > 0) void Promise.resolve(listener.onPartitionsRevoked?.(owned)).catch(noop);
  }

  assign(partitions: readonly TopicPartition[]): void {
    this.ensureOpen();
    if (this.mode === 'subscribed') throw new ClientError('CLIENT_STATE', 'assign after subscribe: call unsubscribe first (as Kafka requires)');
    this.mode = partitions.length === 0 ? 'none' : 'assigned';
    this.manual = [...partitions];
    this.topics = [...new Set(partitions.map((p) => p.topic))].sort();
    this.owned = [...partitions];
    this.restart();
  }

  assignment(): TopicPartition[] {
    return [...this.owned];
  }

  subscription(): string[] {
    return [...this.topics];
  }

  async poll(timeoutMs: number): Promise<ConsumerRecords> {
    this.ensureOpen();
    if (this.mode === 'none') throw new ClientError('CLIENT_STATE', 'poll needs a subscription or an assignment');
    const deadline = Date.now() + Math.max(0, timeoutMs);
    this.woken = false;
    await this.start();
    for (;;) {
      if (this.crash) throw this.crash;
      await this.applyRebalance();
      this.maybeAutoCommit();
      const batches = this.buffer.take(this.settings.maxPollRecords, (k) => !this.pausedKeys.has(k));
      if (batches.length > 0) {
        for (const b of batches) this.positions.set(`${b.topic}-${b.partition}`, b.records[b.records.length - 1]!.offset + 1);
        return new ConsumerRecords(batches);
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.woken || this.closed) return ConsumerRecords.EMPTY;
      await this.buffer.waitForData(left);
    }
  }

  wakeup(): void {
    this.woken = true;
    this.buffer.wakeAll();
  }

  seek(partition: TopicPartition, offset: number): void {
    this.requireOwned(partition, 'seek');
    this.moveTo(partition, String(offset));
    this.positions.set(keyOf(partition), offset);
  }

  seekToBeginning(partitions: readonly TopicPartition[]): void {
    for (const p of partitions.length > 0 ? partitions : this.owned) {
      this.moveTo(this.requireOwned(p, 'seekToBeginning'), '-2');
      this.resetTargets.set(keyOf(p), 'earliest');
    }
  }

  seekToEnd(partitions: readonly TopicPartition[]): void {
    for (const p of partitions.length > 0 ? partitions : this.owned) {
      this.moveTo(this.requireOwned(p, 'seekToEnd'), '-1');
      this.resetTargets.set(keyOf(p), 'latest');
    }
  }

  async position(partition: TopicPartition): Promise<number> {
    this.requireOwned(partition, 'position');
    const known = this.positions.get(keyOf(partition));
    if (known !== undefined) return known;
    // seekToBeginning/seekToEnd are lazy, as in Kafka: position() resolves them against the log's offsets now.
    const reset = this.resetTargets.get(keyOf(partition));
    if (reset !== undefined) {
      const offsets = await mapped(() => this.admin.fetchTopicOffsets(partition.topic));
      const p = offsets.find((x) => x.partition === partition.partition);
      return Number((reset === 'earliest' ? p?.low : p?.high) ?? 0);
    }
    if (this.settings.groupId !== null) {
      const [c] = await this.committed([partition]);
      if (c?.committed) return c.committed.offset;
    }
    const offsets = await mapped(() => this.admin.fetchTopicOffsets(partition.topic));
    const p = offsets.find((x) => x.partition === partition.partition);
    return Number((this.settings.autoOffsetReset === 'earliest' ? p?.low : p?.high) ?? 0);
  }

  pause(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.pausedKeys.add(keyOf(this.requireOwned(p, 'pause')));
    this.kjs?.pause(groupByTopic(partitions));
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.pausedKeys.delete(keyOf(this.requireOwned(p, 'resume')));
    this.kjs?.resume(groupByTopic(partitions));
    this.buffer.wakeAll();
  }

  paused(): TopicPartition[] {
    return this.owned.filter((p) => this.pausedKeys.has(keyOf(p)));
  }

  async commitSync(offsets?: readonly TopicPartitionOffset[]): Promise<void> {
    this.ensureOpen();
    const groupId = this.settings.groupId;
    if (groupId === null) throw new ClientError('CLIENT_CONFIG', 'commitSync needs a group.id');
    const list = offsets ?? this.consumedOffsets();
    if (list.length === 0) return;
    if (this.mode === 'assigned' || !this.kjs) {
      // The real group has no kafkajs member in assign mode: write its offsets through the admin API.
      for (const t of groupByTopic(list)) {
        const partitions = t.partitions.map((partition) => ({ partition, offset: String(list.find((o) => o.topic === t.topic && o.partition === partition)!.offset) }));
        await mapped(() => this.admin.setOffsets({ groupId, topic: t.topic, partitions }));
      }
      return;
    }
    const kjs = this.kjs;
    await mapped(() => kjs.commitOffsets(list.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset), metadata: o.metadata ?? null }))));
  }

  commitAsync(offsets?: readonly TopicPartitionOffset[], callback?: OffsetCommitCallback): void {
    const list = offsets ?? this.consumedOffsets();
    this.commitSync(list).then(
      () => callback?.(null, list),
      (e: unknown) => callback?.(e as Error, list),
    );
  }

  async committed(partitions: readonly TopicPartition[]): Promise<Array<TopicPartition & { committed: OffsetAndMetadata | null }>> {
    const groupId = this.settings.groupId;
    if (groupId === null) throw new ClientError('CLIENT_CONFIG', 'committed needs a group.id');
    const topics = [...new Set(partitions.map((p) => p.topic))];
    const res = await mapped(() => this.admin.fetchOffsets({ groupId, topics }));
    return partitions.map((p) => {
      const found = res.find((t) => t.topic === p.topic)?.partitions.find((x) => x.partition === p.partition);
      const offset = found ? Number(found.offset) : -1;
      return { topic: p.topic, partition: p.partition, committed: offset < 0 ? null : { offset, metadata: found?.metadata ?? null } };
    });
  }

  groupMetadata(): ConsumerGroupMetadata {
    return { groupId: this.settings.groupId ?? '', generationId: -1, memberId: this.memberId, groupInstanceId: null };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.settings.autoCommit && this.mode !== 'none') await this.commitSync().catch(noop);
      if (this.mode === 'subscribed' && this.owned.length > 0) await this.listener.onPartitionsRevoked?.(this.owned);
    } finally {
      this.closed = true;
      this.buffer.wakeAll();
      await this.stopKafkajs();
      if (this.privateGroups.length > 0) await this.admin.deleteGroups(this.privateGroups).catch(noop);
      await this.admin.disconnect().catch(noop);
      this.onClose();
    }
  }

  /** A changed subscription or assignment: stop the kafkajs consumer; the next poll starts a fresh one. */
  private restart(): void {
    this.generation++;
    this.pendingSeeks.clear();
    this.buffer.clearAll();
    this.positions.clear();
    this.resetTargets.clear();
    this.pausedKeys.clear();
    const previous = this.starting;
    const kjs = this.kjs;
    this.kjs = null;
    this.starting = null;
    if (kjs) this.starting = (previous ?? Promise.resolve()).then(() => kjs.disconnect()).catch(noop).then(() => (this.starting = null, undefined));
  }

  private async start(): Promise<void> {
    if (this.starting) await this.starting;
    if (this.kjs) return;
    const s = this.settings;
    const manual = this.mode === 'assigned';
    const groupId = manual ? `${s.groupId ?? 'tributary'}-assign-${randomUUID()}` : s.groupId!;
    if (manual) this.privateGroups.push(groupId);
    const assignors = manual ? [manualAssignor(() => this.manual)] : s.assignors;
    const kjs = this.kafka.consumer({
      groupId,
      sessionTimeout: s.sessionTimeoutMs,
      rebalanceTimeout: s.maxPollIntervalMs,
      heartbeatInterval: s.heartbeatIntervalMs,
      maxBytesPerPartition: s.fetch.partitionMaxBytes,
      minBytes: s.fetch.minBytes,
      maxBytes: s.fetch.maxBytes,
      maxWaitTimeInMs: s.fetch.maxWaitMs,
      readUncommitted: s.fetch.isolationLevel === 0,
      allowAutoTopicCreation: s.allowAutoCreateTopics,
      metadataMaxAge: s.metadataMaxAgeMs,
      partitionAssigners: assignors.map(toKafkajsAssigner),
    });
    this.kjs = kjs;
    const generation = this.generation;
    kjs.on(kjs.events.GROUP_JOIN, (e) => {
      if (this.generation !== generation) return;
      this.memberId = e.payload.memberId;
      this.pendingAssignment = Object.entries(e.payload.memberAssignment).flatMap(([topic, ps]) => ps.map((partition) => ({ topic, partition })));
      this.buffer.clearAll();
      this.buffer.wakeAll();
    });
    kjs.on(kjs.events.CRASH, (e) => {
      if (this.generation === generation) this.crash = e.payload.error;
      this.buffer.wakeAll();
    });
    const run = async (): Promise<void> => {
      await kjs.connect();
      await kjs.subscribe({ topics: this.pattern ? [this.pattern] : this.topics, fromBeginning: s.autoOffsetReset === 'earliest' });
      await kjs.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (p) => this.onBatch(p, generation) });
      if (manual && s.groupId !== null) await this.seekToCommitted(s.groupId);
      for (const seek of this.pendingSeeks.values()) kjs.seek(seek);
      this.pendingSeeks.clear();
    };
    this.starting = mapped(run).finally(() => (this.starting = null));
    await this.starting;
  }

  /** Assign mode starts from the real group's committed offsets, as Kafka's assign() does. */
  private async seekToCommitted(groupId: string): Promise<void> {
    const found = await mapped(() => this.admin.fetchOffsets({ groupId, topics: [...this.topics] }));
    for (const t of found) {
      for (const p of t.partitions) {
        const offset = Number(p.offset);
        if (offset >= 0 && this.manual.some((m) => m.topic === t.topic && m.partition === p.partition)) this.kjs?.seek({ topic: t.topic, partition: p.partition, offset: String(offset) });
      }
    }
  }

  private async onBatch(payload: EachBatchPayload, generation: number): Promise<void> {
    const { batch } = payload;
    const key = `${batch.topic}-${batch.partition}`;
    const epoch = this.seekEpochs.get(key) ?? 0;
    const live = (): boolean => this.generation === generation && (this.seekEpochs.get(key) ?? 0) === epoch && payload.isRunning() && !payload.isStale() && !this.closed;
    while (this.buffer.isFull && live()) {
      await this.buffer.waitForSpace(this.settings.heartbeatIntervalMs);
      await payload.heartbeat().catch(noop);
    }
    if (!live() || batch.messages.length === 0) return;
    const { topic, partition } = batch;
    const records: ConsumerRecord[] = batch.messages.map((m) => ({
      topic,
      partition,
      offset: Number(m.offset),
      timestamp: Number(m.timestamp),
      timestampType: 'CreateTime',
      key: m.key ?? null,
      value: m.value ?? null,
      headers: fromKafkajsHeaders(m.headers),
      leaderEpoch: -1,
    }));
    this.buffer.push(topic, partition, records);
    payload.resolveOffset(batch.lastOffset());
  }

  /** Applies a rebalance kafkajs finished: eager revoke of everything owned, then the new assignment. */
  private async applyRebalance(): Promise<void> {
    const next = this.pendingAssignment;
    if (next === null) return;
    this.pendingAssignment = null;
    if (this.mode === 'assigned') return;
    const owned = this.owned;
    if (owned.length > 0) await this.listener.onPartitionsRevoked?.(owned);
    this.positions.clear();
    this.resetTargets.clear();
    if (this.pausedKeys.size > 0) {
      this.kjs?.resume(groupByTopic(owned.filter((p) => this.pausedKeys.has(keyOf(p)))));
      this.pausedKeys.clear();
    }
    this.owned = next;
    const groupId = this.settings.groupId;
    if (groupId !== null) await deliverAssignment(this.admin, this.settings.assignors, groupId, this.memberId, next, this.groupMetadata());
    await this.listener.onPartitionsAssigned?.(next);
  }

  private maybeAutoCommit(): void {
    if (!this.settings.autoCommit || Date.now() < this.nextAutoCommit) return;
    this.nextAutoCommit = Date.now() + this.settings.autoCommitIntervalMs;
    if (this.positions.size > 0) this.commitAsync();
  }

  private moveTo(p: TopicPartition, offset: string): void {
    const key = keyOf(p);
    this.resetTargets.delete(key);
    this.seekEpochs.set(key, (this.seekEpochs.get(key) ?? 0) + 1);
    this.buffer.clear(key);
    this.positions.delete(key);
    if (this.kjs && !this.starting) this.kjs.seek({ topic: p.topic, partition: p.partition, offset });
    else this.pendingSeeks.set(key, { topic: p.topic, partition: p.partition, offset });
  }

  private consumedOffsets(): TopicPartitionOffset[] {
    return [...this.positions].flatMap(([key, offset]) => {
      const p = this.owned.find((o) => keyOf(o) === key);
      return p ? [{ topic: p.topic, partition: p.partition, offset }] : [];
    });
  }

  private requireOwned(p: TopicPartition, what: string): TopicPartition {
    if (!this.owned.some((o) => o.topic === p.topic && o.partition === p.partition)) {
      throw new ClientError('CLIENT_STATE', `${what}: ${p.topic}-${p.partition} is not assigned to this consumer`);
    }
    return p;
  }

  private async stopKafkajs(): Promise<void> {
    const kjs = this.kjs;
    this.kjs = null;
    if (this.starting) await this.starting.catch(noop);
    await kjs?.disconnect().catch(noop);
  }

  private ensureOpen(): void {
    if (this.closed) throw new ClientError('CLIENT_CLOSED', 'the consumer is closed');
  }
}
