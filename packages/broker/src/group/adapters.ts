import type {
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupRequest,
  LeaveGroupResponse,
  OffsetCommitRequest,
  OffsetFetchResponsePartition,
  SyncGroupRequest,
  SyncGroupResponse,
} from '@tributary/protocol';
import type { LeaveOutcome, LeavingMember } from './membership.js';
import type { CommitEntry, FetchedOffset } from './offsets.js';
import type { JoinParams, JoinResult, RequestContext, SyncParams, SyncResult } from './types.js';

/*
 * Conversions between the generated request/response messages of each version and the coordinator's
 * version-independent parameters and results: where Kafka's `KafkaApis` and request classes fill in
 * version defaults, and where a response must leave out what its version cannot carry.
 */

/** JoinGroup: v0 has no rebalance timeout (the session timeout stands in); v4+ dynamic members need an id first. */
export function joinParamsFrom(req: JoinGroupRequest, version: number, ctx: RequestContext): JoinParams {
  return {
    groupId: req.groupId,
    memberId: req.memberId,
    groupInstanceId: req.groupInstanceId,
    requireKnownMemberId: version >= 4 && req.groupInstanceId === null,
    supportSkippingAssignment: version >= 9,
    clientId: ctx.clientId,
    clientHost: ctx.clientHost,
    rebalanceTimeoutMs: version === 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs,
    sessionTimeoutMs: req.sessionTimeoutMs,
    protocolType: req.protocolType,
    protocols: req.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
    reason: req.reason,
  };
}

/** Before v7 the protocol name is not nullable: "no protocol" is the empty string. */
export function joinResponseOf(r: JoinResult, version: number): JoinGroupResponse {
  return {
    throttleTimeMs: 0,
    errorCode: r.errorCode,
    generationId: r.generationId,
    protocolType: r.protocolType,
    protocolName: version >= 7 ? r.protocolName : (r.protocolName ?? ''),
    leader: r.leader,
    skipAssignment: r.skipAssignment === true,
    memberId: r.memberId,
    members: r.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata })),
  };
}

/** SyncGroup: the leader's assignments by member id (a repeated member id: the last one counts). */
export function syncParamsFrom(req: SyncGroupRequest): SyncParams {
  return {
    groupId: req.groupId,
    generationId: req.generationId,
    memberId: req.memberId,
    groupInstanceId: req.groupInstanceId,
    protocolType: req.protocolType,
    protocolName: req.protocolName,
    assignments: new Map(req.assignments.map((a) => [a.memberId, a.assignment] as const)),
  };
}

/** The SyncGroup response (fields a version lacks are left out by its encoder). */
export function syncResponseOf(r: SyncResult): SyncGroupResponse {
  return { throttleTimeMs: 0, errorCode: r.errorCode, protocolType: r.protocolType, protocolName: r.protocolName, assignment: r.assignment };
}

/** LeaveGroup v0-v2 names one member by id; v3+ a batch of identities. */
export function leavingMembersOf(req: LeaveGroupRequest, version: number): LeavingMember[] {
  if (version < 3) return [{ memberId: req.memberId, groupInstanceId: null }];
  return req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }));
}

/** v0-v2 carry a single error: the group's, else the first member's (Kafka's `LeaveGroupResponse.getError`). */
export function leaveResponseOf(errorCode: number, members: readonly LeaveOutcome[], version: number): LeaveGroupResponse {
  if (version < 3) {
    const first = members.find((m) => m.errorCode !== 0)?.errorCode ?? 0;
    return { throttleTimeMs: 0, errorCode: errorCode !== 0 ? errorCode : first, members: [] };
  }
  const answers = members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: m.errorCode }));
  return { throttleTimeMs: 0, errorCode, members: answers };
}

type CommitPartition = OffsetCommitRequest['topics'][number]['partitions'][number];

/**
 * OffsetCommit partitions as committed offsets: no metadata is stored as ""; v1's commit timestamp is
 * honoured (-1: now); v2-v4's retention time sets an expire timestamp; the leader epoch exists from v6.
 */
export function commitEntryOf(req: OffsetCommitRequest, version: number, topic: string, p: CommitPartition, now: number): CommitEntry {
  const retention = version >= 2 && version <= 4 && req.retentionTimeMs !== -1n ? Number(req.retentionTimeMs) : null;
  return {
    topic,
    partition: p.partitionIndex,
    committed: {
      offset: p.committedOffset,
      leaderEpoch: version >= 6 ? p.committedLeaderEpoch : -1,
      metadata: p.committedMetadata ?? '',
      commitTimestamp: version === 1 && p.commitTimestamp !== -1n ? Number(p.commitTimestamp) : now,
      expireTimestamp: retention === null ? null : now + retention,
    },
  };
}

/** Groups fetched offsets by topic, keeping the order topics first appear in. */
export function groupByTopic(offsets: readonly FetchedOffset[]): Array<{ name: string; partitions: OffsetFetchResponsePartition[] }> {
  const byTopic = new Map<string, OffsetFetchResponsePartition[]>();
  for (const o of offsets) {
    let list = byTopic.get(o.topic);
    if (!list) byTopic.set(o.topic, (list = []));
    list.push({
      partitionIndex: o.partition,
      committedOffset: o.offset,
      committedLeaderEpoch: o.leaderEpoch,
      metadata: o.metadata,
      errorCode: o.errorCode,
    });
  }
  return [...byTopic].map(([name, partitions]) => ({ name, partitions }));
}
