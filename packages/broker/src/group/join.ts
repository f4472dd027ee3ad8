import type { ClassicGroup } from './classic-group.js';
import { E, groupAppendError } from './errors.js';
import { GroupState } from './group-state.js';
import { GroupMember } from './member.js';
import { NEW_MEMBER_JOIN_TIMEOUT_MS, type Rebalancer } from './rebalance.js';
import type { GroupRuntime } from './runtime.js';
import { joinError, UNKNOWN_MEMBER_ID, type JoinParams, type JoinResult } from './types.js';

type Respond = (r: JoinResult) => void;

/**
 * JoinGroup (Kafka's `handleJoinGroup` and the `do*JoinGroup` family): validates the session timeout, finds
 * or creates the group, enforces `group.max.size`, then handles a new member (member id round trip for v4+,
 * static replacement) or a known one (rebalance or current-generation answer). `respond` may be called now
 * or when the rebalance completes. Runs under the group's lock.
 */
export async function joinGroup(rt: GroupRuntime, rb: Rebalancer, p: JoinParams, respond: Respond): Promise<void> {
  const { minSessionTimeoutMs, maxSessionTimeoutMs } = rt.config;
  if (p.sessionTimeoutMs < minSessionTimeoutMs || p.sessionTimeoutMs > maxSessionTimeoutMs) {
    respond(joinError(p.memberId, E.INVALID_SESSION_TIMEOUT));
    return;
  }
  const isUnknown = p.memberId === UNKNOWN_MEMBER_ID;
  let group = rt.group(p.groupId);
  if (group === undefined) {
    if (!isUnknown) {
      respond(joinError(p.memberId, E.UNKNOWN_MEMBER_ID));
      return;
    }
    group = rt.createGroup(p.groupId);
  }
  if (!acceptJoiningMember(group, p.memberId, rt.config.maxSize)) {
    const member = group.members.get(p.memberId);
    if (member) rb.dropMember(group, member, E.GROUP_MAX_SIZE_REACHED);
    respond(joinError(UNKNOWN_MEMBER_ID, E.GROUP_MAX_SIZE_REACHED));
  } else if (isUnknown) {
    await newMemberJoin(group, rb, p, respond);
  } else {
    await currentMemberJoin(group, rb, p, respond);
  }
  if (group.is(GroupState.PreparingRebalance)) await rb.checkJoin(group);
}

/** Kafka's `acceptJoiningMember`: whether `group.max.size` leaves room for this member. */
function acceptJoiningMember(group: ClassicGroup, memberId: string, maxSize: number): boolean {
  switch (group.state) {
    case GroupState.Empty:
    case GroupState.Dead:
      return true;
    case GroupState.PreparingRebalance:
      return group.members.get(memberId)?.isAwaitingJoin === true || group.numAwaitingJoin < maxSize;
    default:
      return group.has(memberId) || group.size < maxSize;
  }
}

function protocolNames(p: JoinParams): Set<string> {
  return new Set(p.protocols.map((x) => x.name));
}

async function newMemberJoin(group: ClassicGroup, rb: Rebalancer, p: JoinParams, respond: Respond): Promise<void> {
  if (!group.supportsProtocols(p.protocolType, protocolNames(p))) {
    respond(joinError(p.memberId, E.INCONSISTENT_GROUP_PROTOCOL));
    return;
  }
  const newMemberId = group.generateMemberId(p.clientId, p.groupInstanceId);
  if (p.groupInstanceId !== null) {
    const oldMemberId = group.staticMemberId(p.groupInstanceId);
    if (oldMemberId !== undefined) await replaceStaticMember(group, rb, p.groupInstanceId, oldMemberId, newMemberId, p, respond);
    else await addMemberAndRebalance(group, rb, newMemberId, p, respond);
  } else if (p.requireKnownMemberId) {
    // KIP-394: hand out the id and wait (one session timeout) for the member to come back with it.
    rb.addPendingMember(group, newMemberId, p.sessionTimeoutMs);
    respond(joinError(newMemberId, E.MEMBER_ID_REQUIRED));
  } else {
    await addMemberAndRebalance(group, rb, newMemberId, p, respond);
  }
}

async function currentMemberJoin(group: ClassicGroup, rb: Rebalancer, p: JoinParams, respond: Respond): Promise<void> {
  if (!group.supportsProtocols(p.protocolType, protocolNames(p))) {
    respond(joinError(p.memberId, E.INCONSISTENT_GROUP_PROTOCOL));
    return;
  }
  if (group.isPendingMember(p.memberId)) {
    // The second half of the member-id round trip. Pending ids are only handed to dynamic members.
    if (p.groupInstanceId !== null) respond(joinError(p.memberId, E.UNKNOWN_MEMBER_ID));
    else await addMemberAndRebalance(group, rb, p.memberId, p, respond);
    return;
  }
  if (group.isStaticMemberFenced(p.groupInstanceId, p.memberId)) {
    respond(joinError(p.memberId, E.FENCED_INSTANCE_ID));
    return;
  }
  const member = group.members.get(p.memberId);
  if (member === undefined || (p.groupInstanceId !== null && !group.hasStaticMember(p.groupInstanceId))) {
    respond(joinError(p.memberId, E.UNKNOWN_MEMBER_ID));
    return;
  }
  switch (group.state) {
    case GroupState.PreparingRebalance:
      await updateMemberAndRebalance(group, rb, member, p, respond);
      return;
    case GroupState.CompletingRebalance:
      // Same metadata: the member probably lost the join response; answer with the current generation.
      if (member.matches(p.protocols)) respond(rb.currentGenerationResult(group, member));
      else await updateMemberAndRebalance(group, rb, member, p, respond);
      return;
    case GroupState.Stable:
      // A rejoining leader forces a rebalance (it may have seen topic metadata change); so does new metadata.
      if (group.isLeader(member.memberId) || !member.matches(p.protocols)) await updateMemberAndRebalance(group, rb, member, p, respond);
      else respond({ ...rb.currentGenerationResult(group, member), members: [] });
      return;
    default:
      respond(joinError(p.memberId, E.UNKNOWN_MEMBER_ID));
  }
}

async function addMemberAndRebalance(group: ClassicGroup, rb: Rebalancer, memberId: string, p: JoinParams, respond: Respond): Promise<void> {
  const member = new GroupMember({
    memberId,
    groupInstanceId: p.groupInstanceId,
    clientId: p.clientId,
    clientHost: p.clientHost,
    rebalanceTimeoutMs: p.rebalanceTimeoutMs,
    sessionTimeoutMs: p.sessionTimeoutMs,
    protocolType: p.protocolType,
    protocols: p.protocols,
  });
  member.isNew = true;
  // Members arriving during the first rebalance extend the initial delay.
  if (group.is(GroupState.PreparingRebalance) && group.generationId === 0) group.newMemberAdded = true;
  group.add(member, respond);
  rb.clearPendingMemberTimer(group, memberId);
  // A new member cannot heartbeat while its JoinGroup waits; bound the wait instead.
  rb.scheduleHeartbeat(group, member, NEW_MEMBER_JOIN_TIMEOUT_MS);
  await rb.maybePrepareRebalance(group);
}

async function updateMemberAndRebalance(group: ClassicGroup, rb: Rebalancer, member: GroupMember, p: JoinParams, respond: Respond): Promise<void> {
  group.updateMember(member, p.protocols, p.rebalanceTimeoutMs, p.sessionTimeoutMs, respond);
  await rb.maybePrepareRebalance(group);
}

/**
 * A static member rejoined with an unknown member id (Kafka's `updateStaticMemberAndRebalance`): it takes
 * over the old member id's place. In a stable group whose protocol would not change, no rebalance happens:
 * the new member id is persisted and the member keeps its assignment. Before v9 the answer names the old
 * leader, so that a replaced leader does not run a pointless assignment; v9 says `skipAssignment` instead.
 */
async function replaceStaticMember(
  group: ClassicGroup,
  rb: Rebalancer,
  instanceId: string,
  oldMemberId: string,
  newMemberId: string,
  p: JoinParams,
  respond: Respond,
): Promise<void> {
  const currentLeader = group.leaderId;
  const member = group.replaceStaticMember(instanceId, oldMemberId, newMemberId);
  rb.scheduleHeartbeat(group, member);
  const old = { protocols: member.protocols, rebalanceTimeoutMs: member.rebalanceTimeoutMs, sessionTimeoutMs: member.sessionTimeoutMs };
  group.updateMember(member, p.protocols, p.rebalanceTimeoutMs, p.sessionTimeoutMs, respond);
  switch (group.state) {
    case GroupState.Stable: {
      if (group.protocolName !== group.selectProtocol()) {
        await rb.maybePrepareRebalance(group);
        return;
      }
      const assignment = new Map([...group.members.values()].map((m) => [m.memberId, m.assignment] as const));
      try {
        await rb.storeGroup(group, assignment);
      } catch (err) {
        // Undo: the old member id stays the instance's id, and this join fails.
        member.joinWaiters = [];
        group.updateMember(member, old.protocols, old.rebalanceTimeoutMs, old.sessionTimeoutMs, null);
        rb.scheduleHeartbeat(group, group.replaceStaticMember(instanceId, newMemberId, oldMemberId));
        const errorCode = groupAppendError(err);
        respond({ ...rb.currentGenerationResult(group, member), errorCode, leader: currentLeader ?? '', memberId: UNKNOWN_MEMBER_ID, members: [] });
        return;
      }
      // v9 clients are told the truth, with skipAssignment so that a static leader keeps watching metadata
      // without reassigning; older ones are told the old leader id, so that they do not assign at all.
      if (p.supportSkippingAssignment) member.answerJoin({ ...rb.currentGenerationResult(group, member), skipAssignment: group.isLeader(newMemberId) });
      else member.answerJoin({ ...rb.currentGenerationResult(group, member), leader: currentLeader ?? '', members: [] });
      return;
    }
    case GroupState.CompletingRebalance:
      await rb.maybePrepareRebalance(group);
      return;
    case GroupState.PreparingRebalance:
      return; // answered when this rebalance completes
    default:
      member.answerJoin(joinError(newMemberId, E.UNKNOWN_SERVER_ERROR));
  }
}
