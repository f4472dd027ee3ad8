import type { GroupMetadataValue } from '@tributary/protocol';
import { ClassicGroup } from './classic-group.js';
import type { CoordinatorLog } from './coordinator-log.js';
import { GroupState } from './group-state.js';
import { GroupMember } from './member.js';
import { decodeCoordinatorKey, decodeGroupMetadataValue, decodeOffsetCommitValue } from './record-codec.js';
import type { CommittedOffset } from './types.js';

/** The last word of a partition's log on each group: metadata (or its tombstone) and committed offsets. */
export interface ReplayedPartition {
  /** Group metadata by group id; `null` where the last record was a tombstone. */
  readonly metadata: Map<string, { version: number; value: GroupMetadataValue } | null>;
  /** Offsets by group id, then by `partition:topic`. */
  readonly offsets: Map<string, Map<string, { topic: string; partition: number; committed: CommittedOffset }>>;
  /** Records skipped because they could not be decoded, or use a key version this coordinator does not know. */
  skipped: number;
}

/**
 * Replays every record of a `__consumer_offsets` partition, later records overriding earlier ones exactly as
 * compaction would (Kafka's `doLoadGroupsAndOffsets`).
 */
export async function replayPartition(log: CoordinatorLog, partition: number): Promise<ReplayedPartition> {
  const state: ReplayedPartition = { metadata: new Map(), offsets: new Map(), skipped: 0 };
  for await (const record of log.readAll(partition)) {
    if (record.key === null) {
      state.skipped++;
      continue;
    }
    try {
      applyRecord(state, record.key, record.value);
    } catch {
      state.skipped++;
    }
  }
  return state;
}

/** Applies one record to a replay; raises `ProtocolDecodeError` on bytes that do not decode. */
export function applyRecord(state: ReplayedPartition, key: Buffer, value: Buffer | null): void {
  const k = decodeCoordinatorKey(key);
  if (k.type === 'offset') {
    let offsets = state.offsets.get(k.group);
    const id = `${k.partition}:${k.topic}`;
    if (value === null) {
      offsets?.delete(id);
      if (offsets?.size === 0) state.offsets.delete(k.group);
      return;
    }
    const { value: v } = decodeOffsetCommitValue(value);
    const committed: CommittedOffset = {
      offset: v.offset,
      leaderEpoch: v.leaderEpoch,
      metadata: v.metadata,
      commitTimestamp: Number(v.commitTimestamp),
      expireTimestamp: v.expireTimestamp < 0n ? null : Number(v.expireTimestamp),
    };
    if (!offsets) state.offsets.set(k.group, (offsets = new Map()));
    offsets.set(id, { topic: k.topic, partition: k.partition, committed });
  } else if (k.type === 'group') {
    state.metadata.set(k.group, value === null ? null : decodeGroupMetadataValue(value));
  } else {
    state.skipped++;
  }
}

/**
 * Builds the groups a replay describes: a group with members comes back Stable with its generation, leader
 * and assignments (its members must heartbeat within their session timeout to stay); one without is Empty.
 * Groups known only by their offsets (simple consumers) come back Empty. Tombstoned groups stay gone.
 */
export function groupsFromReplay(replay: ReplayedPartition, now: number): ClassicGroup[] {
  const groups = new Map<string, ClassicGroup>();
  for (const [groupId, record] of replay.metadata) {
    if (record !== null) groups.set(groupId, groupFromMetadata(groupId, record.version, record.value, now));
  }
  for (const [groupId, offsets] of replay.offsets) {
    let group = groups.get(groupId);
    if (!group) groups.set(groupId, (group = new ClassicGroup(groupId, now)));
    for (const { topic, partition, committed } of offsets.values()) group.offsets.apply(topic, partition, committed);
  }
  return [...groups.values()];
}

/** Kafka's `readGroupMessageValue` + `GroupMetadata.loadGroup`. */
function groupFromMetadata(groupId: string, version: number, v: GroupMetadataValue, now: number): ClassicGroup {
  const group = new ClassicGroup(groupId, now, v.members.length > 0 ? GroupState.Stable : GroupState.Empty);
  group.generationId = v.generation;
  group.protocolType = v.protocolType === '' ? null : v.protocolType;
  group.protocolName = v.protocol;
  group.leaderId = v.leader;
  group.currentStateTimestamp = v.currentStateTimestamp < 0n ? null : Number(v.currentStateTimestamp);
  for (const m of v.members) {
    const member = new GroupMember({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      // Version 0 records carry no rebalance timeout; Kafka uses the session timeout.
      rebalanceTimeoutMs: version === 0 ? m.sessionTimeout : m.rebalanceTimeout,
      sessionTimeoutMs: m.sessionTimeout,
      protocolType: v.protocolType,
      protocols: [{ name: v.protocol ?? '', metadata: m.subscription }],
    });
    member.assignment = m.assignment;
    group.add(member, null);
  }
  group.leaderId = v.leader;
  group.subscribedTopics = group.computeSubscribedTopics();
  return group;
}
