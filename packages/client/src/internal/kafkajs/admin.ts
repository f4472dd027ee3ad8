import type { Admin as KjsAdmin } from 'kafkajs';
import { ConfigResourceTypes } from './runtime.js';
import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';
import type {
  Admin,
  AlterConfigOp,
  ConfigEntry,
  ConfigResource,
  ConfigSource,
  GroupDescription,
  GroupListing,
  ListOffsetsResult,
  NewTopic,
  OffsetSpec,
  TopicDescription,
} from '../../contract/admin.js';
import type { TopicPartition, TopicPartitionOffset } from '../../contract/records.js';
import { decodeAssignment } from '../group/consumer-protocol.js';
import { mapped } from './errors.js';

const SOURCES: readonly ConfigSource[] = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
];
const RESOURCE_TYPES = { topic: ConfigResourceTypes.TOPIC, broker: ConfigResourceTypes.BROKER } as const;
/** Kafka's internal topics, which kafkajs's metadata does not flag. */
const INTERNAL_TOPICS = new Set(['__consumer_offsets', '__transaction_state']);

/**
 * The contract's admin over a kafkajs admin client. kafkajs lacks IncrementalAlterConfigs, so
 * {@link KafkajsAdmin.incrementalAlterConfigs} reads the resource's dynamic configs and writes them back
 * changed with AlterConfigs (not atomic against a concurrent writer).
 */
export class KafkajsAdmin implements Admin {
  private connected: Promise<void> | null = null;

  constructor(
    private readonly admin: KjsAdmin,
    private readonly onClose: () => void,
  ) {}

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    const created = await this.call((a) =>
      a.createTopics({
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.name,
          numPartitions: t.numPartitions ?? -1,
          replicationFactor: t.replicationFactor ?? -1,
          configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      }),
    );
    // kafkajs answers `false` instead of raising TOPIC_ALREADY_EXISTS.
    if (!created) throw new KafkaProtocolError(KafkaErrorCode.TOPIC_ALREADY_EXISTS, `a topic of ${topics.map((t) => t.name).join(', ')} already exists`);
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    await this.call((a) => a.deleteTopics({ topics: [...names] }));
  }

  async listTopics(options: { readonly listInternal?: boolean } = {}): Promise<string[]> {
    const names = await this.call((a) => a.listTopics());
    return names.filter((n) => options.listInternal === true || !INTERNAL_TOPICS.has(n)).sort();
  }

  async describeTopics(names: readonly string[]): Promise<TopicDescription[]> {
    const { topics } = await this.call((a) => a.fetchTopicMetadata({ topics: [...names] }));
    return names.map((name) => {
      const t = topics.find((x) => x.name === name);
      if (!t) throw new KafkaProtocolError(KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${name} does not exist`);
      const partitions = t.partitions
        .map((p) => ({ partition: p.partitionId, leader: p.leader, replicas: p.replicas, isr: p.isr }))
        .sort((a, b) => a.partition - b.partition);
      return { name, internal: INTERNAL_TOPICS.has(name), partitions };
    });
  }

  async createPartitions(totals: Readonly<Record<string, number>>): Promise<void> {
    await this.call((a) => a.createPartitions({ topicPartitions: Object.entries(totals).map(([topic, count]) => ({ topic, count })) }));
  }

  async describeConfigs(resources: readonly ConfigResource[]): Promise<Array<{ resource: ConfigResource; entries: ConfigEntry[] }>> {
    const res = await this.call((a) =>
      a.describeConfigs({ includeSynonyms: false, resources: resources.map((r) => ({ type: RESOURCE_TYPES[r.type], name: r.name })) }),
    );
    return resources.map((resource) => {
      const r = res.resources.find((x) => x.resourceName === resource.name && x.resourceType === RESOURCE_TYPES[resource.type]);
      if (!r) throw new KafkaProtocolError(KafkaErrorCode.UNKNOWN_SERVER_ERROR, `no configs for ${resource.type} ${resource.name}`);
      if (r.errorCode !== 0) throw new KafkaProtocolError(r.errorCode, r.errorMessage);
      const entries = r.configEntries.map((c) => {
        const source = SOURCES[(c as { configSource?: number }).configSource ?? 0] ?? 'UNKNOWN';
        return { name: c.configName, value: c.configValue, source, isDefault: c.isDefault, isReadOnly: c.readOnly, isSensitive: c.isSensitive };
      });
      return { resource, entries };
    });
  }

  async incrementalAlterConfigs(resource: ConfigResource, ops: readonly AlterConfigOp[]): Promise<void> {
    const [current] = await this.describeConfigs([resource]);
    const dynamic = resource.type === 'topic' ? 'DYNAMIC_TOPIC_CONFIG' : resource.name === '' ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : 'DYNAMIC_BROKER_CONFIG';
    const values = new Map(current!.entries.filter((e) => e.source === dynamic && e.value !== null).map((e) => [e.name, e.value!]));
    for (const o of ops) {
      if (o.op === 'DELETE') values.delete(o.name);
      else values.set(o.name, o.value ?? '');
    }
    await this.call((a) =>
      a.alterConfigs({
        validateOnly: false,
        resources: [{ type: RESOURCE_TYPES[resource.type], name: resource.name, configEntries: [...values].map(([name, value]) => ({ name, value })) }],
      }),
    );
  }

  async listOffsets(requests: ReadonlyArray<TopicPartition & { readonly spec: OffsetSpec }>): Promise<ListOffsetsResult[]> {
    const out: ListOffsetsResult[] = [];
    for (const r of requests) {
      if (typeof r.spec === 'object') {
        const ts = r.spec.timestamp;
        const found = await this.call((a) => a.fetchTopicOffsetsByTimestamp(r.topic, ts));
        const p = found.find((x) => x.partition === r.partition);
        // kafkajs answers the end offset where Kafka answers -1 (no record at or after the timestamp).
        out.push({ topic: r.topic, partition: r.partition, offset: p ? Number(p.offset) : -1, timestamp: ts });
      } else {
        const found = await this.call((a) => a.fetchTopicOffsets(r.topic));
        const p = found.find((x) => x.partition === r.partition);
        if (!p) throw new KafkaProtocolError(KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `${r.topic}-${r.partition}`);
        out.push({ topic: r.topic, partition: r.partition, offset: Number(r.spec === 'earliest' ? p.low : p.high), timestamp: -1 });
      }
    }
    return out;
  }

  async listGroups(): Promise<GroupListing[]> {
    const { groups } = await this.call((a) => a.listGroups());
    return groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, state: null }));
  }

  async describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]> {
    const { groups } = await this.call((a) => a.describeGroups([...groupIds]));
    return groupIds.map((id) => {
      const g = groups.find((x) => x.groupId === id);
      if (!g) return { groupId: id, state: 'Dead', protocolType: '', protocol: '', members: [] };
      return {
        groupId: id,
        state: g.state,
        protocolType: g.protocolType,
        protocol: g.protocol,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: null,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: g.protocolType === 'consumer' && m.memberAssignment.length > 0 ? decodeAssignment(m.memberAssignment).partitions : [],
        })),
      };
    });
  }

  async deleteGroups(groupIds: readonly string[]): Promise<void> {
    await this.call((a) => a.deleteGroups([...groupIds]));
  }

  async listGroupOffsets(groupId: string, partitions?: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    const topics = partitions === undefined ? undefined : [...new Set(partitions.map((p) => p.topic))];
    const res = await this.call((a) => a.fetchOffsets(topics === undefined ? { groupId } : { groupId, topics }));
    const wanted = partitions === undefined ? null : new Set(partitions.map((p) => `${p.topic}-${p.partition}`));
    const out: TopicPartitionOffset[] = [];
    for (const t of res) {
      for (const p of t.partitions) {
        const offset = Number(p.offset);
        if (offset < 0 || (wanted && !wanted.has(`${t.topic}-${p.partition}`))) continue;
        out.push({ topic: t.topic, partition: p.partition, offset, metadata: p.metadata ?? null });
      }
    }
    return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
    this.connected = null;
    this.onClose();
  }

  /** The kafkajs admin, connected on first use; failures mapped onto the contract's errors. */
  private call<T>(f: (a: KjsAdmin) => Promise<T>): Promise<T> {
    return mapped(async () => {
      this.connected ??= this.admin.connect();
      await this.connected;
      return f(this.admin);
    });
  }
}
