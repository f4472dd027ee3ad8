import { ListOffsetsResponse, type ListOffsetsResponseListOffsetsPartitionResponse } from '@tributary/protocol';
import { ListOffsetsTimestamp } from '@tributary/storage';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';

/**
 * ListOffsets: the earliest (-2), latest (-1: the high watermark, or the last stable offset for
 * READ_COMMITTED), max-timestamp (-3) offsets, or the first offset whose timestamp is at or after a given
 * time (via the time index; -1 when there is none). v0 answers in `oldStyleOffsets`.
 */
export const listOffsetsHandler: Handler<2> = async (request, ctx, broker) => {
  const v = ctx.apiVersion;
  const topics = [];
  for (const t of request.topics) {
    const partitions: ListOffsetsResponseListOffsetsPartitionResponse[] = [];
    for (const req of t.partitions) {
      const out = { partitionIndex: req.partitionIndex, errorCode: 0, oldStyleOffsets: [] as bigint[], timestamp: -1n, offset: -1n, leaderEpoch: -1 };
      const p = broker.replicas.get(t.name, req.partitionIndex);
      if (!p) {
        partitions.push({ ...out, errorCode: errorCode(broker.image.topic(t.name) ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION') });
        continue;
      }
      if (v >= 4 && req.currentLeaderEpoch >= 0 && req.currentLeaderEpoch !== p.leaderEpoch) {
        partitions.push({ ...out, errorCode: errorCode(req.currentLeaderEpoch < p.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH') });
        continue;
      }
      const ts = Number(req.timestamp);
      let offset: number;
      let timestamp = -1;
      let leaderEpoch = p.leaderEpoch;
      if (ts === ListOffsetsTimestamp.EARLIEST || ts === ListOffsetsTimestamp.EARLIEST_LOCAL) offset = p.log.logStartOffset;
      else if (ts === ListOffsetsTimestamp.LATEST) offset = v >= 2 && request.isolationLevel === 1 ? p.log.lastStableOffset : p.log.highWatermark;
      else {
        const found = await p.log.offsetForTimestamp(ts);
        if (found === null || found.offset >= p.log.highWatermark) {
          offset = -1;
          leaderEpoch = -1;
        } else {
          offset = found.offset;
          timestamp = found.timestamp;
          leaderEpoch = found.leaderEpoch ?? -1;
        }
      }
      if (v === 0) partitions.push({ ...out, oldStyleOffsets: offset >= 0 ? [BigInt(offset)] : [] });
      else partitions.push({ ...out, offset: BigInt(offset), timestamp: BigInt(timestamp), leaderEpoch: v >= 4 ? leaderEpoch : -1 });
    }
    topics.push({ name: t.name, partitions });
  }
  return ListOffsetsResponse.create({ throttleTimeMs: 0, topics });
};
