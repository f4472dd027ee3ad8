import type { OffsetCommitRequest, OffsetCommitResponse, OffsetDeleteRequest, OffsetDeleteResponse, OffsetFetchResponse } from '@tributary/protocol';
import { commitEntryOf, groupByTopic } from './adapters.js';
import { E } from './errors.js';
import type { CommitEntry, CommitParams, DeleteOffsetsOutcome, FetchedOffset } from './offsets.js';
import type { TopicPartition } from './types.js';

/** An OffsetCommit split into what the coordinator handles and what the broker answers itself. */
export interface BuiltCommit {
  readonly request: OffsetCommitRequest;
  readonly params: CommitParams;
  /** Per request partition, in order: a fixed error (unknown partition) or `null` (its code comes from the coordinator). */
  readonly fixed: ReadonlyArray<number | null>;
}

/** Turns an OffsetCommit request into coordinator parameters; partitions that do not exist are set aside. */
export function buildCommitRequest(
  req: OffsetCommitRequest,
  version: number,
  now: number,
  exists: ((topic: string, partition: number) => boolean) | undefined,
): BuiltCommit {
  const entries: CommitEntry[] = [];
  const fixed: Array<number | null> = [];
  for (const t of req.topics) {
    for (const p of t.partitions) {
      if (exists !== undefined && !exists(t.name, p.partitionIndex)) {
        fixed.push(E.UNKNOWN_TOPIC_OR_PARTITION);
      } else {
        fixed.push(null);
        entries.push(commitEntryOf(req, version, t.name, p, now));
      }
    }
  }
  const params: CommitParams = {
    groupId: req.groupId,
    generationId: version >= 1 ? req.generationIdOrMemberEpoch : -1,
    memberId: version >= 1 ? req.memberId : '',
    groupInstanceId: version >= 7 ? req.groupInstanceId : null,
    entries,
    groupIdNotFoundError: version >= 9,
  };
  return { request: req, params, fixed };
}

/** The OffsetCommit response, in the request's order. */
export function commitResponseOf(built: BuiltCommit, codes: readonly number[]): OffsetCommitResponse {
  let i = 0;
  let c = 0;
  const topics = built.request.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => {
      const fixed = built.fixed[i++];
      return { partitionIndex: p.partitionIndex, errorCode: fixed ?? codes[c++] ?? E.UNKNOWN_SERVER_ERROR };
    }),
  }));
  return { throttleTimeMs: 0, topics };
}

/** The partitions an OffsetFetch names. */
export function partitionsOf(topics: ReadonlyArray<{ name: string; partitionIndexes: readonly number[] }>): TopicPartition[] {
  return topics.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition })));
}

/** One group's OffsetFetch outcome. */
export interface GroupFetch {
  readonly groupId: string;
  readonly errorCode: number;
  readonly offsets: readonly FetchedOffset[];
}

/**
 * The OffsetFetch response for a version: v8+ lists groups; v2-v7 carry a top-level error (and no topics
 * with it); v0-v1 have no top-level error, so a group error is repeated on every requested partition
 * (Kafka's `OffsetFetchRequest.getErrorResponse`).
 */
export function fetchResponseOf(
  groups: readonly GroupFetch[],
  version: number,
  requested: ReadonlyArray<{ name: string; partitionIndexes: readonly number[] }> | null,
): OffsetFetchResponse {
  if (version >= 8) {
    return {
      throttleTimeMs: 0,
      topics: [],
      errorCode: E.NONE,
      groups: groups.map((g) => ({ groupId: g.groupId, topics: g.errorCode === E.NONE ? groupByTopic(g.offsets) : [], errorCode: g.errorCode })),
    };
  }
  const g = groups[0]!;
  if (g.errorCode === E.NONE) return { throttleTimeMs: 0, topics: groupByTopic(g.offsets), errorCode: E.NONE, groups: [] };
  if (version >= 2) return { throttleTimeMs: 0, topics: [], errorCode: g.errorCode, groups: [] };
  const failed = partitionsOf(requested ?? []).map(({ topic, partition }) => ({
    topic,
    partition,
    offset: -1n,
    leaderEpoch: -1,
    metadata: '',
    errorCode: g.errorCode,
  }));
  return { throttleTimeMs: 0, topics: groupByTopic(failed), errorCode: E.NONE, groups: [] };
}

/** The OffsetDelete response: a group error alone, or per partition (unknown partitions: UNKNOWN_TOPIC_OR_PARTITION). */
export function deleteOffsetsResponseOf(
  req: OffsetDeleteRequest,
  outcome: DeleteOffsetsOutcome,
  exists: (topic: string, partition: number) => boolean,
): OffsetDeleteResponse {
  if (outcome.errorCode !== E.NONE) return { errorCode: outcome.errorCode, throttleTimeMs: 0, topics: [] };
  let k = 0;
  const topics = req.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => ({
      partitionIndex: p.partitionIndex,
      errorCode: exists(t.name, p.partitionIndex) ? (outcome.partitionErrors[k++] ?? E.NONE) : E.UNKNOWN_TOPIC_OR_PARTITION,
    })),
  }));
  return { errorCode: E.NONE, throttleTimeMs: 0, topics };
}
