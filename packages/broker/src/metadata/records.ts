/**
 * Cluster metadata records, KRaft style: the controller writes these to the `__cluster_metadata` log and every
 * broker's {@link MetadataImage} is the replay of that log. Names follow Kafka's metadata record types
 * (`TopicRecord`, `PartitionRecord`, `ConfigRecord`, `RemoveTopicRecord`, `PartitionChangeRecord`,
 * `RegisterBrokerRecord`).
 */
export type MetadataRecord =
  | { readonly type: 'TopicRecord'; readonly name: string; readonly topicId: string }
  | {
      readonly type: 'PartitionRecord';
      readonly topicId: string;
      readonly partitionId: number;
      readonly replicas: readonly number[];
      readonly isr: readonly number[];
      readonly leader: number;
      readonly leaderEpoch: number;
      readonly partitionEpoch: number;
    }
  | {
      readonly type: 'PartitionChangeRecord';
      readonly topicId: string;
      readonly partitionId: number;
      readonly isr?: readonly number[];
      readonly leader?: number;
      readonly replicas?: readonly number[];
    }
  | { readonly type: 'RemoveTopicRecord'; readonly topicId: string }
  | {
      readonly type: 'ConfigRecord';
      readonly resourceType: 'topic' | 'broker';
      /** Topic name, broker id as a string, or '' for the cluster-wide broker default. */
      readonly resourceName: string;
      readonly name: string;
      /** null removes the override. */
      readonly value: string | null;
    }
  | {
      /** A block of producer ids handed out by the controller: ids below `nextProducerId` are taken. */
      readonly type: 'ProducerIdsRecord';
      readonly brokerId: number;
      readonly nextProducerId: number;
    }
  | {
      readonly type: 'RegisterBrokerRecord';
      readonly brokerId: number;
      readonly endpoints: ReadonlyArray<{ name: string; host: string; port: number; securityProtocol: string }>;
      readonly rack: string | null;
    };

export function encodeMetadataRecord(record: MetadataRecord): Buffer {
  return Buffer.from(JSON.stringify(record), 'utf8');
}

export function decodeMetadataRecord(bytes: Buffer): MetadataRecord {
  return JSON.parse(bytes.toString('utf8')) as MetadataRecord;
}
