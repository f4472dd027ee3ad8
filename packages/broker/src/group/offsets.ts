import type { ClassicGroup } from './classic-group.js';
import { CONSUMER_PROTOCOL_TYPE } from './consumer-protocol.js';
import type { CoordinatorRecord } from './coordinator-log.js';
import { E, offsetAppendError } from './errors.js';
import { GroupState } from './group-state.js';
import type { Rebalancer } from './rebalance.js';
import { groupTombstone, offsetCommitRecord, offsetTombstone } from './records.js';
import type { GroupRuntime } from './runtime.js';
import { UNKNOWN_MEMBER_ID, type CommittedOffset, type TopicPartition } from './types.js';

/** One partition of an OffsetCommit. */
export interface CommitEntry {
  readonly topic: string;
  readonly partition: number;
  readonly committed: CommittedOffset;
}

/** An OffsetCommit as the coordinator handles it. */
export interface CommitParams {
  readonly groupId: string;
  /** -1 for a commit outside group management ("simple" consumers, the admin client). */
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly entries: readonly CommitEntry[];
  /** OffsetCommit v9+ answers GROUP_ID_NOT_FOUND where older versions answer ILLEGAL_GENERATION. */
  readonly groupIdNotFoundError: boolean;
}

/**
 * OffsetCommit (Kafka's `handleCommitOffsets` / `storeOffsets`): checks generation and membership of group
 * commits, lets simple commits (generation -1, no member id) create or use an empty group, rejects metadata
 * longer than `offset.metadata.max.bytes` (counted in UTF-16 units, as Java's `String.length`), appends one
 * record per partition and applies them once durable. Returns one error code per entry, in order.
 */
export async function commitOffsets(rt: GroupRuntime, rb: Rebalancer, p: CommitParams): Promise<number[]> {
  const all = (code: number): number[] => p.entries.map(() => code);
  let group = rt.group(p.groupId);
  if (group === undefined) {
    if (p.generationId >= 0) return all(p.groupIdNotFoundError ? E.GROUP_ID_NOT_FOUND : E.ILLEGAL_GENERATION);
    group = rt.createGroup(p.groupId);
  }
  const error = validateOffsetCommit(group, p);
  if (error !== null) return all(error);
  if (group.is(GroupState.CompletingRebalance)) return all(E.REBALANCE_IN_PROGRESS);
  // A commit proves the member alive, even while the group prepares a rebalance.
  const member = group.members.get(p.memberId);
  if (member) rb.scheduleHeartbeat(group, member);
  return storeOffsets(rt, group, p.entries);
}

function validateOffsetCommit(group: ClassicGroup, p: CommitParams): number | null {
  // Generation -1 (the admin client, or a consumer outside group management) may commit to an empty group.
  if (p.generationId < 0 && group.is(GroupState.Empty)) return null;
  if (p.generationId >= 0 || p.memberId !== UNKNOWN_MEMBER_ID || p.groupInstanceId !== null) {
    const memberError = group.validateMember(p.memberId, p.groupInstanceId);
    if (memberError !== null) return memberError;
    return p.generationId === group.generationId ? null : E.ILLEGAL_GENERATION;
  }
  // Outside group management, only an empty group accepts commits.
  return group.is(GroupState.Empty) ? null : E.UNKNOWN_MEMBER_ID;
}

async function storeOffsets(rt: GroupRuntime, group: ClassicGroup, entries: readonly CommitEntry[]): Promise<number[]> {
  const max = rt.config.maxMetadataSize;
  const tooLarge = (e: CommitEntry): boolean => e.committed.metadata.length > max;
  const valid = entries.filter((e) => !tooLarge(e));
  if (valid.length === 0) return entries.map(() => E.OFFSET_METADATA_TOO_LARGE);
  const now = rt.clock.now();
  let outcome: number = E.NONE;
  try {
    await rt.append(group.groupId, valid.map((e) => offsetCommitRecord(group.groupId, e.topic, e.partition, e.committed, now)));
    for (const e of valid) group.offsets.apply(e.topic, e.partition, e.committed);
  } catch (err) {
    outcome = offsetAppendError(err);
  }
  return entries.map((e) => (tooLarge(e) ? E.OFFSET_METADATA_TOO_LARGE : outcome));
}

/** One partition's answer to an OffsetFetch. */
export interface FetchedOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string;
  readonly errorCode: number;
}

/** Says whether a transaction holds uncommitted offsets for a partition (answered UNSTABLE_OFFSET_COMMIT). */
export type PendingOffsetsProbe = (groupId: string, topic: string, partition: number) => boolean;

/**
 * OffsetFetch for one group (Kafka's `getOffsets`): the committed offsets of the partitions asked for, or of
 * every partition when `partitions` is null; -1 with empty metadata where nothing is committed. With
 * `requireStable`, partitions with pending transactional offsets answer UNSTABLE_OFFSET_COMMIT.
 */
export function fetchOffsets(
  group: ClassicGroup | undefined,
  partitions: readonly TopicPartition[] | null,
  requireStable: boolean,
  pending: PendingOffsetsProbe | undefined,
): FetchedOffset[] {
  const wanted = partitions ?? group?.offsets.entries() ?? [];
  return wanted.map(({ topic, partition }) => {
    if (group !== undefined && requireStable && pending?.(group.groupId, topic, partition)) {
      return { topic, partition, offset: -1n, leaderEpoch: -1, metadata: '', errorCode: E.UNSTABLE_OFFSET_COMMIT };
    }
    const c = group?.offsets.get(topic, partition);
    if (c === undefined) return { topic, partition, offset: -1n, leaderEpoch: -1, metadata: '', errorCode: E.NONE };
    return { topic, partition, offset: c.offset, leaderEpoch: c.leaderEpoch, metadata: c.metadata, errorCode: E.NONE };
  });
}

/**
 * Removes offsets, and the group itself when that leaves an empty group with no offsets (Kafka's
 * `cleanupGroupMetadata`): tombstones for the removed offsets and, for a group that ever had a generation,
 * for its metadata. State changes only after the tombstones are durable. With `deleteGroup` the group is
 * removed whatever offsets remain (DeleteGroups). Rejects if the append fails.
 */
export async function removeOffsetsAndMaybeGroup(
  rt: GroupRuntime,
  rb: Rebalancer,
  group: ClassicGroup,
  remove: readonly TopicPartition[],
  deleteGroup = false,
): Promise<number> {
  const now = rt.clock.now();
  const present = remove.filter((tp) => group.offsets.get(tp.topic, tp.partition) !== undefined);
  const unique = [...new Map(present.map((tp) => [`${tp.partition}:${tp.topic}`, tp])).values()];
  const dies = deleteGroup || (group.is(GroupState.Empty) && group.offsets.size === unique.length && group.pendingMembers.size === 0);
  const records: CoordinatorRecord[] = unique.map((tp) => offsetTombstone(group.groupId, tp.topic, tp.partition, now));
  if (dies && group.generationId > 0) records.push(groupTombstone(group.groupId, now));
  if (records.length > 0) await rt.append(group.groupId, records);
  for (const tp of unique) group.offsets.apply(tp.topic, tp.partition, null);
  if (dies) {
    group.transitionTo(GroupState.Dead, now);
    rb.retire(group);
    rt.removeGroup(group);
  }
  return unique.length;
}

/**
 * Offsets due for expiry (Kafka's `removeExpiredOffsets`): in an empty group, those older than the
 * retention measured from when the group became empty; in a stable consumer group, those of topics no
 * member subscribes to, measured from their commit; in a group that never used group management, each from
 * its commit. An explicit expire timestamp (OffsetCommit v2-v4) wins.
 */
export function expiredOffsets(group: ClassicGroup, now: number, retentionMs: number): TopicPartition[] {
  let base: (c: CommittedOffset) => number;
  let keep: ReadonlySet<string> = new Set();
  if (group.protocolType !== null && group.is(GroupState.Empty)) {
    const since = group.currentStateTimestamp;
    base = (c) => since ?? c.commitTimestamp;
  } else if (group.protocolType === CONSUMER_PROTOCOL_TYPE && group.subscribedTopics !== null && group.is(GroupState.Stable)) {
    base = (c) => c.commitTimestamp;
    keep = group.subscribedTopics;
  } else if (group.protocolType === null) {
    base = (c) => c.commitTimestamp;
  } else {
    return [];
  }
  return group.offsets
    .entries()
    .filter(({ topic, committed: c }) => !keep.has(topic) && (c.expireTimestamp !== null ? now >= c.expireTimestamp : now - base(c) >= retentionMs))
    .map(({ topic, partition }) => ({ topic, partition }));
}

/** OffsetDelete's outcome: a group error, or one error per requested partition. */
export interface DeleteOffsetsOutcome {
  readonly errorCode: number;
  readonly partitionErrors: number[];
}

/**
 * OffsetDelete (Kafka's `handleDeleteOffsets`): an empty group may lose any offsets; an active consumer group
 * only those of topics it does not subscribe to (GROUP_SUBSCRIBED_TO_TOPIC otherwise); other active groups
 * none (NON_EMPTY_GROUP).
 */
export async function deleteOffsets(
  rt: GroupRuntime,
  rb: Rebalancer,
  groupId: string,
  partitions: readonly TopicPartition[],
): Promise<DeleteOffsetsOutcome> {
  const group = rt.group(groupId);
  if (group === undefined) return { errorCode: E.GROUP_ID_NOT_FOUND, partitionErrors: [] };
  let eligible: (tp: { topic: string }) => boolean;
  if (group.is(GroupState.Empty)) eligible = () => true;
  else if (group.protocolType === CONSUMER_PROTOCOL_TYPE) eligible = (tp) => !group.isSubscribedToTopic(tp.topic);
  else return { errorCode: E.NON_EMPTY_GROUP, partitionErrors: [] };
  const toRemove = partitions.filter(eligible);
  if (toRemove.length > 0) {
    try {
      await removeOffsetsAndMaybeGroup(rt, rb, group, toRemove);
    } catch (err) {
      return { errorCode: offsetAppendError(err), partitionErrors: [] };
    }
  }
  return { errorCode: E.NONE, partitionErrors: partitions.map((tp) => (eligible(tp) ? E.NONE : E.GROUP_SUBSCRIBED_TO_TOPIC)) };
}
