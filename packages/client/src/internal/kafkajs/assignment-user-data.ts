import type { Admin as KjsAdmin } from 'kafkajs';
import { decodeAssignment } from '../group/consumer-protocol.js';

/**
 * kafkajs keeps a member's assignment user data to itself, but assignors that carry data in it (Kafka Streams'
 * does) need it on every member. The group coordinator stores each member's assignment bytes and DescribeGroups
 * returns them: this reads the member's own back. Undefined when the group cannot be described.
 */
export async function readOwnAssignmentUserData(admin: KjsAdmin, groupId: string, memberId: string): Promise<{ protocol: string; userData: Buffer | null } | undefined> {
  try {
    const { groups } = await admin.describeGroups([groupId]);
    const group = groups[0];
    if (group === undefined) return undefined;
    const me = group.members.find((m) => m.memberId === memberId);
    const userData = me !== undefined && me.memberAssignment.length > 0 ? decodeAssignment(me.memberAssignment).userData : null;
    return { protocol: group.protocol, userData };
  } catch {
    return undefined;
  }
}
