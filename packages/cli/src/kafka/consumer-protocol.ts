import { ConsumerProtocolAssignment, ConsumerProtocolSubscription, Reader, Writer, type MessageCodec } from '@tributary/protocol';

/*
 * The "consumer" embedded protocol of classic groups (Kafka's `ConsumerProtocol`): JoinGroup metadata is a
 * version-prefixed ConsumerProtocolSubscription, SyncGroup and DescribeGroups assignments a version-prefixed
 * ConsumerProtocolAssignment.
 */

/** The subscription version this client sends (v1: with owned partitions, as Kafka 2.4+ consumers do). */
const SUBSCRIPTION_VERSION = 1;
const ASSIGNMENT_VERSION = 1;

function prefixed<T>(codec: MessageCodec<T>, version: number, value: T): Buffer {
  const w = new Writer();
  w.writeInt16(version);
  codec.write(w, version, value);
  return w.toBuffer();
}

/** Reads a version-prefixed struct; newer versions are read with the newest layout known (they only add fields). */
function readPrefixed<T>(codec: MessageCodec<T>, buf: Buffer): T {
  const r = new Reader(buf);
  const version = r.readInt16();
  return codec.read(r, Math.min(version, codec.validVersions.max));
}

/** JoinGroup metadata for a member subscribed to `topics`. */
export function encodeSubscription(topics: readonly string[]): Buffer {
  return prefixed(ConsumerProtocolSubscription, SUBSCRIPTION_VERSION, ConsumerProtocolSubscription.create({ topics: [...topics] }));
}

/** The topics of a member's JoinGroup metadata. */
export function decodeSubscription(buf: Buffer): string[] {
  return readPrefixed(ConsumerProtocolSubscription, buf).topics;
}

/** SyncGroup assignment bytes for a list of partitions. */
export function encodeAssignment(partitions: ReadonlyArray<{ topic: string; partition: number }>): Buffer {
  const topics = new Map<string, number[]>();
  for (const p of partitions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition]);
  return prefixed(
    ConsumerProtocolAssignment,
    ASSIGNMENT_VERSION,
    ConsumerProtocolAssignment.create({ assignedPartitions: [...topics].map(([topic, ps]) => ({ topic, partitions: ps })) }),
  );
}

/** The partitions of an assignment (empty bytes, as for a member not yet synced, is no partitions). */
export function decodeAssignment(buf: Buffer): Array<{ topic: string; partition: number }> {
  if (buf.length === 0) return [];
  return readPrefixed(ConsumerProtocolAssignment, buf).assignedPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
}
