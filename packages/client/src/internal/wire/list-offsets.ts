import type { TopicPartition } from '../../contract/records.js';
import type { Wire } from './wire.js';
import { check } from './wire.js';

/** ListOffsets' special timestamps (Kafka's `ListOffsetsRequest.EARLIEST_TIMESTAMP`/`LATEST_TIMESTAMP`). */
export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;

/** One ListOffsets lookup: a partition and a timestamp (or -2 earliest, -1 latest). */
export interface OffsetLookup extends TopicPartition {
  readonly timestamp: number;
}

/**
 * Looks offsets up with one ListOffsets request, answering in the order asked. Raises the first partition
 * error as a `KafkaProtocolError`.
 */
export async function listOffsets(
  wire: Wire,
  lookups: readonly OffsetLookup[],
  isolationLevel = 0,
): Promise<Array<TopicPartition & { offset: number; timestamp: number }>> {
  const byTopic = new Map<string, OffsetLookup[]>();
  for (const l of lookups) {
    const list = byTopic.get(l.topic) ?? [];
    list.push(l);
    byTopic.set(l.topic, list);
  }
  const res = await wire.call(2, {
    replicaId: -1,
    isolationLevel,
    topics: [...byTopic].map(([name, ls]) => ({
      name,
      partitions: ls.map((l) => ({ partitionIndex: l.partition, currentLeaderEpoch: -1, timestamp: BigInt(l.timestamp) })),
    })),
  });
  const found = new Map<string, { offset: number; timestamp: number }>();
  for (const t of res.topics) {
    for (const p of t.partitions) {
      check(p.errorCode, `list offsets of ${t.name}-${p.partitionIndex}`);
      found.set(`${t.name}-${p.partitionIndex}`, { offset: Number(p.offset), timestamp: Number(p.timestamp) });
    }
  }
  return lookups.map((l) => {
    const f = found.get(`${l.topic}-${l.partition}`) ?? { offset: -1, timestamp: -1 };
    return { topic: l.topic, partition: l.partition, offset: f.offset, timestamp: f.timestamp };
  });
}
