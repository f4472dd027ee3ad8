import { TributaryError } from '@tributary/protocol';

/**
 * The states of a classic group, spelled as Kafka prints them (DescribeGroups, ListGroups, the CLI):
 *
 * - `Empty`: no members, but the group may have committed offsets (or is a "simple" offsets-only group);
 * - `PreparingRebalance`: members are (re)joining; JoinGroup responses wait until all have or the timeout;
 * - `CompletingRebalance`: join responses went out; waiting for the leader's SyncGroup with the assignment;
 * - `Stable`: the assignment is distributed;
 * - `Dead`: the group is gone (deleted, expired, or its partition moved away).
 *
 * Mirrors Kafka's `GroupState` of the classic protocol.
 */
export const GroupState = Object.freeze({
  Empty: 'Empty',
  PreparingRebalance: 'PreparingRebalance',
  CompletingRebalance: 'CompletingRebalance',
  Stable: 'Stable',
  Dead: 'Dead',
} as const);

/** One of the {@link GroupState} names. */
export type GroupState = (typeof GroupState)[keyof typeof GroupState];

const VALID_PREVIOUS: Readonly<Record<GroupState, readonly GroupState[]>> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
};

/** Whether a group may move from `from` to `to` (Kafka's `validPreviousStates`). */
export function canTransition(from: GroupState, to: GroupState): boolean {
  return VALID_PREVIOUS[to].includes(from);
}

/** Raised when the coordinator's own logic tries a transition Kafka's state machine forbids (a bug, never input). */
export class IllegalGroupStateError extends TributaryError {
  static readonly CODE = 'GROUP_ILLEGAL_STATE';

  constructor(groupId: string, from: GroupState, to: GroupState) {
    super(IllegalGroupStateError.CODE, `group ${groupId} cannot move from ${from} to ${to}`);
  }
}
