import {
  ConsumerProtocolSubscription,
  JoinGroupRequest,
  KafkaProtocolError,
  SyncGroupRequest,
  HeartbeatRequest,
  LeaveGroupRequest,
  OffsetCommitRequest,
  OffsetFetchRequest,
  Writer,
  type JoinGroupResponse,
  type SyncGroupResponse,
} from '@tributary/protocol';
import { ManualClock } from '../../src/group/clock.js';
import type { CoordinatorLog, CoordinatorRecord, StoredCoordinatorRecord } from '../../src/group/coordinator-log.js';
import { GroupCoordinator, type GroupCoordinatorOptions } from '../../src/group/coordinator.js';
import type { GroupCoordinatorConfig } from '../../src/group/options.js';

/** An in-memory `__consumer_offsets`: records per partition with offsets; appends can be made to fail. */
export class MemoryLog implements CoordinatorLog {
  readonly partitions = new Map<number, StoredCoordinatorRecord[]>();
  /** When set, the next appends reject with this Kafka error code (and store nothing). */
  failWith: number | null = null;
  appends = 0;

  async append(partition: number, records: ReadonlyArray<CoordinatorRecord>): Promise<void> {
    await Promise.resolve();
    if (this.failWith !== null) throw new KafkaProtocolError(this.failWith);
    this.appends++;
    let list = this.partitions.get(partition);
    if (!list) this.partitions.set(partition, (list = []));
    for (const r of records) list.push({ offset: list.length, key: r.key, value: r.value, timestamp: r.timestamp });
  }

  async *readAll(partition: number): AsyncIterable<StoredCoordinatorRecord> {
    for (const r of this.partitions.get(partition) ?? []) yield r;
  }

  records(partition: number): StoredCoordinatorRecord[] {
    return this.partitions.get(partition) ?? [];
  }

  allRecords(): StoredCoordinatorRecord[] {
    return [...this.partitions.keys()].sort((a, b) => a - b).flatMap((p) => this.records(p));
  }
}

export const CTX = { clientId: 'client', clientHost: '/127.0.0.1' };

/** A consumer-protocol subscription (version 0) to `topics`, as JoinGroup metadata. */
export function subscription(topics: string[], version = 0): Buffer {
  const w = new Writer(64);
  w.writeInt16(version);
  ConsumerProtocolSubscription.write(w, version, ConsumerProtocolSubscription.create({ topics }));
  return w.toBuffer();
}

export interface Harness {
  readonly clock: ManualClock;
  readonly log: MemoryLog;
  readonly coordinator: GroupCoordinator;
  readonly errors: unknown[];
  /** Lets queued coordinator work (and the promises it resolves) finish. */
  settle(): Promise<void>;
  /** Moves time forward, letting work started by each timer finish before the next fires. */
  tick(ms: number): Promise<void>;
}

export const TEST_CONFIG: Partial<GroupCoordinatorConfig> = {
  'group.initial.rebalance.delay.ms': 100,
  'group.min.session.timeout.ms': 1000,
  'offsets.topic.num.partitions': 4,
};

export async function harness(config: Partial<GroupCoordinatorConfig> = {}, extra: Partial<GroupCoordinatorOptions> = {}, log = new MemoryLog(), clock = new ManualClock(1_000_000)): Promise<Harness> {
  const errors: unknown[] = [];
  const coordinator = new GroupCoordinator({ log, clock, config: { ...TEST_CONFIG, ...config }, onError: (e) => errors.push(e), ...extra });
  await coordinator.startup();
  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) {
      await coordinator.idle();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { clock, log, coordinator, errors, settle, tick: (ms) => clock.advance(ms, settle) };
}

/** Tracks whether a promise has settled, without awaiting it. */
export function track<T>(p: Promise<T>): Tracked<T> {
  const state = { done: false, value: undefined as T | undefined, promise: p };
  void p.then((v) => {
    state.done = true;
    state.value = v;
  });
  return state;
}

export interface JoinOptions {
  groupId?: string;
  memberId?: string;
  instanceId?: string | null;
  topics?: string[];
  protocols?: Array<{ name: string; metadata: Buffer }>;
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  protocolType?: string;
  version?: number;
  clientId?: string;
}

export function joinRequest(o: JoinOptions = {}): JoinGroupRequest {
  return JoinGroupRequest.create({
    groupId: o.groupId ?? 'g',
    memberId: o.memberId ?? '',
    groupInstanceId: o.instanceId ?? null,
    sessionTimeoutMs: o.sessionTimeoutMs ?? 10_000,
    rebalanceTimeoutMs: o.rebalanceTimeoutMs ?? 30_000,
    protocolType: o.protocolType ?? 'consumer',
    protocols: o.protocols ?? [{ name: 'range', metadata: subscription(o.topics ?? ['t']) }],
  });
}

export function join(h: Harness, o: JoinOptions = {}): Promise<JoinGroupResponse> {
  return h.coordinator.joinGroup(joinRequest(o), o.version ?? 5, { ...CTX, clientId: o.clientId ?? CTX.clientId });
}

export interface Tracked<T> {
  readonly done: boolean;
  readonly value: T | undefined;
  readonly promise: Promise<T>;
}

/**
 * JoinGroup v4+ as a real client does it: get a member id (MEMBER_ID_REQUIRED), then join with it. Resolves
 * once the second JoinGroup is queued, with a tracker of its (possibly much later) answer.
 */
export async function joinWithId(h: Harness, o: JoinOptions = {}): Promise<Tracked<JoinGroupResponse>> {
  if ((o.instanceId ?? null) !== null || o.memberId) return track(join(h, o));
  const first = await join(h, o);
  if (first.errorCode !== 79) throw new Error(`expected MEMBER_ID_REQUIRED, got ${first.errorCode}`);
  const second = track(join(h, { ...o, memberId: first.memberId }));
  await h.settle();
  return second;
}

export function sync(h: Harness, o: { groupId?: string; generationId: number; memberId: string; instanceId?: string | null; assignments?: Array<{ memberId: string; assignment: Buffer }>; version?: number; protocolType?: string | null; protocolName?: string | null }): Promise<SyncGroupResponse> {
  const version = o.version ?? 3;
  return h.coordinator.syncGroup(
    SyncGroupRequest.create({
      groupId: o.groupId ?? 'g',
      generationId: o.generationId,
      memberId: o.memberId,
      groupInstanceId: o.instanceId ?? null,
      protocolType: o.protocolType ?? (version >= 5 ? 'consumer' : null),
      protocolName: o.protocolName ?? (version >= 5 ? 'range' : null),
      assignments: o.assignments ?? [],
    }),
    version,
  );
}

export async function heartbeat(h: Harness, o: { groupId?: string; generationId: number; memberId: string; instanceId?: string | null }): Promise<number> {
  const r = await h.coordinator.heartbeat(HeartbeatRequest.create({ groupId: o.groupId ?? 'g', generationId: o.generationId, memberId: o.memberId, groupInstanceId: o.instanceId ?? null }), 3);
  return r.errorCode;
}

export async function leave(h: Harness, members: Array<{ memberId: string; groupInstanceId?: string | null }>, groupId = 'g', version = 3) {
  const req = version < 3 ? LeaveGroupRequest.create({ groupId, memberId: members[0]!.memberId }) : LeaveGroupRequest.create({ groupId, members: members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId ?? null })) });
  return h.coordinator.leaveGroup(req, version);
}

export function commit(h: Harness, o: { groupId?: string; generationId?: number; memberId?: string; instanceId?: string | null; offsets: Array<{ topic: string; partition: number; offset: bigint; metadata?: string | null; leaderEpoch?: number }>; version?: number; retentionTimeMs?: bigint }) {
  const byTopic = new Map<string, typeof o.offsets>();
  for (const x of o.offsets) byTopic.set(x.topic, [...(byTopic.get(x.topic) ?? []), x]);
  return h.coordinator.offsetCommit(
    OffsetCommitRequest.create({
      groupId: o.groupId ?? 'g',
      generationIdOrMemberEpoch: o.generationId ?? -1,
      memberId: o.memberId ?? '',
      groupInstanceId: o.instanceId ?? null,
      retentionTimeMs: o.retentionTimeMs ?? -1n,
      topics: [...byTopic].map(([name, ps]) => ({
        name,
        partitions: ps.map((p) => ({ partitionIndex: p.partition, committedOffset: p.offset, committedMetadata: p.metadata === undefined ? '' : p.metadata, committedLeaderEpoch: p.leaderEpoch ?? -1 })),
      })),
    }),
    o.version ?? 8,
  );
}

export function fetch(h: Harness, topics: Array<{ name: string; partitionIndexes: number[] }> | null, groupId = 'g', version = 6) {
  return h.coordinator.offsetFetch(OffsetFetchRequest.create({ groupId, topics }), version);
}

/** The error codes of an OffsetCommit response, flattened in order. */
export function commitErrors(r: { topics: Array<{ partitions: Array<{ errorCode: number }> }> }): number[] {
  return r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
}

/**
 * Brings `n` dynamic members into a new stable group: all join (v5, with the member-id round trip) within the
 * initial rebalance delay, the leader
 * syncs an assignment naming each member, followers sync. Returns member ids (leader first) and the generation.
 */
export async function stableGroup(h: Harness, n: number, o: JoinOptions = {}): Promise<{ members: string[]; leader: string; generationId: number }> {
  const pending: Array<Promise<JoinGroupResponse>> = [];
  for (let i = 0; i < n; i++) pending.push((await joinWithId(h, { ...o, clientId: `c${i}` })).promise);
  // All joined within the initial rebalance delay of the empty group; as more than one arrived, the delay
  // is extended once (Kafka's InitialDelayedJoin), so let two delays pass.
  await h.tick(2 * h.coordinator.config.initialRebalanceDelayMs);
  const joins = await Promise.all(pending);
  const leader = joins.find((j) => j.leader === j.memberId)!;
  const generationId = leader.generationId;
  const assignments = joins.map((j) => ({ memberId: j.memberId, assignment: Buffer.from(`a:${j.memberId}`) }));
  const syncs = joins.map((j) => sync(h, { groupId: o.groupId ?? 'g', generationId, memberId: j.memberId, assignments: j.memberId === leader.memberId ? assignments : [] }));
  await Promise.all(syncs);
  return { members: [leader.memberId, ...joins.filter((j) => j !== leader).map((j) => j.memberId)], leader: leader.memberId, generationId };
}
