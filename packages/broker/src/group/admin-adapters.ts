import type { DescribeGroupsResponseDescribedGroup } from '@tributary/protocol';
import type { GroupSummary } from './admin.js';

/** Kafka's `EmptyGroup` summary (no state, type, protocol or members), sent with a group-level error. */
export const emptyGroupSummary: GroupSummary = Object.freeze({ state: '', protocolType: '', protocol: '', members: [] });

/** Authorized operations when the client did not ask for them (DescribeGroups v3+ default). */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

/** One DescribeGroups entry. */
export function describedGroupOf(groupId: string, errorCode: number, s: GroupSummary): DescribeGroupsResponseDescribedGroup {
  return {
    errorCode,
    groupId,
    groupState: s.state,
    protocolType: s.protocolType,
    protocolData: s.protocol,
    members: s.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: m.metadata,
      memberAssignment: m.assignment,
    })),
    authorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
  };
}
