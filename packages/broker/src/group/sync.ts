import type { ClassicGroup } from './classic-group.js';
import { E, groupAppendError } from './errors.js';
import { GroupState } from './group-state.js';
import type { Rebalancer } from './rebalance.js';
import type { GroupRuntime } from './runtime.js';
import { EMPTY_BYTES, syncError, type SyncParams, type SyncResult } from './types.js';

type Respond = (r: SyncResult) => void;

/**
 * SyncGroup (Kafka's `handleSyncGroup` / `doSyncGroup`). In CompletingRebalance followers wait; the leader's
 * assignment (members it left out get an empty one) is appended to the log as the group's metadata record,
 * and only then distributed, moving the group to Stable. A stable group answers with the member's current
 * assignment. Runs under the group's lock; `respond` may be called later.
 */
export async function syncGroup(rt: GroupRuntime, rb: Rebalancer, p: SyncParams, respond: Respond): Promise<void> {
  const group = rt.group(p.groupId);
  if (group === undefined) {
    respond(syncError(E.UNKNOWN_MEMBER_ID));
    return;
  }
  const error = validateSync(group, p);
  if (error !== null) {
    respond(syncError(error));
    return;
  }
  const member = group.members.get(p.memberId)!;
  switch (group.state) {
    case GroupState.Empty:
      respond(syncError(E.UNKNOWN_MEMBER_ID));
      return;
    case GroupState.PreparingRebalance:
      respond(syncError(E.REBALANCE_IN_PROGRESS));
      return;
    case GroupState.CompletingRebalance:
      member.syncWaiters.push(respond);
      rb.removePendingSyncMember(group, p.memberId);
      if (group.isLeader(p.memberId)) await storeAndPropagate(rt, rb, group, p.assignments);
      return;
    case GroupState.Stable:
      rb.removePendingSyncMember(group, p.memberId);
      respond({ errorCode: E.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment });
      rb.scheduleHeartbeat(group, member);
      return;
    default:
      respond(syncError(E.COORDINATOR_NOT_AVAILABLE));
  }
}

/** Kafka's `validateSyncGroup`: a current member, of the current generation, agreeing on type and protocol (v5+). */
function validateSync(group: ClassicGroup, p: SyncParams): number | null {
  const memberError = group.validateMember(p.memberId, p.groupInstanceId);
  if (memberError !== null) return memberError;
  if (p.generationId !== group.generationId) return E.ILLEGAL_GENERATION;
  if (p.protocolType !== null && p.protocolType !== group.protocolType) return E.INCONSISTENT_GROUP_PROTOCOL;
  if (p.protocolName !== null && p.protocolName !== group.protocolName) return E.INCONSISTENT_GROUP_PROTOCOL;
  return null;
}

async function storeAndPropagate(rt: GroupRuntime, rb: Rebalancer, group: ClassicGroup, given: ReadonlyMap<string, Buffer>): Promise<void> {
  const assignment = new Map<string, Buffer>();
  for (const memberId of group.members.keys()) assignment.set(memberId, given.get(memberId) ?? EMPTY_BYTES);
  const generation = group.generationId;
  let appendError: number | null = null;
  try {
    await rb.storeGroup(group, assignment);
  } catch (err) {
    appendError = groupAppendError(err);
  }
  // The lock was held during the append, but stay as defensive as Kafka's callback is.
  if (!group.is(GroupState.CompletingRebalance) || group.generationId !== generation) return;
  if (appendError !== null) {
    rb.resetAndPropagateAssignmentError(group, appendError);
    await rb.maybePrepareRebalance(group);
    return;
  }
  rb.setAndPropagateAssignment(group, assignment);
  group.transitionTo(GroupState.Stable, rt.clock.now());
}
