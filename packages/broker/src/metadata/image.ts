import type { MetadataRecord } from './records.js';

/** One partition's replica state, as Metadata responses report it. */
export interface PartitionState {
  readonly partitionId: number;
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  replicas: number[];
  isr: number[];
}

export interface TopicImage {
  readonly name: string;
  readonly topicId: string;
  readonly partitions: PartitionState[];
  /** Topic-level config overrides (Kafka's dynamic topic configs). */
  readonly configs: Map<string, string>;
}

export interface BrokerRegistration {
  readonly brokerId: number;
  readonly endpoints: ReadonlyArray<{ name: string; host: string; port: number; securityProtocol: string }>;
  readonly rack: string | null;
}

/**
 * The cluster metadata as every broker sees it: the replay of the metadata log. It changes only through
 * {@link MetadataImage.replay}, so restart (replaying the same log) rebuilds exactly the same image.
 */
export class MetadataImage {
  private readonly topicsByName = new Map<string, TopicImage>();
  private readonly topicsById = new Map<string, TopicImage>();
  readonly brokers = new Map<number, BrokerRegistration>();
  /** The first producer id not yet handed out. */
  nextProducerId = 0;
  /** Broker config overrides: key '' is the cluster default, else the broker id. */
  readonly brokerConfigs = new Map<string, Map<string, string>>();

  replay(record: MetadataRecord): void {
    switch (record.type) {
      case 'TopicRecord': {
        const topic: TopicImage = { name: record.name, topicId: record.topicId, partitions: [], configs: new Map() };
        this.topicsByName.set(record.name, topic);
        this.topicsById.set(record.topicId, topic);
        return;
      }
      case 'PartitionRecord': {
        const topic = this.topicsById.get(record.topicId);
        if (!topic) return;
        topic.partitions[record.partitionId] = {
          partitionId: record.partitionId,
          leader: record.leader,
          leaderEpoch: record.leaderEpoch,
          partitionEpoch: record.partitionEpoch,
          replicas: [...record.replicas],
          isr: [...record.isr],
        };
        return;
      }
      case 'PartitionChangeRecord': {
        const p = this.topicsById.get(record.topicId)?.partitions[record.partitionId];
        if (!p) return;
        if (record.leader !== undefined && record.leader !== p.leader) {
          p.leader = record.leader;
          p.leaderEpoch++;
        }
        if (record.isr) p.isr = [...record.isr];
        if (record.replicas) p.replicas = [...record.replicas];
        p.partitionEpoch++;
        return;
      }
      case 'RemoveTopicRecord': {
        const topic = this.topicsById.get(record.topicId);
        if (!topic) return;
        this.topicsById.delete(record.topicId);
        this.topicsByName.delete(topic.name);
        return;
      }
      case 'ConfigRecord': {
        const target =
          record.resourceType === 'topic'
            ? this.topicsByName.get(record.resourceName)?.configs
            : this.brokerConfigs.get(record.resourceName) ?? this.brokerConfigs.set(record.resourceName, new Map()).get(record.resourceName);
        if (!target) return;
        if (record.value === null) target.delete(record.name);
        else target.set(record.name, record.value);
        return;
      }
      case 'ProducerIdsRecord':
        this.nextProducerId = Math.max(this.nextProducerId, record.nextProducerId);
        return;
      case 'RegisterBrokerRecord':
        this.brokers.set(record.brokerId, { brokerId: record.brokerId, endpoints: record.endpoints, rack: record.rack });
        return;
    }
  }

  topic(name: string): TopicImage | undefined {
    return this.topicsByName.get(name);
  }

  topicById(id: string): TopicImage | undefined {
    return this.topicsById.get(id);
  }

  /** Topic names in sorted order. */
  topicNames(): string[] {
    return [...this.topicsByName.keys()].sort();
  }

  topics(): TopicImage[] {
    return this.topicNames().map((n) => this.topicsByName.get(n)!);
  }
}
