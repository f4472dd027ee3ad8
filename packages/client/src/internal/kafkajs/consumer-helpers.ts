import type { ConsumerPartitionAssignor } from '../../contract/assignor.js';
import type { RecordHeader, TopicPartition } from '../../contract/records.js';

// Small pure helpers of the kafkajs consumer.

export function fromKafkajsHeaders(h: Record<string, Buffer | string | Array<Buffer | string> | undefined> | undefined): RecordHeader[] {
  const out: RecordHeader[] = [];
  for (const [key, v] of Object.entries(h ?? {})) {
    for (const x of Array.isArray(v) ? v : [v]) if (x !== undefined) out.push({ key, value: Buffer.isBuffer(x) ? x : Buffer.from(x) });
  }
  return out;
}

/** An assignor that gives the private group's one member exactly the partitions of `assign()`. */
export function manualAssignor(wanted: () => readonly TopicPartition[]): ConsumerPartitionAssignor {
  return {
    name: 'tributary-manual',
    assign: (_cluster, subs) => new Map([...subs.keys()].map((id, i) => [id, { partitions: i === 0 ? [...wanted()] : [], userData: null }])),
  };
}

export function groupByTopic(partitions: readonly TopicPartition[]): Array<{ topic: string; partitions: number[] }> {
  const m = new Map<string, number[]>();
  for (const p of partitions) m.set(p.topic, [...(m.get(p.topic) ?? []), p.partition]);
  return [...m].map(([topic, ps]) => ({ topic, partitions: ps }));
}
