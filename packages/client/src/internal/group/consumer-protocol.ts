import { ConsumerProtocolAssignment, ConsumerProtocolSubscription, Reader, Writer } from '@tributary/protocol';
import type { Assignment, Subscription } from '../../contract/assignor.js';
import type { TopicPartition } from '../../contract/records.js';

/** The protocol type of consumer groups in JoinGroup (Kafka's `ConsumerProtocol.PROTOCOL_TYPE`). */
export const CONSUMER_PROTOCOL_TYPE = 'consumer';

/** The subscription and assignment versions we write (Kafka 3.x writes v3 subscriptions). */
const SUBSCRIPTION_VERSION = 3;
const ASSIGNMENT_VERSION = 3;

/** Groups partitions by topic, topics and partitions sorted, as the consumer protocol carries them. */
export function byTopic(partitions: readonly TopicPartition[]): Array<{ topic: string; partitions: number[] }> {
  const map = new Map<string, number[]>();
  for (const p of partitions) {
    const list = map.get(p.topic) ?? [];
    list.push(p.partition);
    map.set(p.topic, list);
  }
  return [...map]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topic, ps]) => ({ topic, partitions: ps.sort((x, y) => x - y) }));
}

function flatten(list: ReadonlyArray<{ topic: string; partitions: readonly number[] }>): TopicPartition[] {
  return list.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
}

/** Kafka's `ConsumerProtocol.serializeSubscription`: an int16 version, then the ConsumerProtocolSubscription. */
export function encodeSubscription(s: Omit<Subscription, 'groupInstanceId'>): Buffer {
  const w = new Writer();
  w.writeInt16(SUBSCRIPTION_VERSION);
  ConsumerProtocolSubscription.write(
    w,
    SUBSCRIPTION_VERSION,
    ConsumerProtocolSubscription.create({
      topics: [...s.topics],
      userData: s.userData,
      ownedPartitions: byTopic(s.ownedPartitions),
      generationId: s.generationId,
      rackId: s.rackId,
    }),
  );
  return w.toBuffer();
}

/**
 * Kafka's `ConsumerProtocol.deserializeSubscription`: a newer version is read as the newest we know, its
 * extra trailing fields ignored (the forward compatibility the consumer protocol promises).
 */
export function decodeSubscription(buf: Buffer, groupInstanceId: string | null): Subscription {
  const r = new Reader(buf);
  const version = Math.min(r.readInt16(), SUBSCRIPTION_VERSION);
  const s = ConsumerProtocolSubscription.read(r, Math.max(0, version));
  return {
    topics: s.topics,
    userData: s.userData,
    ownedPartitions: flatten(s.ownedPartitions),
    generationId: s.generationId,
    rackId: s.rackId,
    groupInstanceId,
  };
}

/** Kafka's `ConsumerProtocol.serializeAssignment`. */
export function encodeAssignment(a: Assignment): Buffer {
  const w = new Writer();
  w.writeInt16(ASSIGNMENT_VERSION);
  ConsumerProtocolAssignment.write(
    w,
    ASSIGNMENT_VERSION,
    ConsumerProtocolAssignment.create({ assignedPartitions: byTopic(a.partitions), userData: a.userData }),
  );
  return w.toBuffer();
}

/** Kafka's `ConsumerProtocol.deserializeAssignment`; an empty buffer is an empty assignment. */
export function decodeAssignment(buf: Buffer): Assignment {
  if (buf.length === 0) return { partitions: [], userData: null };
  const r = new Reader(buf);
  const version = Math.min(r.readInt16(), ASSIGNMENT_VERSION);
  const a = ConsumerProtocolAssignment.read(r, Math.max(0, version));
  return { partitions: flatten(a.assignedPartitions), userData: a.userData };
}
