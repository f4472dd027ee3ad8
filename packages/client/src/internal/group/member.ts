import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';
import type { Assignment, ClusterView, ConsumerGroupMetadata, ConsumerPartitionAssignor } from '../../contract/assignor.js';
import { ClientError } from '../../contract/errors.js';
import type { TopicPartition } from '../../contract/records.js';
import type { Wire } from '../wire/wire.js';
import { CONSUMER_PROTOCOL_TYPE, decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from './consumer-protocol.js';

/** Settings of a {@link GroupMember} (the consumer's group settings with Kafka's defaults applied). */
export interface GroupMemberOptions {
  readonly groupId: string;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly retryBackoffMs: number;
  readonly assignors: readonly ConsumerPartitionAssignor[];
  /** Partition counts of the given topics, for the leader's assignor. */
  readonly clusterView: (topics: readonly string[]) => Promise<ClusterView>;
  /** Called when the member learns it must rejoin (so a waiting poll can wake up). */
  readonly onRejoinNeeded: () => void;
}

/** Errors after which the member simply tries again (after a backoff). */
const RETRY_JOIN = new Set<number>([
  KafkaErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  KafkaErrorCode.COORDINATOR_NOT_AVAILABLE,
  KafkaErrorCode.NOT_COORDINATOR,
  KafkaErrorCode.REBALANCE_IN_PROGRESS,
  KafkaErrorCode.ILLEGAL_GENERATION,
]);

/** Heartbeat and commit errors that mean this member's generation is over. */
const FENCED = new Set<number>([KafkaErrorCode.ILLEGAL_GENERATION, KafkaErrorCode.UNKNOWN_MEMBER_ID, KafkaErrorCode.FENCED_INSTANCE_ID]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * One member of a classic consumer group (Kafka's `ConsumerCoordinator`/`AbstractCoordinator`), written over
 * the abstract request {@link Wire}: JoinGroup (with the MEMBER_ID_REQUIRED round trip), SyncGroup (running
 * the chosen assignor when leader), heartbeats in the background, LeaveGroup. Eager rebalancing only.
 */
export class GroupMember {
  private memberId = '';
  private generationId = -1;
  private protocolName: string | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private rejoin = true;
  /** Set when the generation was lost (fenced) rather than ended by a rebalance. */
  private lostGeneration = false;
  private closed = false;

  constructor(
    private readonly wire: Wire,
    private readonly options: GroupMemberOptions,
  ) {}

  /** Whether the member must (re)join before its assignment can be trusted. */
  get needsRejoin(): boolean {
    return this.rejoin;
  }

  /** Whether the last generation was lost (fenced, session expired) rather than rebalanced. */
  get generationLost(): boolean {
    return this.lostGeneration;
  }

  /** The membership as it stands (Kafka's `ConsumerGroupMetadata`). */
  metadata(): ConsumerGroupMetadata {
    return { groupId: this.options.groupId, generationId: this.generationId, memberId: this.memberId, groupInstanceId: this.options.groupInstanceId };
  }

  /** Marks the member for a rejoin at the next poll (a subscription change). */
  requestRejoin(): void {
    this.rejoin = true;
    this.options.onRejoinNeeded();
  }

  /**
   * Joins (or rejoins) the group for `topics` and returns this member's assignment once SyncGroup answers.
   * Retries coordinator and rebalance errors; raises other Kafka errors.
   */
  async join(topics: readonly string[]): Promise<Assignment> {
    this.stopHeartbeat();
    this.lostGeneration = false;
    for (;;) {
      if (this.closed) throw new ClientError('CLIENT_CLOSED', 'the consumer is closed');
      this.rejoin = false;
      const joined = await this.joinOnce(topics);
      if (joined === 'retry') continue;
      const assignment = await this.syncOnce(joined);
      if (assignment === 'retry' || this.rejoin) continue;
      this.startHeartbeat();
      const assignor = this.options.assignors.find((a) => a.name === this.protocolName);
      assignor?.onAssignment?.(assignment, this.metadata());
      return assignment;
    }
  }

  private async joinOnce(topics: readonly string[]): Promise<'retry' | { leader: boolean; members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }> }> {
    const o = this.options;
    const topicSet = new Set(topics);
    const res = await this.wire.call(11, {
      groupId: o.groupId,
      sessionTimeoutMs: o.sessionTimeoutMs,
      rebalanceTimeoutMs: o.rebalanceTimeoutMs,
      memberId: this.memberId,
      groupInstanceId: o.groupInstanceId,
      protocolType: CONSUMER_PROTOCOL_TYPE,
      protocols: o.assignors.map((a) => ({
        name: a.name,
        metadata: encodeSubscription({ topics: [...topics], userData: a.subscriptionUserData?.(topicSet) ?? null, ownedPartitions: [], generationId: this.generationId, rackId: null }),
      })),
      reason: null,
    });
    const code = res.errorCode;
    if (code === KafkaErrorCode.MEMBER_ID_REQUIRED) {
      // KIP-394: the coordinator hands out the member id first; join again with it at once.
      this.memberId = res.memberId;
      return 'retry';
    }
    if (code === KafkaErrorCode.UNKNOWN_MEMBER_ID) {
      this.memberId = '';
      return 'retry';
    }
    if (RETRY_JOIN.has(code)) {
      await sleep(o.retryBackoffMs);
      return 'retry';
    }
    if (code !== 0) throw new KafkaProtocolError(code, `JoinGroup of ${o.groupId}`);
    this.memberId = res.memberId;
    this.generationId = res.generationId;
    this.protocolName = res.protocolName;
    return { leader: res.leader === res.memberId && !res.skipAssignment, members: res.members };
  }

  private async syncOnce(joined: { leader: boolean; members: Array<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }> }): Promise<'retry' | Assignment> {
    const o = this.options;
    const assignments = joined.leader ? await this.assignAsLeader(joined.members) : [];
    const res = await this.wire.call(14, {
      groupId: o.groupId,
      generationId: this.generationId,
      memberId: this.memberId,
      groupInstanceId: o.groupInstanceId,
      protocolType: CONSUMER_PROTOCOL_TYPE,
      protocolName: this.protocolName,
      assignments,
    });
    const code = res.errorCode;
    if (code === KafkaErrorCode.UNKNOWN_MEMBER_ID) this.memberId = '';
    if (code === KafkaErrorCode.UNKNOWN_MEMBER_ID || RETRY_JOIN.has(code)) {
      if (code !== KafkaErrorCode.REBALANCE_IN_PROGRESS) await sleep(o.retryBackoffMs);
      return 'retry';
    }
    if (code !== 0) throw new KafkaProtocolError(code, `SyncGroup of ${o.groupId}`);
    return decodeAssignment(res.assignment);
  }

  private async assignAsLeader(members: ReadonlyArray<{ memberId: string; groupInstanceId: string | null; metadata: Buffer }>): Promise<Array<{ memberId: string; assignment: Buffer }>> {
    const assignor = this.options.assignors.find((a) => a.name === this.protocolName);
    if (!assignor) throw new ClientError('CLIENT_STATE', `the group chose assignor ${this.protocolName}, which this member does not have`);
    const subs = new Map(members.map((m) => [m.memberId, decodeSubscription(m.metadata, m.groupInstanceId)]));
    const topics = [...new Set([...subs.values()].flatMap((s) => s.topics))];
    const cluster = await this.options.clusterView(topics);
    const result = await assignor.assign(cluster, subs);
    return [...subs.keys()].map((memberId) => ({
      memberId,
      assignment: encodeAssignment(result.get(memberId) ?? { partitions: [], userData: null }),
    }));
  }

  /** Commits offsets in this generation; raises the first partition error (after noting a fenced generation). */
  async commit(offsets: ReadonlyArray<TopicPartition & { offset: number; metadata?: string | null; leaderEpoch?: number }>, inGroup: boolean): Promise<void> {
    const byTopic = new Map<string, typeof offsets[number][]>();
    for (const o of offsets) byTopic.set(o.topic, [...(byTopic.get(o.topic) ?? []), o]);
    const res = await this.wire.call(8, {
      groupId: this.options.groupId,
      generationIdOrMemberEpoch: inGroup ? this.generationId : -1,
      memberId: inGroup ? this.memberId : '',
      groupInstanceId: inGroup ? this.options.groupInstanceId : null,
      retentionTimeMs: -1n,
      topics: [...byTopic].map(([name, ps]) => ({
        name,
        partitions: ps.map((p) => ({ partitionIndex: p.partition, committedOffset: BigInt(p.offset), committedLeaderEpoch: p.leaderEpoch ?? -1, commitTimestamp: -1n, committedMetadata: p.metadata ?? '' })),
      })),
    });
    for (const t of res.topics) {
      for (const p of t.partitions) {
        if (p.errorCode === 0) continue;
        if (inGroup && (FENCED.has(p.errorCode) || p.errorCode === KafkaErrorCode.REBALANCE_IN_PROGRESS)) this.markRejoin(FENCED.has(p.errorCode));
        throw new KafkaProtocolError(p.errorCode, `commit of ${t.name}-${p.partitionIndex} for group ${this.options.groupId}`);
      }
    }
  }

  /** The group's committed offsets (OffsetFetch), `null` where none. */
  async committed(partitions: readonly TopicPartition[]): Promise<Map<string, { offset: number; metadata: string | null; leaderEpoch: number } | null>> {
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const res = await this.wire.call(9, {
      groupId: this.options.groupId,
      topics: [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
      requireStable: false,
    });
    if (res.errorCode !== 0) throw new KafkaProtocolError(res.errorCode, `offsets of group ${this.options.groupId}`);
    const out = new Map<string, { offset: number; metadata: string | null; leaderEpoch: number } | null>();
    for (const t of res.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== 0) throw new KafkaProtocolError(p.errorCode, `offset of ${t.name}-${p.partitionIndex}`);
        const offset = Number(p.committedOffset);
        out.set(`${t.name}-${p.partitionIndex}`, offset < 0 ? null : { offset, metadata: p.metadata, leaderEpoch: p.committedLeaderEpoch });
      }
    }
    return out;
  }

  /** Leaves the group (LeaveGroup) unless static; stops heartbeats. Errors are ignored: the session ends anyway. */
  async leave(): Promise<void> {
    this.stopHeartbeat();
    this.closed = true;
    if (this.memberId === '' || this.options.groupInstanceId !== null) return;
    const memberId = this.memberId;
    this.memberId = '';
    this.generationId = -1;
    await this.wire
      .call(13, { groupId: this.options.groupId, memberId, members: [{ memberId, groupInstanceId: null, reason: 'the consumer is being closed' }] })
      .catch(() => undefined);
  }

  /** Leaves the group and forgets the membership, to join afresh later (unsubscribe). */
  async leaveForNow(): Promise<void> {
    await this.leave();
    this.closed = false;
    this.rejoin = true;
  }

  private markRejoin(lost: boolean): void {
    if (lost) {
      this.lostGeneration = true;
      this.stopHeartbeat();
    }
    if (!this.rejoin) {
      this.rejoin = true;
      this.options.onRejoinNeeded();
    }
  }

  private startHeartbeat(): void {
    this.stopHeartbeat();
    const beat = (): void => {
      this.heartbeatTimer = setTimeout(() => {
        this.heartbeatTimer = null;
        this.heartbeat().then(
          (again) => {
            if (again && !this.closed) beat();
          },
          () => {
            if (!this.closed) beat();
          },
        );
      }, this.options.heartbeatIntervalMs);
      this.heartbeatTimer.unref();
    };
    beat();
  }

  /** One heartbeat; returns whether to keep beating. */
  private async heartbeat(): Promise<boolean> {
    const o = this.options;
    const res = await this.wire.call(12, { groupId: o.groupId, generationId: this.generationId, memberId: this.memberId, groupInstanceId: o.groupInstanceId });
    const code = res.errorCode;
    if (code === 0) return true;
    if (code === KafkaErrorCode.REBALANCE_IN_PROGRESS) {
      // Keep beating until this member rejoins: the coordinator still counts heartbeats during a rebalance.
      this.markRejoin(false);
      return true;
    }
    if (code === KafkaErrorCode.UNKNOWN_MEMBER_ID) this.memberId = '';
    if (FENCED.has(code)) {
      this.markRejoin(true);
      return false;
    }
    return true;
  }

  private stopHeartbeat(): void {
    if (this.heartbeatTimer) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }
}
