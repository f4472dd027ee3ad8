import type { ClassicGroup } from './classic-group.js';
import { E, offsetAppendError } from './errors.js';
import { GroupState } from './group-state.js';
import { removeOffsetsAndMaybeGroup } from './offsets.js';
import type { Rebalancer } from './rebalance.js';
import type { GroupRuntime } from './runtime.js';
import { EMPTY_BYTES } from './types.js';

/** Group type name of every group this coordinator runs (ListGroups v5's `GroupType`). */
export const CLASSIC_GROUP_TYPE = 'classic';

/** A group as ListGroups lists it (Kafka's `GroupOverview`). */
export interface GroupOverview {
  readonly groupId: string;
  readonly protocolType: string;
  readonly state: GroupState;
  readonly groupType: string;
}

/** A member as DescribeGroups describes it (Kafka's `MemberSummary`). */
export interface MemberSummary {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly metadata: Buffer;
  readonly assignment: Buffer;
}

/** A group as DescribeGroups describes it (Kafka's `GroupSummary`). */
export interface GroupSummary {
  /** The state name; empty when the request failed before the group was looked at. */
  readonly state: GroupState | '';
  readonly protocolType: string;
  /** The chosen protocol, only while Stable. */
  readonly protocol: string;
  readonly members: readonly MemberSummary[];
}

/** Kafka's `DeadGroup` summary: what DescribeGroups answers for a group it does not know. */
export const DEAD_GROUP_SUMMARY: GroupSummary = Object.freeze({ state: GroupState.Dead, protocolType: '', protocol: '', members: [] });

/** ListGroups' view of a group. */
export function overviewOf(group: ClassicGroup): GroupOverview {
  return { groupId: group.groupId, protocolType: group.protocolType ?? '', state: group.state, groupType: CLASSIC_GROUP_TYPE };
}

/** Whether `group` passes ListGroups' state and type filters (empty filters pass everything; case ignored). */
export function matchesListFilters(group: ClassicGroup, states: readonly string[], types: readonly string[]): boolean {
  const lower = (xs: readonly string[]): Set<string> => new Set(xs.map((x) => x.toLowerCase()));
  if (states.length > 0 && !lower(states).has(group.state.toLowerCase())) return false;
  return types.length === 0 || lower(types).has(CLASSIC_GROUP_TYPE);
}

/**
 * DescribeGroups for one group (Kafka's `GroupMetadata.summary`): members with their metadata and assignment
 * only while Stable (members without them otherwise), the protocol only while Stable.
 */
export function summaryOf(group: ClassicGroup): GroupSummary {
  const stable = group.is(GroupState.Stable);
  const protocol = stable ? (group.protocolName ?? '') : '';
  const members = [...group.members.values()].map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    clientId: m.clientId,
    clientHost: m.clientHost,
    metadata: stable ? m.metadataFor(protocol) : EMPTY_BYTES,
    assignment: stable ? m.assignment : EMPTY_BYTES,
  }));
  return { state: group.state, protocolType: group.protocolType ?? '', protocol, members };
}

/**
 * DeleteGroups for one group (Kafka's `handleDeleteGroups`): only an empty group can go (NON_EMPTY_GROUP
 * otherwise, GROUP_ID_NOT_FOUND if unknown); its offsets and metadata get tombstones. Returns the error code.
 */
export async function deleteGroup(rt: GroupRuntime, rb: Rebalancer, groupId: string): Promise<number> {
  const group = rt.group(groupId);
  if (group === undefined) return E.GROUP_ID_NOT_FOUND;
  if (!group.is(GroupState.Empty)) return E.NON_EMPTY_GROUP;
  try {
    await removeOffsetsAndMaybeGroup(rt, rb, group, group.offsets.entries(), true);
  } catch (err) {
    return offsetAppendError(err);
  }
  return E.NONE;
}
