import { OffsetForLeaderEpochResponse, type OffsetForLeaderEpochResponseEpochEndOffset } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { BrokerServices, Handler } from '../api/types.js';

function endOffset(broker: BrokerServices, topic: string, partition: number, currentLeaderEpoch: number, leaderEpoch: number, version: number): OffsetForLeaderEpochResponseEpochEndOffset {
  const failed = (error: string) => ({ errorCode: errorCode(error), partition, leaderEpoch: -1, endOffset: -1n });
  const p = broker.replicas.get(topic, partition);
  // A partition the metadata knows but this broker does not host is NOT_LEADER_OR_FOLLOWER, else unknown (Kafka's order).
  if (!p) return failed(broker.image.topic(topic)?.partitions[partition] ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION');
  // -1 (and every version before 2, which has no such field) means "do not check".
  if (currentLeaderEpoch >= 0 && currentLeaderEpoch !== p.leaderEpoch) {
    return failed(currentLeaderEpoch < p.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH');
  }
  if (p.leader !== broker.nodeId) return failed('NOT_LEADER_OR_FOLLOWER');
  const found = p.log.endOffsetForEpoch(leaderEpoch);
  // Kafka answers "no such epoch" as no error with the undefined epoch and offset (-1, -1).
  return { errorCode: 0, partition, leaderEpoch: version >= 1 ? found.epoch : -1, endOffset: BigInt(found.endOffset) };
}

/**
 * OffsetForLeaderEpoch (KIP-101/KIP-320): for each partition, the largest leader epoch not above the one
 * asked for and the offset where it ended (the log end offset for the current epoch), from the log's
 * leader-epoch cache; -1/-1 when the log knows no such epoch. `currentLeaderEpoch` (v2+) fences stale
 * callers (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH). v3's `replicaId` names a follower (-1 for
 * consumers); every caller is answered from the leader's log, as Kafka does.
 */
export const offsetForLeaderEpochHandler: Handler<23> = (request, ctx, broker) => {
  const v = ctx.apiVersion;
  const topics = request.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p) => endOffset(broker, t.topic, p.partition, v >= 2 ? p.currentLeaderEpoch : -1, p.leaderEpoch, v)),
  }));
  return OffsetForLeaderEpochResponse.create({ throttleTimeMs: 0, topics });
};
