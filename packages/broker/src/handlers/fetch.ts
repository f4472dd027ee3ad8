import { FetchResponse, downConvert, type FetchResponseFetchableTopicResponse, type FetchResponsePartitionData } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';
import type { FetchPartitionRequest } from '../replica/replica-manager.js';

/** Kafka's `FetchRequest.INVALID_SESSION_ID` / sessionless fetches answer session id 0. */
const NO_SESSION = 0;

/**
 * Fetch: whole batches read from the segment files and sent unchanged, beginning at the batch that holds the
 * fetch offset, limited by `max.bytes` (v3+), per-partition `partition.max.bytes`, with long polling by
 * `max.wait.ms`/`min.bytes` (the request waits in the purgatory until data arrives, never a busy loop).
 * Up to the high watermark, or the last stable offset for READ_COMMITTED (v4+). Fetch v0-v3 clients get the
 * stored v2 batches down-converted to magic 0/1 message sets, as Kafka does. Sessions (v7+) are not kept:
 * every fetch is a full, session-less fetch (session id 0), which clients accept.
 */
export const fetchHandler: Handler<1> = async (request, ctx, broker) => {
  const v = ctx.apiVersion;
  const partitions: FetchPartitionRequest[] = [];
  for (const t of request.topics) {
    const topic = v >= 13 ? (broker.image.topicById(t.topicId)?.name ?? '') : t.topic;
    for (const p of t.partitions) {
      partitions.push({
        topic,
        partition: p.partition,
        fetchOffset: Number(p.fetchOffset),
        partitionMaxBytes: p.partitionMaxBytes,
        currentLeaderEpoch: v >= 9 ? p.currentLeaderEpoch : -1,
      });
    }
  }
  const results = await broker.replicas.fetch(partitions, {
    maxWaitMs: request.maxWaitMs,
    minBytes: request.minBytes,
    // Before v3 there is no request-level limit.
    maxBytes: v >= 3 ? Math.min(request.maxBytes, broker.config.int('fetch.max.bytes')) : Number.MAX_SAFE_INTEGER,
    isolationLevel: v >= 4 ? request.isolationLevel : 0,
  });
  const legacyMagic: 0 | 1 | null = v <= 1 ? 0 : v <= 3 ? 1 : null;
  const responses: FetchResponseFetchableTopicResponse[] = [];
  let i = 0;
  for (const t of request.topics) {
    const out: FetchResponsePartitionData[] = [];
    for (const p of t.partitions) {
      const r = results[i++]!;
      let records: Buffer | null = r.records;
      if (records && records.length > 0 && legacyMagic !== null) {
        records = await downConvert(records, legacyMagic, { firstOffset: Number(p.fetchOffset) });
      }
      out.push({
          partitionIndex: p.partition,
          errorCode: errorCode(r.error),
          highWatermark: BigInt(r.highWatermark),
          lastStableOffset: BigInt(r.lastStableOffset),
          logStartOffset: BigInt(r.logStartOffset),
          divergingEpoch: { epoch: -1, endOffset: -1n },
          currentLeader: { leaderId: -1, leaderEpoch: -1 },
          snapshotId: { endOffset: -1n, epoch: -1 },
          abortedTransactions: v >= 4 && request.isolationLevel === 1 ? [] : null,
          preferredReadReplica: -1,
          records: records ?? Buffer.alloc(0),
      });
    }
    responses.push({ topic: t.topic, topicId: t.topicId, partitions: out });
  }
  return FetchResponse.create({ throttleTimeMs: 0, errorCode: 0, sessionId: NO_SESSION, responses });
};
