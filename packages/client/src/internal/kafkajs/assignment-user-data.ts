import type { Admin as KjsAdmin } from 'kafkajs';
import type { ConsumerGroupMetadata, ConsumerPartitionAssignor } from '../../contract/assignor.js';
import type { TopicPartition } from '../../contract/records.js';
import { decodeAssignment } from '../group/consumer-protocol.js';

/**
 * kafkajs keeps a member's assignment user data to itself, but assignors that carry data in it (Kafka Streams'
 * does) need it on every member. The group coordinator stores each member's assignment bytes and DescribeGroups
 * returns them: this reads the member's own back. Undefined when the group cannot be described.
 */
async function readOwnAssignmentUserData(admin: KjsAdmin, groupId: string, memberId: string): Promise<{ protocol: string; userData: Buffer | null } | undefined> {
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

/**
 * Calls the group's assignor's `onAssignment` with the member's partitions and the user data kafkajs dropped, as
 * Kafka's consumer does before `onPartitionsAssigned`. Nothing to do when no assignor listens.
 */
export async function deliverAssignment(
  admin: KjsAdmin,
  assignors: readonly ConsumerPartitionAssignor[],
  groupId: string,
  memberId: string,
  partitions: readonly TopicPartition[],
  metadata: ConsumerGroupMetadata,
): Promise<void> {
  const wanted = assignors.filter((a) => a.onAssignment !== undefined);
  if (wanted.length === 0) return;
  const own = await readOwnAssignmentUserData(admin, groupId, memberId);
  const assignor = wanted.find((a) => a.name === own?.protocol);
  assignor?.onAssignment?.({ partitions: [...partitions], userData: own?.userData ?? null }, metadata);
}
