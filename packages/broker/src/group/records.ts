import type { GroupMetadataValue } from '@tributary/protocol';
import type { ClassicGroup } from './classic-group.js';
import type { CoordinatorRecord } from './coordinator-log.js';
import { encodeGroupMetadataKey, encodeGroupMetadataValue, encodeOffsetCommitKey, encodeOffsetCommitValue } from './record-codec.js';
import type { CommittedOffset } from './types.js';

/** The record of one offset commit (Kafka's `offsetCommitKey` / `offsetCommitValue`). */
export function offsetCommitRecord(groupId: string, topic: string, partition: number, c: CommittedOffset, now: number): CoordinatorRecord {
  const value = encodeOffsetCommitValue({
    offset: c.offset,
    leaderEpoch: c.leaderEpoch,
    metadata: c.metadata,
    commitTimestamp: BigInt(c.commitTimestamp),
    expireTimestamp: c.expireTimestamp === null ? -1n : BigInt(c.expireTimestamp),
  });
  return { key: encodeOffsetCommitKey(groupId, topic, partition), value, timestamp: now };
}

/** A tombstone removing one committed offset (offset deletion, expiry, group deletion). */
export function offsetTombstone(groupId: string, topic: string, partition: number, now: number): CoordinatorRecord {
  return { key: encodeOffsetCommitKey(groupId, topic, partition), value: null, timestamp: now };
}

/** A tombstone removing a group's metadata (group deletion, expiry of an empty group). */
export function groupTombstone(groupId: string, now: number): CoordinatorRecord {
  return { key: encodeGroupMetadataKey(groupId), value: null, timestamp: now };
}

/**
 * The group metadata value of `group` with `assignment` for its members: generation, protocol type and
 * name, leader, state timestamp, and per member its identity, timeouts, metadata for the chosen protocol and
 * assignment (Kafka's `groupMetadataValue`).
 */
export function groupMetadataValueOf(group: ClassicGroup, assignment: ReadonlyMap<string, Buffer>): GroupMetadataValue {
  const protocol = group.protocolName;
  return {
    protocolType: group.protocolType ?? '',
    generation: group.generationId,
    protocol,
    leader: group.leaderId,
    currentStateTimestamp: BigInt(group.currentStateTimestamp ?? -1),
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeout: m.rebalanceTimeoutMs,
      sessionTimeout: m.sessionTimeoutMs,
      subscription: m.metadataFor(protocol ?? ''),
      assignment: assignment.get(m.memberId) ?? m.assignment,
    })),
  };
}

/** The group metadata record Kafka's `storeGroup` writes after a rebalance, on emptying, or a static rejoin. */
export function groupMetadataRecord(group: ClassicGroup, assignment: ReadonlyMap<string, Buffer>, now: number): CoordinatorRecord {
  return { key: encodeGroupMetadataKey(group.groupId), value: encodeGroupMetadataValue(groupMetadataValueOf(group, assignment)), timestamp: now };
}
