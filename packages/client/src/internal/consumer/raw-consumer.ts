import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';
import type { ConsumerGroupMetadata, ConsumerRebalanceListener } from '../../contract/assignor.js';
import { ConsumerRecords } from '../../contract/consumer-records.js';
import type { Consumer, OffsetCommitCallback } from '../../contract/consumer.js';
import { ClientError } from '../../contract/errors.js';
import type { OffsetAndMetadata, TopicPartition, TopicPartitionOffset } from '../../contract/records.js';
import { GroupMember } from '../group/member.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, listOffsets } from '../wire/list-offsets.js';
import type { MetadataCache } from '../wire/metadata.js';
import type { Wire } from '../wire/wire.js';
import type { ConsumerSettings } from './consumer-settings.js';
import { Fetcher, RETRIABLE_FETCH_ERRORS } from './fetcher.js';
import { newPartitionState, type PartitionState } from './partition-state.js';

const noop = (): void => {};

/**
 * The consumer of raw-request transports (Kafka's `KafkaConsumer` with the classic protocol): a group member
 * over the {@link Wire}, a fetcher, and the per-partition positions. Everything happens inside `poll`, as in
 * Kafka: rebalances with listener calls, offset lookups, auto-commits, fetching.
 */
export class RawConsumer implements Consumer {
  private readonly fetcher: Fetcher;
  private readonly member: GroupMember | null;
  private readonly assigned = new Map<string, PartitionState>();
  private topics: string[] = [];
  private pattern: RegExp | null = null;
  private listener: ConsumerRebalanceListener = {};
  private mode: 'none' | 'subscribed' | 'assigned' = 'none';
  private wake: (() => void) | null = null;
  private woken = false;
  private nextAutoCommit = 0;
  private nextPatternRefresh = 0;
  private closed = false;

  constructor(
    private readonly wire: Wire,
    private readonly metadata: MetadataCache,
    private readonly settings: ConsumerSettings,
    private readonly onClose: () => void = noop,
  ) {
    this.fetcher = new Fetcher(wire, settings.fetch);
    const groupId = settings.groupId;
    this.member =
      groupId === null
        ? null
        : new GroupMember(wire, {
            groupId,
            groupInstanceId: settings.groupInstanceId,
            sessionTimeoutMs: settings.sessionTimeoutMs,
            rebalanceTimeoutMs: settings.maxPollIntervalMs,
            heartbeatIntervalMs: settings.heartbeatIntervalMs,
            retryBackoffMs: settings.retryBackoffMs,
            assignors: settings.assignors,
            clusterView: (topics) => this.clusterView(topics),
            onRejoinNeeded: () => this.wakeup(),
          });
  }

  subscribe(topics: readonly string[] | RegExp, listener: ConsumerRebalanceListener = {}): void {
    this.ensureOpen();
    if (!this.member) throw new ClientError('CLIENT_CONFIG', 'subscribe needs a group.id');
    if (this.mode === 'assigned') throw new ClientError('CLIENT_STATE', 'subscribe after assign: call unsubscribe first (as Kafka requires)');
    this.mode = 'subscribed';
    this.listener = listener;
    if (topics instanceof RegExp) {
      this.pattern = topics;
      this.topics = [];
    } else {
      this.pattern = null;
      this.topics = [...new Set(topics)].sort();
    }
    this.member.requestRejoin();
  }

  unsubscribe(): void {
    this.ensureOpen();
    const wasSubscribed = this.mode === 'subscribed';
    const owned = this.assignment();
    this.mode = 'none';
    this.topics = [];
    this.pattern = null;
    this.setAssignment([]);
    if (wasSubscribed && this.member) {
      const listener = this.listener;
      void (async () => {
        if (owned.length > 0) await listener.onPartitionsRevoked?.(owned);
        await this.member!.leaveForNow();
      })().catch(noop);
    }
  }

  assign(partitions: readonly TopicPartition[]): void {
    this.ensureOpen();
    if (this.mode === 'subscribed') throw new ClientError('CLIENT_STATE', 'assign after subscribe: call unsubscribe first (as Kafka requires)');
    this.mode = partitions.length === 0 ? 'none' : 'assigned';
    this.setAssignment(partitions);
  }

  assignment(): TopicPartition[] {
    return [...this.assigned.values()].map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  subscription(): string[] {
    return [...this.topics];
  }

  async poll(timeoutMs: number): Promise<ConsumerRecords> {
    this.ensureOpen();
    if (this.mode === 'none') throw new ClientError('CLIENT_STATE', 'poll needs a subscription or an assignment');
    const deadline = Date.now() + Math.max(0, timeoutMs);
    this.woken = false;
    for (;;) {
      await this.maybeAutoCommit(false);
      if (this.mode === 'subscribed') await this.ensureStable();
      await this.resolvePositions();
      this.handleProblems();
      const batches = this.fetcher.collect(this.settings.maxPollRecords, isFetchable);
      const fetchable = [...this.assigned.values()].filter((s) => isFetchable(s));
      if (batches.length > 0) {
        // Prefetch: the next fetch runs while the application handles these records.
        this.fetcher.maybeSend(fetchable, this.settings.fetch.maxWaitMs);
        return new ConsumerRecords(batches);
      }
      const left = deadline - Date.now();
      if (left <= 0 || this.woken || this.closed) return ConsumerRecords.EMPTY;
      this.fetcher.maybeSend(fetchable, left);
      await this.waitForData(left);
    }
  }

  wakeup(): void {
    this.woken = true;
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  seek(partition: TopicPartition, offset: number): void {
    const s = this.state(partition, 'seek');
    if (!Number.isSafeInteger(offset) || offset < 0) throw new ClientError('CLIENT_STATE', `seek offset ${offset} must be a non-negative integer`);
    s.position = offset;
    s.reset = null;
    this.fetcher.clear(s.key);
  }

  seekToBeginning(partitions: readonly TopicPartition[]): void {
    for (const p of partitions.length > 0 ? partitions : this.assignment()) this.requestReset(this.state(p, 'seekToBeginning'), 'earliest');
  }

  seekToEnd(partitions: readonly TopicPartition[]): void {
    for (const p of partitions.length > 0 ? partitions : this.assignment()) this.requestReset(this.state(p, 'seekToEnd'), 'latest');
  }

  async position(partition: TopicPartition): Promise<number> {
    const s = this.state(partition, 'position');
    if (s.position === null) await this.resolvePositions();
    return s.position!;
  }

  pause(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.state(p, 'pause').paused = true;
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.state(p, 'resume').paused = false;
  }

  paused(): TopicPartition[] {
    return [...this.assigned.values()].filter((s) => s.paused).map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  async commitSync(offsets?: readonly TopicPartitionOffset[]): Promise<void> {
    this.ensureOpen();
    const member = this.requireGroup('commitSync');
    const list = offsets ?? this.consumedOffsets();
    if (list.length === 0) return;
    await member.commit(list, this.mode === 'subscribed');
  }

  commitAsync(offsets?: readonly TopicPartitionOffset[], callback?: OffsetCommitCallback): void {
    const list = offsets ?? this.consumedOffsets();
    this.commitSync(list).then(
      () => callback?.(null, list),
      (e: unknown) => callback?.(e as Error, list),
    );
  }

  async committed(partitions: readonly TopicPartition[]): Promise<Array<TopicPartition & { committed: OffsetAndMetadata | null }>> {
    const member = this.requireGroup('committed');
    const found = await member.committed(partitions);
    return partitions.map((p) => ({ topic: p.topic, partition: p.partition, committed: found.get(`${p.topic}-${p.partition}`) ?? null }));
  }

  groupMetadata(): ConsumerGroupMetadata {
    return this.member?.metadata() ?? { groupId: '', generationId: -1, memberId: '', groupInstanceId: null };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      if (this.mode !== 'none') await this.maybeAutoCommit(true).catch(noop);
      const owned = this.assignment();
      if (this.mode === 'subscribed' && owned.length > 0) await this.listener.onPartitionsRevoked?.(owned);
      await this.member?.leave();
    } finally {
      this.closed = true;
      this.wakeup();
      this.onClose();
    }
  }

  /** Rejoins the group when needed: revoke (eager), join and sync, take the new assignment. */
  private async ensureStable(): Promise<void> {
    const member = this.member!;
    if (this.pattern && (member.needsRejoin || Date.now() >= this.nextPatternRefresh)) await this.refreshPattern();
    if (!member.needsRejoin) return;
    const owned = this.assignment();
    if (owned.length > 0) {
      if (member.generationLost) await (this.listener.onPartitionsLost ?? this.listener.onPartitionsRevoked)?.call(this.listener, owned);
      else {
        await this.maybeAutoCommit(true).catch(noop);
        await this.listener.onPartitionsRevoked?.(owned);
      }
    }
    this.setAssignment([]);
    const topics = this.pattern ? await this.refreshPattern() : this.topics;
    if (this.settings.allowAutoCreateTopics && !this.pattern && topics.length > 0) await this.metadata.refresh(topics).catch(noop);
    const assignment = await member.join(topics);
    this.setAssignment(assignment.partitions);
    await this.listener.onPartitionsAssigned?.(this.assignment());
  }

  /** Updates the topics matching the subscribed pattern; a change means a rejoin. */
  private async refreshPattern(): Promise<string[]> {
    this.nextPatternRefresh = Date.now() + this.settings.metadataMaxAgeMs;
    const all = await this.metadata.refresh(null);
    const matching = all.filter((t) => !t.internal && this.pattern!.test(t.name)).map((t) => t.name).sort();
    if (matching.join('\u0000') !== this.topics.join('\u0000')) {
      this.topics = matching;
      this.member!.requestRejoin();
    }
    return matching;
  }

  /** Positions for partitions without one: the committed offset, else the reset policy (Kafka's `updateFetchPositions`). */
  private async resolvePositions(): Promise<void> {
    const missing = [...this.assigned.values()].filter((s) => s.position === null && s.reset === null);
    if (missing.length > 0) {
      const committed = this.member ? await this.member.committed(missing) : new Map<string, { offset: number } | null>();
      for (const s of missing) {
        const c = committed.get(s.key);
        if (c) s.position = c.offset;
        else if (this.settings.autoOffsetReset === 'none') {
          throw new ClientError('NO_OFFSET_FOR_PARTITION', `no committed offset for ${s.key} and auto.offset.reset is none`);
        } else s.reset = this.settings.autoOffsetReset;
      }
    }
    const resets = [...this.assigned.values()].filter((s) => s.reset !== null);
    if (resets.length === 0) return;
    const found = await listOffsets(
      this.wire,
      resets.map((s) => ({ topic: s.topic, partition: s.partition, timestamp: s.reset === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP })),
      this.settings.fetch.isolationLevel,
    );
    resets.forEach((s, i) => {
      // Still assigned and not sought elsewhere meanwhile.
      if (this.assigned.get(s.key) !== s || s.reset === null) return;
      s.position = found[i]!.offset;
      s.reset = null;
    });
  }

  /** Acts on partition errors of the last fetch: reset out-of-range positions, retry the retriable, raise the rest. */
  private handleProblems(): void {
    const problems = this.fetcher.problems.splice(0);
    for (const { state, errorCode } of problems) {
      if (errorCode === KafkaErrorCode.OFFSET_OUT_OF_RANGE) {
        if (this.settings.autoOffsetReset === 'none') throw new KafkaProtocolError(errorCode, `fetch position ${state.position} of ${state.key}`);
        this.requestReset(state, this.settings.autoOffsetReset);
      } else if (RETRIABLE_FETCH_ERRORS.has(errorCode)) {
        this.metadata.invalidate(state.topic);
      } else throw new KafkaProtocolError(errorCode, `fetch of ${state.key}`);
    }
  }

  private async waitForData(ms: number): Promise<void> {
    const pending = this.fetcher.pending;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, ms);
      pending?.then(resolve, resolve);
    });
    clearTimeout(timer);
    this.wake = null;
    // A failed fetch raises here, in poll, like Kafka's.
    if (pending) await pending;
  }

  private async maybeAutoCommit(force: boolean): Promise<void> {
    if (!this.settings.autoCommit || this.mode === 'none') return;
    const now = Date.now();
    if (!force && now < this.nextAutoCommit) return;
    this.nextAutoCommit = now + this.settings.autoCommitIntervalMs;
    const offsets = this.consumedOffsets();
    if (offsets.length === 0) return;
    if (force) await this.commitSync(offsets);
    else this.commitAsync(offsets);
  }

  private consumedOffsets(): TopicPartitionOffset[] {
    return [...this.assigned.values()]
      .filter((s) => s.position !== null)
      .map((s) => ({ topic: s.topic, partition: s.partition, offset: s.position!, leaderEpoch: s.leaderEpoch, metadata: '' }));
  }

  private setAssignment(partitions: readonly TopicPartition[]): void {
    const next = new Map<string, PartitionState>();
    for (const p of partitions) {
      const key = `${p.topic}-${p.partition}`;
      next.set(key, this.assigned.get(key) ?? newPartitionState(p));
    }
    for (const key of this.assigned.keys()) if (!next.has(key)) this.fetcher.clear(key);
    this.assigned.clear();
    for (const [k, v] of next) this.assigned.set(k, v);
  }

  private requestReset(s: PartitionState, to: 'earliest' | 'latest'): void {
    s.reset = to;
    s.position = null;
    this.fetcher.clear(s.key);
  }

  private state(p: TopicPartition, what: string): PartitionState {
    const s = this.assigned.get(`${p.topic}-${p.partition}`);
    if (!s) throw new ClientError('CLIENT_STATE', `${what}: ${p.topic}-${p.partition} is not assigned to this consumer`);
    return s;
  }

  private requireGroup(what: string): GroupMember {
    if (!this.member) throw new ClientError('CLIENT_CONFIG', `${what} needs a group.id`);
    return this.member;
  }

  private async clusterView(topics: readonly string[]): Promise<import('../../contract/assignor.js').ClusterView> {
    if (topics.length > 0) await this.metadata.refresh(topics);
    return {
      partitionCount: (t) => this.metadata.cached(t)?.partitions.length,
      refresh: async (more) => {
        await this.metadata.refresh(more);
      },
    };
  }

  private ensureOpen(): void {
    if (this.closed) throw new ClientError('CLIENT_CLOSED', 'the consumer is closed');
  }
}

function isFetchable(s: PartitionState): boolean {
  return !s.paused && s.position !== null;
}
