import type { MetadataResponse } from '@tributary/protocol';
import type { HostPort } from './connection.js';

/**
 * Kafka's zero topic id (`Uuid.ZERO_UUID`) as the codecs spell uuids: a broker answering Metadata below v10
 * sends none.
 */
export const ZERO_TOPIC_ID = '00000000-0000-0000-0000-000000000000';

/** A uuid as Kafka prints it (`Uuid.toString()`): the 16 bytes in URL-safe base64 without padding. */
export function kafkaUuid(hyphenated: string): string {
  return Buffer.from(hyphenated.replace(/-/g, ''), 'hex').toString('base64url');
}

/** One partition as Metadata describes it (Kafka's `TopicPartitionInfo`). */
export interface PartitionInfo {
  readonly partition: number;
  /** The leader's node id, or -1 when there is none. */
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offline: readonly number[];
  readonly errorCode: number;
}

/** One topic as Metadata describes it (Kafka's `TopicDescription`). */
export interface TopicInfo {
  readonly name: string;
  readonly topicId: string;
  readonly isInternal: boolean;
  readonly errorCode: number;
  /** Sorted by partition index. */
  readonly partitions: readonly PartitionInfo[];
}

/** One broker of the cluster (Kafka's `Node`). */
export interface NodeInfo extends HostPort {
  readonly id: number;
  readonly rack: string | null;
}

/** A snapshot of the cluster: brokers, controller and topics (Kafka's `Cluster`). */
export interface ClusterMetadata {
  readonly clusterId: string | null;
  readonly controllerId: number;
  readonly brokers: ReadonlyMap<number, NodeInfo>;
  readonly topics: ReadonlyMap<string, TopicInfo>;
}

/** Turns a Metadata answer into a {@link ClusterMetadata}. */
export function clusterFromMetadata(body: MetadataResponse): ClusterMetadata {
  const brokers = new Map<number, NodeInfo>(
    body.brokers.map((b) => [b.nodeId, { id: b.nodeId, host: b.host, port: b.port, rack: b.rack }]),
  );
  const topics = new Map<string, TopicInfo>();
  for (const t of body.topics) {
    if (t.name === null) continue;
    const partitions = t.partitions
      .map((p) => ({
        partition: p.partitionIndex,
        leader: p.leaderId,
        leaderEpoch: p.leaderEpoch,
        replicas: p.replicaNodes,
        isr: p.isrNodes,
        offline: p.offlineReplicas,
        errorCode: p.errorCode,
      }))
      .sort((a, b) => a.partition - b.partition);
    topics.set(t.name, { name: t.name, topicId: t.topicId, isInternal: t.isInternal, errorCode: t.errorCode, partitions });
  }
  return { clusterId: body.clusterId, controllerId: body.controllerId, brokers, topics };
}

/** Kafka's `TopicPartition.toString()`: `topic-partition`. */
export function tpText(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
