import { DeleteRecordsResponse, type DeleteRecordsResponseDeleteRecordsPartitionResult } from '@tributary/protocol';
import { StorageErrorCode } from '@tributary/storage';
import { errorCode } from '../api/errors.js';
import type { BrokerServices, Handler } from '../api/types.js';

/** DeleteRecords' offset meaning "up to the high watermark". */
const HIGH_WATERMARK = -1n;

async function deleteBefore(broker: BrokerServices, topic: string, partition: number, offset: bigint): Promise<DeleteRecordsResponseDeleteRecordsPartitionResult> {
  const failed = (error: string) => ({ partitionIndex: partition, lowWatermark: -1n, errorCode: errorCode(error) });
  const p = broker.replicas.get(topic, partition);
  // A partition the metadata knows but this broker does not host is NOT_LEADER_OR_FOLLOWER, else unknown (Kafka's order).
  if (!p) return failed(broker.image.topic(topic)?.partitions[partition] ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION');
  if (p.leader !== broker.nodeId) return failed('NOT_LEADER_OR_FOLLOWER');
  // A compact-only topic keeps its history by policy (Kafka's PolicyViolationException).
  if (!p.log.config.cleanupPolicy.includes('delete')) return failed('POLICY_VIOLATION');
  const target = offset === HIGH_WATERMARK ? p.log.highWatermark : Number(offset);
  if (target < 0 || offset > BigInt(Number.MAX_SAFE_INTEGER)) return failed('OFFSET_OUT_OF_RANGE');
  const r = await p.log.deleteRecordsBefore(target);
  if (r.errorCode !== StorageErrorCode.NONE) return failed('OFFSET_OUT_OF_RANGE');
  return { partitionIndex: partition, lowWatermark: BigInt(r.lowWatermark), errorCode: 0 };
}

/**
 * DeleteRecords: moves each partition's log start offset up to the given offset (-1: the high watermark),
 * deleting the segments wholly below it, and answers the new low watermark. An offset above the high
 * watermark (or negative) is OFFSET_OUT_OF_RANGE; a topic whose `cleanup.policy` lacks `delete` is
 * POLICY_VIOLATION. With one replica the deletion is complete when the log says so, so `timeoutMs` never
 * runs out. Fetch and ListOffsets (earliest) see the new start at once.
 */
export const deleteRecordsHandler: Handler<21> = async (request, _ctx, broker) => {
  const topics = [];
  for (const t of request.topics) {
    const partitions = [];
    for (const p of t.partitions) partitions.push(await deleteBefore(broker, t.name, p.partitionIndex, p.offset));
    topics.push({ name: t.name, partitions });
  }
  return DeleteRecordsResponse.create({ throttleTimeMs: 0, topics });
};
