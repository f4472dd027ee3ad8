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
 * Looks offsets up with ListOffsets, answering in the order asked: one request, or one per repeat when a
 * partition is asked more than once (Kafka refuses duplicate partitions in one request). Raises the first
 * partition error as a `KafkaProtocolError`.
 */
export async function listOffsets(
  wire: Wire,
  lookups: readonly OffsetLookup[],
  isolationLevel = 0,
): Promise<Array<TopicPartition & { offset: number; timestamp: number }>> {
  const rounds: Array<Array<{ at: number; lookup: OffsetLookup }>> = [];
  const seen = new Map<string, number>();
  lookups.forEach((lookup, at) => {
    const key = `${lookup.topic}-${lookup.partition}`;
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push({ at, lookup });
  });
  const out: Array<TopicPartition & { offset: number; timestamp: number }> = new Array(lookups.length);
  for (const round of rounds) {
    const found = await listOffsetsOnce(wire, round.map((r) => r.lookup), isolationLevel);
    round.forEach((r, i) => (out[r.at] = found[i]!));
  }
  return out;
}

async function listOffsetsOnce(
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
