import type { ClassicGroup } from './classic-group.js';
import type { GroupState } from './group-state.js';
import type { OffsetEntry } from './offset-store.js';

/** A member as a {@link GroupSnapshot} shows it. */
export interface MemberSnapshot {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  /** The member's metadata for the group's chosen protocol (empty while none is chosen). */
  readonly metadata: Buffer;
  readonly assignment: Buffer;
}

/**
 * A read-only copy of a group's state: what the group metadata record and the offset records describe, plus
 * the state name. For tests, tools and debugging; the wire APIs show less (DescribeGroups has no generation).
 */
export interface GroupSnapshot {
  readonly groupId: string;
  readonly state: GroupState;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leaderId: string | null;
  readonly members: readonly MemberSnapshot[];
  readonly offsets: readonly OffsetEntry[];
}

/** Copies what a {@link GroupSnapshot} shows out of a live group. */
export function snapshotOf(group: ClassicGroup): GroupSnapshot {
  const protocol = group.protocolName ?? '';
  return {
    groupId: group.groupId,
    state: group.state,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leaderId: group.leaderId,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeoutMs: m.rebalanceTimeoutMs,
      sessionTimeoutMs: m.sessionTimeoutMs,
      metadata: m.metadataFor(protocol),
      assignment: m.assignment,
    })),
    offsets: group.offsets.entries(),
  };
}
