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
import type { AdminConfig } from '../../contract/config.js';
import type { TopicPartition, TopicPartitionOffset } from '../../contract/records.js';
import { decodeAssignment } from '../group/consumer-protocol.js';
import { retryCoordinatorErrors } from './coordinator-retry.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, listOffsets } from '../wire/list-offsets.js';
import { MetadataCache } from '../wire/metadata.js';
import { check, type Wire } from '../wire/wire.js';

/** Kafka's `ConfigResource.Type` ids. */
const RESOURCE_TYPE: Record<ConfigResource['type'], number> = { topic: 2, broker: 4 };
/** Kafka's `DescribeConfigsResponse.ConfigSource` ids. */
const SOURCES: readonly ConfigSource[] = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
];
/** Kafka's `AlterConfigOp.OpType` ids. */
const OP_TYPE: Record<AlterConfigOp['op'], number> = { SET: 0, DELETE: 1 };

const TIMEOUT_MS = 30000;
const noop = (): void => {};

/** The admin client of raw-request transports (Kafka's `KafkaAdminClient`), one request per call. */
export class RawAdmin implements Admin {
  private readonly metadata: MetadataCache;

  private readonly backoffMs: number;
  private readonly apiTimeoutMs: number;

  constructor(
    private readonly wire: Wire,
    private readonly onClose: () => void = noop,
    config: AdminConfig = {},
  ) {
    this.metadata = new MetadataCache(wire, false);
    this.backoffMs = config['retry.backoff.ms'] ?? 100;
    this.apiTimeoutMs = config['default.api.timeout.ms'] ?? 60000;
  }

  /** A group-coordinator call, retried through coordinator errors as Kafka's admin client does. */
  private coordinatorCall<T>(call: () => Promise<T>): Promise<T> {
    return retryCoordinatorErrors(call, this.backoffMs, this.apiTimeoutMs);
  }

  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    const res = await this.wire.call(19, {
      timeoutMs: TIMEOUT_MS,
      validateOnly: false,
      topics: topics.map((t) => ({
        name: t.name,
        numPartitions: t.numPartitions ?? -1,
        replicationFactor: t.replicationFactor ?? -1,
        assignments: [],
        configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    for (const t of res.topics) check(t.errorCode, t.errorMessage ?? `create topic ${t.name}`);
  }

  async deleteTopics(names: readonly string[]): Promise<void> {
    const res = await this.wire.call(20, { timeoutMs: TIMEOUT_MS, topicNames: [...names], topics: names.map((name) => ({ name })) });
    for (const t of res.responses) check(t.errorCode, t.errorMessage ?? `delete topic ${t.name}`);
  }

  async listTopics(options: { readonly listInternal?: boolean } = {}): Promise<string[]> {
    const all = await this.metadata.refresh(null);
    return all.filter((t) => options.listInternal === true || !t.internal).map((t) => t.name).sort();
  }

  async describeTopics(names: readonly string[]): Promise<TopicDescription[]> {
    const found = new Map((await this.metadata.refresh(names)).map((t) => [t.name, t]));
    return names.map((name) => {
      const t = found.get(name);
      if (!t) throw new KafkaProtocolError(KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${name} does not exist`);
      return { name, internal: t.internal, partitions: t.partitions.map((p) => ({ partition: p.partition, leader: p.leader, replicas: p.replicas, isr: p.isr })) };
    });
  }

  async createPartitions(totals: Readonly<Record<string, number>>): Promise<void> {
    const res = await this.wire.call(37, {
      timeoutMs: TIMEOUT_MS,
      validateOnly: false,
      topics: Object.entries(totals).map(([name, count]) => ({ name, count, assignments: null })),
    });
    for (const t of res.results) check(t.errorCode, t.errorMessage ?? `create partitions of ${t.name}`);
  }

  async describeConfigs(resources: readonly ConfigResource[]): Promise<Array<{ resource: ConfigResource; entries: ConfigEntry[] }>> {
    const res = await this.wire.call(32, {
      includeSynonyms: false,
      includeDocumentation: false,
      resources: resources.map((r) => ({ resourceType: RESOURCE_TYPE[r.type], resourceName: r.name, configurationKeys: null })),
    });
    return resources.map((resource, i) => {
      const r = res.results[i];
      if (!r) throw new KafkaProtocolError(KafkaErrorCode.UNKNOWN_SERVER_ERROR, `no configs for ${resource.type} ${resource.name}`);
      check(r.errorCode, r.errorMessage ?? `describe configs of ${resource.type} ${resource.name}`);
      const entries = r.configs.map((c) => {
        const source = SOURCES[c.configSource] ?? 'UNKNOWN';
        return { name: c.name, value: c.value, source, isDefault: source === 'DEFAULT_CONFIG', isReadOnly: c.readOnly, isSensitive: c.isSensitive };
      });
      return { resource, entries };
    });
  }

  async incrementalAlterConfigs(resource: ConfigResource, ops: readonly AlterConfigOp[]): Promise<void> {
    const res = await this.wire.call(44, {
      validateOnly: false,
      resources: [
        {
          resourceType: RESOURCE_TYPE[resource.type],
          resourceName: resource.name,
          configs: ops.map((o) => ({ name: o.name, configOperation: OP_TYPE[o.op], value: o.op === 'DELETE' ? null : (o.value ?? null) })),
        },
      ],
    });
    for (const r of res.responses) check(r.errorCode, r.errorMessage ?? `alter configs of ${resource.type} ${resource.name}`);
  }

  async listOffsets(requests: ReadonlyArray<TopicPartition & { readonly spec: OffsetSpec }>): Promise<ListOffsetsResult[]> {
    const lookups = requests.map((r) => ({ topic: r.topic, partition: r.partition, timestamp: specTimestamp(r.spec) }));
    const found = await listOffsets(this.wire, lookups);
    return found.map((f, i) => ({ ...f, timestamp: typeof requests[i]!.spec === 'object' ? f.timestamp : -1 }));
  }

  async listGroups(): Promise<GroupListing[]> {
    const res = await this.wire.call(16, { statesFilter: [], typesFilter: [] });
    check(res.errorCode, 'list groups');
    return res.groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, state: this.wire.version(16) >= 4 ? g.groupState : null }));
  }

  describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]> {
    return this.coordinatorCall(() => this.describeGroupsOnce(groupIds));
  }

  private async describeGroupsOnce(groupIds: readonly string[]): Promise<GroupDescription[]> {
    const res = await this.wire.call(15, { groups: [...groupIds], includeAuthorizedOperations: false });
    return groupIds.map((id) => {
      const g = res.groups.find((x) => x.groupId === id);
      if (!g) return { groupId: id, state: 'Dead', protocolType: '', protocol: '', members: [] };
      check(g.errorCode, `describe group ${id}`);
      return {
        groupId: id,
        state: g.groupState,
        protocolType: g.protocolType,
        protocol: g.protocolData,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          host: m.clientHost,
          assignment: g.protocolType === 'consumer' && m.memberAssignment.length > 0 ? decodeAssignment(m.memberAssignment).partitions : [],
        })),
      };
    });
  }

  deleteGroups(groupIds: readonly string[]): Promise<void> {
    return this.coordinatorCall(async () => {
      const res = await this.wire.call(42, { groupsNames: [...groupIds] });
      for (const r of res.results) check(r.errorCode, `delete group ${r.groupId}`);
    });
  }

  listGroupOffsets(groupId: string, partitions?: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    return this.coordinatorCall(() => this.listGroupOffsetsOnce(groupId, partitions));
  }

  private async listGroupOffsetsOnce(groupId: string, partitions?: readonly TopicPartition[]): Promise<TopicPartitionOffset[]> {
    const byTopic = new Map<string, number[]>();
    for (const p of partitions ?? []) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    const res = await this.wire.call(9, {
      groupId,
      topics: partitions === undefined ? null : [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes })),
      requireStable: false,
    });
    check(res.errorCode, `offsets of group ${groupId}`);
    const out: TopicPartitionOffset[] = [];
    for (const t of res.topics) {
      for (const p of t.partitions) {
        check(p.errorCode, `offset of ${t.name}-${p.partitionIndex}`);
        if (p.committedOffset < 0n) continue;
        out.push({ topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset), metadata: p.metadata, leaderEpoch: p.committedLeaderEpoch });
      }
    }
    return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  }

  async close(): Promise<void> {
    this.onClose();
  }
}

function specTimestamp(spec: OffsetSpec): number {
  if (spec === 'earliest') return EARLIEST_TIMESTAMP;
  if (spec === 'latest') return LATEST_TIMESTAMP;
  return spec.timestamp;
}
