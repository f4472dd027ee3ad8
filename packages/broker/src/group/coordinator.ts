import type {
  DeleteGroupsRequest,
  DeleteGroupsResponse,
  DescribeGroupsRequest,
  DescribeGroupsResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupRequest,
  LeaveGroupResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetDeleteRequest,
  OffsetDeleteResponse,
  OffsetFetchRequest,
  OffsetFetchResponse,
  SyncGroupRequest,
  SyncGroupResponse,
} from '@tributary/protocol';
import { joinParamsFrom, joinResponseOf, leaveResponseOf, leavingMembersOf, syncParamsFrom, syncResponseOf } from './adapters.js';
import { deleteGroup, DEAD_GROUP_SUMMARY, matchesListFilters, overviewOf, summaryOf, type GroupSummary } from './admin.js';
import { describedGroupOf, emptyGroupSummary } from './admin-adapters.js';
import { ClassicGroup } from './classic-group.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import type { CoordinatorLog } from './coordinator-log.js';
import { E } from './errors.js';
import { GroupState } from './group-state.js';
import { joinGroup } from './join.js';
import { KeyedLock } from './keyed-lock.js';
import { groupsFromReplay, replayPartition } from './loader.js';
import { heartbeat, leaveGroup, type LeaveOutcome } from './membership.js';
import { expireGroup, onGroupLoaded, onGroupUnloaded } from './lifecycle.js';
import { commitOffsets, deleteOffsets, fetchOffsets, type PendingOffsetsProbe } from './offsets.js';
import { buildCommitRequest, commitResponseOf, deleteOffsetsResponseOf, fetchResponseOf, partitionsOf, type GroupFetch } from './offset-adapters.js';
import { resolveGroupConfig, type GroupCoordinatorConfig, type ResolvedGroupConfig } from './options.js';
import { partitionForGroup } from './partitioner.js';
import { Rebalancer } from './rebalance.js';
import type { GroupRuntime } from './runtime.js';
import { snapshotOf, type GroupSnapshot } from './snapshot.js';
import { syncGroup } from './sync.js';
import { joinError, syncError, type JoinResult, type RequestContext, type SyncResult } from './types.js';
import type { GroupCoordinatorOptions } from './options.js';

export type { GroupCoordinatorOptions };

/** Which request is asking, for the group-id and status checks (Kafka's `validateGroupStatus`). */
type GroupApi = 'join' | 'sync' | 'heartbeat' | 'leave' | 'commit' | 'fetch' | 'offsetDelete' | 'describe' | 'delete';

/** APIs that accept the empty group id (Kafka allows it for offsets and for describing and deleting). */
const EMPTY_ID_ALLOWED: ReadonlySet<GroupApi> = new Set(['commit', 'fetch', 'describe', 'delete']);

/**
 * Kafka's group coordinator for the classic consumer group protocol: membership and rebalances (JoinGroup,
 * SyncGroup, Heartbeat, LeaveGroup), committed offsets (OffsetCommit, OffsetFetch, OffsetDelete) and group
 * administration (ListGroups, DescribeGroups, DeleteGroups), persisted in `__consumer_offsets` in Kafka's own
 * record formats and rebuilt from them on start. Each API method takes the decoded request and its version
 * and resolves to the response body; operations on one group are serialized, so concurrent joins and
 * leaves cannot interleave halfway.
 *
 * Mirrors Kafka's `GroupCoordinator` with its `GroupMetadataManager`.
 *
 * @example
 * ```ts
 * const coordinator = new GroupCoordinator({ log, config: { 'offsets.topic.num.partitions': 50 } });
 * await coordinator.startup();
 * const response = await coordinator.joinGroup(request, 5, { clientId: 'c1', clientHost: '/127.0.0.1' });
 * ```
 */
export class GroupCoordinator {
  readonly config: ResolvedGroupConfig;
  private readonly clock: Clock;
  private readonly groups = new Map<string, ClassicGroup>();
  private readonly owned = new Set<number>();
  private readonly loading = new Set<number>();
  private readonly lock = new KeyedLock();
  private readonly rt: GroupRuntime;
  private readonly rb: Rebalancer;
  private active = false;
  private retentionTimer: TimerHandle | null = null;

  constructor(private readonly options: GroupCoordinatorOptions) {
    this.config = resolveGroupConfig(options.config);
    this.clock = options.clock ?? systemClock;
    this.rt = {
      config: this.config,
      clock: this.clock,
      group: (id) => this.groups.get(id),
      createGroup: (id) => {
        const g = new ClassicGroup(id, this.clock.now());
        this.groups.set(id, g);
        return g;
      },
      removeGroup: (g) => {
        if (this.groups.get(g.groupId) === g) this.groups.delete(g.groupId);
      },
      append: (id, records) => this.options.log.append(this.partitionFor(id), records),
      runIfLive: (g, step) => {
        this.lock
          .run(g.groupId, async () => {
            if (this.groups.get(g.groupId) === g && !g.is(GroupState.Dead)) await step();
          })
          .catch((err: unknown) => this.report(err));
      },
    };
    this.rb = new Rebalancer(this.rt);
  }

  /** The `__consumer_offsets` partition of a group (Kafka's `partitionFor`). */
  partitionFor(groupId: string): number {
    return partitionForGroup(groupId, this.config.numPartitions);
  }

  /**
   * Starts serving: loads the given partitions (all of them by default, as a single broker owns them all) and
   * starts the periodic offset expiry.
   */
  async startup(partitions?: Iterable<number>): Promise<void> {
    this.active = true;
    const all = [...(partitions ?? Array.from({ length: this.config.numPartitions }, (_, i) => i))];
    const todo = all.filter((p) => !this.owned.has(p) && !this.loading.has(p));
    // Every partition counts as loading from the start, so its groups hear "load in progress", not "not coordinator".
    for (const p of todo) this.loading.add(p);
    try {
      for (const p of todo) await this.load(p);
    } finally {
      for (const p of todo) this.loading.delete(p);
    }
    if (this.retentionTimer === null) this.scheduleRetention();
  }

  /**
   * Becomes coordinator for a partition: replays its records into groups and offsets. Requests for its
   * groups answer COORDINATOR_LOAD_IN_PROGRESS meanwhile. Loaded members must heartbeat within their session.
   */
  async loadPartition(partition: number): Promise<void> {
    if (this.owned.has(partition) || this.loading.has(partition)) return;
    this.loading.add(partition);
    await this.load(partition);
  }

  private async load(partition: number): Promise<void> {
    let loaded: ClassicGroup[];
    try {
      loaded = groupsFromReplay(await replayPartition(this.options.log, partition), this.clock.now());
      for (const g of loaded) this.groups.set(g.groupId, g);
      this.owned.add(partition);
    } finally {
      this.loading.delete(partition);
    }
    await Promise.all(loaded.map((g) => this.lock.run(g.groupId, () => this.whenLive(g, () => onGroupLoaded(this.rt, this.rb, g)))));
  }

  /** Stops being coordinator for a partition: its groups go Dead and waiting requests get NOT_COORDINATOR. */
  async unloadPartition(partition: number): Promise<void> {
    this.owned.delete(partition);
    const groups = [...this.groups.values()].filter((g) => this.partitionFor(g.groupId) === partition);
    await Promise.all(groups.map((g) => this.lock.run(g.groupId, () => this.whenLive(g, () => onGroupUnloaded(this.rt, this.rb, g)))));
  }

  /** Runs `step` only if `group` is still the live group of its id. */
  private async whenLive(group: ClassicGroup, step: () => Promise<unknown> | unknown): Promise<void> {
    if (this.groups.get(group.groupId) === group) await step();
  }

  /** Stops timers, unloads every partition (waiting requests get NOT_COORDINATOR) and waits for work in flight. */
  async shutdown(): Promise<void> {
    this.active = false;
    this.retentionTimer?.cancel();
    this.retentionTimer = null;
    for (const p of [...this.owned]) await this.unloadPartition(p);
    await this.lock.idle();
  }

  /** Whether any partition is still loading (ListGroups then answers COORDINATOR_LOAD_IN_PROGRESS). */
  get isLoading(): boolean {
    return this.loading.size > 0;
  }

  /** Resolves when no group operation is queued or running (tests use it to let timer-started work finish). */
  idle(): Promise<void> {
    return this.lock.idle();
  }

  /** A copy of a group's state, or `undefined` if the coordinator has no such group. */
  inspectGroup(groupId: string): GroupSnapshot | undefined {
    const g = this.groups.get(groupId);
    return g === undefined ? undefined : snapshotOf(g);
  }

  /** Ids of every group this coordinator holds. */
  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  private report(err: unknown): void {
    // eslint-disable-next-line no-console
    (this.options.onError ?? ((e: unknown) => console.error('group coordinator:', e)))(err);
  }

  /** Kafka's `validateGroupStatus`: null when the request may proceed, else the error to answer with. */
  private groupStatus(groupId: string, api: GroupApi): number | null {
    if (groupId === '' && !EMPTY_ID_ALLOWED.has(api)) return E.INVALID_GROUP_ID;
    if (!this.active) return E.COORDINATOR_NOT_AVAILABLE;
    const partition = this.partitionFor(groupId);
    if (this.loading.has(partition)) return E.COORDINATOR_LOAD_IN_PROGRESS;
    if (!this.owned.has(partition)) return E.NOT_COORDINATOR;
    return null;
  }

  /** Runs `body` under the group's lock once the status checks pass; failures become `fail(code)`. */
  private step<T>(groupId: string, api: GroupApi, fail: (code: number) => T, body: () => Promise<T> | T): Promise<T> {
    return this.lock
      .run(groupId, () => {
        const status = this.groupStatus(groupId, api);
        return status === null ? body() : fail(status);
      })
      .catch((err: unknown) => {
        this.report(err);
        return fail(E.UNKNOWN_SERVER_ERROR);
      });
  }

  /** JoinGroup (API key 11, v0-v9). Resolves when the member has its answer, possibly after a rebalance. */
  async joinGroup(request: JoinGroupRequest, version: number, ctx: RequestContext): Promise<JoinGroupResponse> {
    const p = joinParamsFrom(request, version, ctx);
    const result = await new Promise<JoinResult>((resolve) => {
      const fail = (code: number): void => resolve(joinError(p.memberId, code));
      void this.step(p.groupId, 'join', fail, () => joinGroup(this.rt, this.rb, p, resolve));
    });
    return joinResponseOf(result, version);
  }

  /** SyncGroup (API key 14, v0-v5). Followers resolve once the leader's assignment is stored. */
  async syncGroup(request: SyncGroupRequest, version: number): Promise<SyncGroupResponse> {
    // From v5 the protocol type and name are mandatory (Kafka's `areMandatoryProtocolTypeAndNamePresent`).
    if (version >= 5 && (request.protocolType === null || request.protocolName === null)) {
      return syncResponseOf(syncError(E.INCONSISTENT_GROUP_PROTOCOL));
    }
    const p = syncParamsFrom(request);
    const result = await new Promise<SyncResult>((resolve) => {
      // A loading coordinator lost the rebalance in progress: tell the member to rejoin.
      const fail = (code: number): void => resolve(syncError(code === E.COORDINATOR_LOAD_IN_PROGRESS ? E.REBALANCE_IN_PROGRESS : code));
      void this.step(p.groupId, 'sync', fail, () => syncGroup(this.rt, this.rb, p, resolve));
    });
    return syncResponseOf(result);
  }

  /** Heartbeat (API key 12, v0-v4). */
  async heartbeat(request: HeartbeatRequest, _version: number): Promise<HeartbeatResponse> {
    // While loading, Kafka answers heartbeats blindly with NONE.
    const fail = (code: number): number => (code === E.COORDINATOR_LOAD_IN_PROGRESS ? E.NONE : code);
    const errorCode = await this.step(request.groupId, 'heartbeat', fail, () => heartbeat(this.rt, this.rb, request));
    return { throttleTimeMs: 0, errorCode };
  }

  /** LeaveGroup (API key 13, v0-v5). */
  async leaveGroup(request: LeaveGroupRequest, version: number): Promise<LeaveGroupResponse> {
    const leaving = leavingMembersOf(request, version);
    const { errorCode, members } = await this.step<{ errorCode: number; members: LeaveOutcome[] }>(
      request.groupId,
      'leave',
      (code) => ({ errorCode: code, members: [] }),
      async () => ({ errorCode: E.NONE, members: await leaveGroup(this.rt, this.rb, request.groupId, leaving) }),
    );
    return leaveResponseOf(errorCode, members, version);
  }

  /** OffsetCommit (API key 8, v0-v9). */
  async offsetCommit(request: OffsetCommitRequest, version: number): Promise<OffsetCommitResponse> {
    const built = buildCommitRequest(request, version, this.clock.now(), this.options.partitionExists);
    let codes: number[] = [];
    if (built.params.entries.length > 0) {
      const params = built.params;
      codes = await this.step(request.groupId, 'commit', (code) => params.entries.map(() => code), () => commitOffsets(this.rt, this.rb, params));
    }
    return commitResponseOf(built, codes);
  }

  /** OffsetFetch (API key 9, v0-v9; v8+ may ask for several groups). */
  async offsetFetch(request: OffsetFetchRequest, version: number): Promise<OffsetFetchResponse> {
    const requireStable = version >= 7 && request.requireStable;
    if (version >= 8) {
      const groups = await Promise.all(request.groups.map((g) => this.fetchGroup(g.groupId, g.topics, requireStable)));
      return fetchResponseOf(groups, version, null);
    }
    return fetchResponseOf([await this.fetchGroup(request.groupId, request.topics, requireStable)], version, request.topics);
  }

  private fetchGroup(
    groupId: string,
    topics: ReadonlyArray<{ name: string; partitionIndexes: number[] }> | null,
    requireStable: boolean,
  ): Promise<GroupFetch> {
    const partitions = topics === null ? null : partitionsOf(topics);
    return this.step<GroupFetch>(
      groupId,
      'fetch',
      (code) => ({ groupId, errorCode: code, offsets: [] }),
      () => {
        const offsets = fetchOffsets(this.groups.get(groupId), partitions, requireStable, this.options.pendingTransactionalOffsets);
        return { groupId, errorCode: E.NONE, offsets };
      },
    );
  }

  /** OffsetDelete (API key 47, v0). */
  async offsetDelete(request: OffsetDeleteRequest, _version: number): Promise<OffsetDeleteResponse> {
    const exists = this.options.partitionExists ?? (() => true);
    const all = request.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex })));
    const known = all.filter((tp) => exists(tp.topic, tp.partition));
    const outcome = await this.step(
      request.groupId,
      'offsetDelete',
      (code) => ({ errorCode: code, partitionErrors: [] as number[] }),
      () => deleteOffsets(this.rt, this.rb, request.groupId, known),
    );
    return deleteOffsetsResponseOf(request, outcome, exists);
  }

  /** ListGroups (API key 16, v0-v5), with v4's state filter and v5's type filter. */
  async listGroups(request: ListGroupsRequest, _version: number): Promise<ListGroupsResponse> {
    if (!this.active) return { throttleTimeMs: 0, errorCode: E.COORDINATOR_NOT_AVAILABLE, groups: [] };
    const groups = [...this.groups.values()]
      .filter((g) => matchesListFilters(g, request.statesFilter, request.typesFilter))
      .map(overviewOf)
      .map((o) => ({ groupId: o.groupId, protocolType: o.protocolType, groupState: o.state, groupType: o.groupType }));
    return { throttleTimeMs: 0, errorCode: this.isLoading ? E.COORDINATOR_LOAD_IN_PROGRESS : E.NONE, groups };
  }

  /** DescribeGroups (API key 15, v0-v5): an unknown group is described as Dead. */
  async describeGroups(request: DescribeGroupsRequest, _version: number): Promise<DescribeGroupsResponse> {
    const described = await Promise.all(
      request.groups.map((groupId) =>
        this.step<{ code: number; summary: GroupSummary }>(
          groupId,
          'describe',
          (code) => ({ code, summary: emptyGroupSummary }),
          () => {
            const g = this.groups.get(groupId);
            return { code: E.NONE, summary: g === undefined ? DEAD_GROUP_SUMMARY : summaryOf(g) };
          },
        ).then(({ code, summary }) => describedGroupOf(groupId, code, summary)),
      ),
    );
    return { throttleTimeMs: 0, groups: described };
  }

  /** DeleteGroups (API key 42, v0-v2): only empty groups can be deleted. */
  async deleteGroups(request: DeleteGroupsRequest, _version: number): Promise<DeleteGroupsResponse> {
    const ids = [...new Set(request.groupsNames)];
    const results = await Promise.all(
      ids.map(async (groupId) => {
        const errorCode = await this.step(groupId, 'delete', (code) => code, () => deleteGroup(this.rt, this.rb, groupId));
        return { groupId, errorCode };
      }),
    );
    return { throttleTimeMs: 0, results };
  }

  /**
   * Expires committed offsets past `offsets.retention.minutes` and removes empty groups left with none
   * (Kafka's `cleanupGroupMetadata`); runs every `offsets.retention.check.interval.ms`. Returns how many
   * offsets were removed.
   */
  async cleanupExpiredOffsets(): Promise<number> {
    let removed = 0;
    const expire = (g: ClassicGroup) => async (): Promise<void> => {
      removed += await expireGroup(this.rt, this.rb, g).catch((err: unknown) => (this.report(err), 0));
    };
    await Promise.all([...this.groups.values()].map((g) => this.lock.run(g.groupId, () => this.whenLive(g, expire(g)))));
    return removed;
  }

  private scheduleRetention(): void {
    this.retentionTimer = this.clock.setTimer(this.config.retentionCheckIntervalMs, () => {
      void this.cleanupExpiredOffsets()
        .catch((err: unknown) => this.report(err))
        .finally(() => {
          if (this.active) this.scheduleRetention();
        });
    });
  }
}
