import { E } from './errors.js';
import { GroupState } from './group-state.js';
import type { Rebalancer } from './rebalance.js';
import type { GroupRuntime } from './runtime.js';
import { UNKNOWN_MEMBER_ID } from './types.js';

/** A Heartbeat as the coordinator handles it. */
export interface HeartbeatParams {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/**
 * Heartbeat (Kafka's `handleHeartbeat`): restarts the member's session timer. During a rebalance the answer
 * is REBALANCE_IN_PROGRESS, which is how members learn they must rejoin. Returns the error code.
 */
export function heartbeat(rt: GroupRuntime, rb: Rebalancer, p: HeartbeatParams): number {
  const group = rt.group(p.groupId);
  if (group === undefined) return E.UNKNOWN_MEMBER_ID;
  const memberError = group.validateMember(p.memberId, p.groupInstanceId);
  if (memberError !== null) return memberError;
  if (p.generationId !== group.generationId) return E.ILLEGAL_GENERATION;
  if (group.is(GroupState.Empty)) return E.UNKNOWN_MEMBER_ID;
  const member = group.members.get(p.memberId)!;
  rb.scheduleHeartbeat(group, member);
  return group.is(GroupState.PreparingRebalance) ? E.REBALANCE_IN_PROGRESS : E.NONE;
}

/** One member named in a LeaveGroup (v0-v2 name one member id; v3+ a batch, possibly by instance id only). */
export interface LeavingMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/** The per-member outcome of a LeaveGroup. */
export interface LeaveOutcome extends LeavingMember {
  readonly errorCode: number;
}

/**
 * LeaveGroup (Kafka's `handleLeaveGroup`): removes each named member and lets the group rebalance. A static
 * member may be removed by instance id alone (an empty member id, as the admin client does); a member id
 * still pending (MEMBER_ID_REQUIRED round trip) is simply forgotten. Errors are per member.
 */
export async function leaveGroup(rt: GroupRuntime, rb: Rebalancer, groupId: string, leaving: readonly LeavingMember[]): Promise<LeaveOutcome[]> {
  const group = rt.group(groupId);
  if (group === undefined) return leaving.map((m) => ({ ...m, errorCode: E.UNKNOWN_MEMBER_ID }));
  const out: LeaveOutcome[] = [];
  for (const m of leaving) {
    let errorCode: number = E.NONE;
    if (m.memberId === UNKNOWN_MEMBER_ID) {
      const current = group.staticMemberId(m.groupInstanceId);
      const member = current === undefined ? undefined : group.members.get(current);
      if (member) await rb.removeMemberAndUpdateGroup(group, member);
      else errorCode = E.UNKNOWN_MEMBER_ID;
    } else if (group.isPendingMember(m.memberId)) {
      await rb.removePendingMember(group, m.memberId);
    } else {
      errorCode = group.validateMember(m.memberId, m.groupInstanceId) ?? E.NONE;
      if (errorCode === E.NONE) await rb.removeMemberAndUpdateGroup(group, group.members.get(m.memberId)!);
    }
    out.push({ ...m, errorCode });
  }
  return out;
}
