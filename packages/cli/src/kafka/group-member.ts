import {
  ApiKey,
  HeartbeatRequest,
  JoinGroupRequest,
  KafkaProtocolError,
  LeaveGroupRequest,
  OffsetCommitRequest,
  OffsetFetchRequest,
  SyncGroupRequest,
  type JoinGroupResponse,
} from '@tributary/protocol';
import { byTopic } from './admin.js';
import { findCoordinator } from './admin-groups.js';
import type { KafkaClient } from './client.js';
import type { BrokerConnection } from './connection.js';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from './consumer-protocol.js';

/** A partition of a topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Settings of a classic group member, named after Kafka's consumer configs. */
export interface MemberSettings {
  /** `group.id`. */
  readonly groupId: string;
  /** `session.timeout.ms`. */
  readonly sessionTimeoutMs: number;
  /** `max.poll.interval.ms` (sent as the rebalance timeout). */
  readonly rebalanceTimeoutMs: number;
  /** `heartbeat.interval.ms`. */
  readonly heartbeatIntervalMs: number;
}

const REBALANCE_IN_PROGRESS = 27;
const UNKNOWN_MEMBER_ID = 25;
const ILLEGAL_GENERATION = 22;
const MEMBER_ID_REQUIRED = 79;
const REJOIN_CODES = new Set([REBALANCE_IN_PROGRESS, UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION]);

/**
 * Kafka's range assignor: for each topic, its partitions are split into contiguous ranges over the members
 * subscribed to it, sorted by member id, the first members taking one extra partition each when the count
 * does not divide evenly.
 */
export function rangeAssign(
  subscriptions: ReadonlyMap<string, readonly string[]>,
  partitionCounts: ReadonlyMap<string, number>,
): Map<string, TopicPartition[]> {
  const out = new Map<string, TopicPartition[]>([...subscriptions.keys()].map((m) => [m, []]));
  const topics = new Set([...subscriptions.values()].flat());
  for (const topic of [...topics].sort()) {
    const members = [...subscriptions].filter(([, ts]) => ts.includes(topic)).map(([m]) => m).sort();
    const count = partitionCounts.get(topic) ?? 0;
    const per = Math.floor(count / members.length);
    const extra = count % members.length;
    members.forEach((m, i) => {
      const start = per * i + Math.min(i, extra);
      const length = per + (i < extra ? 1 : 0);
      for (let p = start; p < start + length; p++) out.get(m)!.push({ topic, partition: p });
    });
  }
  return out;
}

/**
 * A member of a classic consumer group (Kafka's `ConsumerCoordinator`): joins with the "consumer" protocol
 * and the range assignor, assigns partitions when it is the leader, heartbeats, rejoins on rebalance, commits
 * and fetches offsets with its generation, and leaves the group on close.
 */
export class GroupMember {
  memberId = '';
  generationId = -1;
  assignment: TopicPartition[] = [];
  private coordinator: BrokerConnection | null = null;
  private needsRejoin = true;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly client: KafkaClient,
    private readonly settings: MemberSettings,
    private readonly topics: readonly string[],
  ) {}

  /** Whether the next poll must rejoin first (a rebalance started, or the member was fenced). */
  get rejoinNeeded(): boolean {
    return this.needsRejoin;
  }

  /** Joins (or rejoins) the group and resolves with this member's partitions. */
  async join(deadline: number): Promise<TopicPartition[]> {
    this.stopHeartbeat();
    for (;;) {
      const conn = await this.coordinatorConnection(deadline);
      const joined = await this.joinGroup(conn, deadline);
      if (joined === null) continue;
      const assignments = joined.leader === this.memberId ? await this.assign(joined) : [];
      const { body } = await conn.send(ApiKey.SyncGroup, () =>
        SyncGroupRequest.create({ groupId: this.settings.groupId, generationId: this.generationId, memberId: this.memberId, protocolType: 'consumer', protocolName: 'range', assignments }),
      );
      if (REJOIN_CODES.has(body.errorCode)) {
        if (body.errorCode !== REBALANCE_IN_PROGRESS) this.memberId = '';
        continue;
      }
      if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, null);
      this.assignment = decodeAssignment(body.assignment);
      this.needsRejoin = false;
      this.startHeartbeat();
      return this.assignment;
    }
  }

  /** The committed offsets of partitions (OffsetFetch); -1 where nothing was committed. */
  async committed(partitions: readonly TopicPartition[], deadline: number): Promise<Map<string, number>> {
    const conn = await this.coordinatorConnection(deadline);
    const { body } = await conn.send(ApiKey.OffsetFetch, () =>
      OffsetFetchRequest.create({ groupId: this.settings.groupId, topics: byTopic(partitions, (p) => p.partition).map((t) => ({ name: t.name, partitionIndexes: t.partitions })) }),
    );
    if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, null);
    const out = new Map<string, number>();
    for (const t of body.topics) for (const p of t.partitions) out.set(`${t.name}-${p.partitionIndex}`, p.errorCode === 0 ? Number(p.committedOffset) : -1);
    return out;
  }

  /** Commits offsets with this member's generation; a rebalance in progress marks the member for rejoin. */
  async commit(offsets: ReadonlyArray<TopicPartition & { offset: number }>, deadline: number): Promise<void> {
    if (offsets.length === 0) return;
    const conn = await this.coordinatorConnection(deadline);
    const { body } = await conn.send(ApiKey.OffsetCommit, () =>
      OffsetCommitRequest.create({
        groupId: this.settings.groupId,
        generationIdOrMemberEpoch: this.generationId,
        memberId: this.memberId,
        topics: byTopic(offsets, (o) => ({ partitionIndex: o.partition, committedOffset: BigInt(o.offset), committedMetadata: '' })),
      }),
    );
    for (const t of body.topics) {
      for (const p of t.partitions) {
        if (REJOIN_CODES.has(p.errorCode)) this.needsRejoin = true;
        if (p.errorCode !== 0) throw new KafkaProtocolError(p.errorCode, null);
      }
    }
  }

  /** Leaves the group (LeaveGroup) and stops heartbeating; errors are ignored, as when Kafka's consumer closes. */
  async leave(): Promise<void> {
    this.stopHeartbeat();
    if (!this.coordinator?.isOpen || this.memberId === '') return;
    const memberId = this.memberId;
    this.memberId = '';
    await this.coordinator
      .send(ApiKey.LeaveGroup, (v) =>
        LeaveGroupRequest.create(v >= 3 ? { groupId: this.settings.groupId, members: [{ memberId }] } : { groupId: this.settings.groupId, memberId }),
      )
      .catch(() => undefined);
  }

  private async coordinatorConnection(deadline: number): Promise<BrokerConnection> {
    if (this.coordinator?.isOpen) return this.coordinator;
    const node = await findCoordinator(this.client, this.settings.groupId, deadline);
    this.coordinator = await this.client.node(node.id, deadline);
    return this.coordinator;
  }

  /** One JoinGroup round; null when it must be sent again (a member id was handed out, or the coordinator moved). */
  private async joinGroup(conn: BrokerConnection, deadline: number): Promise<JoinGroupResponse | null> {
    const { body } = await conn.send(
      ApiKey.JoinGroup,
      () =>
        JoinGroupRequest.create({
          groupId: this.settings.groupId,
          sessionTimeoutMs: this.settings.sessionTimeoutMs,
          rebalanceTimeoutMs: this.settings.rebalanceTimeoutMs,
          memberId: this.memberId,
          protocolType: 'consumer',
          protocols: [{ name: 'range', metadata: encodeSubscription(this.topics) }],
        }),
      { timeoutMs: Math.max(this.settings.rebalanceTimeoutMs + 5000, this.client.timeoutUntil(deadline)) },
    );
    if (body.errorCode === MEMBER_ID_REQUIRED) {
      this.memberId = body.memberId;
      return null;
    }
    if (body.errorCode === UNKNOWN_MEMBER_ID) {
      this.memberId = '';
      return null;
    }
    if (body.errorCode === 14 || body.errorCode === 15 || body.errorCode === 16) {
      this.coordinator = null;
      if (Date.now() > deadline) throw new KafkaProtocolError(body.errorCode, null);
      await new Promise((r) => setTimeout(r, this.client.settings.retryBackoffMs));
      return null;
    }
    if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, null);
    this.memberId = body.memberId;
    this.generationId = body.generationId;
    return body;
  }

  /** The leader's assignment of every member, from their subscriptions and the topics' partition counts. */
  private async assign(joined: JoinGroupResponse): Promise<Array<{ memberId: string; assignment: Buffer }>> {
    const subscriptions = new Map(joined.members.map((m) => [m.memberId, decodeSubscription(m.metadata)]));
    const md = await this.client.refresh();
    const counts = new Map([...md.topics.values()].map((t) => [t.name, t.partitions.length]));
    const plan = rangeAssign(subscriptions, counts);
    return [...plan].map(([memberId, parts]) => ({ memberId, assignment: encodeAssignment(parts) }));
  }

  private startHeartbeat(): void {
    this.heartbeat = setInterval(() => void this.beat(), this.settings.heartbeatIntervalMs);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private async beat(): Promise<void> {
    const conn = this.coordinator;
    if (!conn?.isOpen) return;
    try {
      const { body } = await conn.send(ApiKey.Heartbeat, () =>
        HeartbeatRequest.create({ groupId: this.settings.groupId, generationId: this.generationId, memberId: this.memberId }),
      );
      if (REJOIN_CODES.has(body.errorCode)) {
        this.needsRejoin = true;
        if (body.errorCode !== REBALANCE_IN_PROGRESS) this.memberId = '';
        this.stopHeartbeat();
      }
    } catch {
      // A missed heartbeat is not fatal; the next one (or the session timeout) decides.
    }
  }
}
