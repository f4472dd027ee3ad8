import {
  ApiKey,
  CreatePartitionsRequest,
  CreateTopicsRequest,
  DeleteRecordsRequest,
  DeleteTopicsRequest,
  DescribeClusterRequest,
  DescribeConfigsRequest,
  DescribeLogDirsRequest,
  ElectLeadersRequest,
  IncrementalAlterConfigsRequest,
  KafkaProtocolError,
  ListOffsetsRequest,
  AlterPartitionReassignmentsRequest,
  ListPartitionReassignmentsRequest,
} from '@tributary/protocol';
import type { KafkaClient } from './client.js';
import { UnsupportedApiError } from './errors.js';
import type { NodeInfo } from './metadata.js';

/** Kafka's `ConfigResource.Type` codes. */
export const ResourceType = { TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8, GROUP: 32 } as const;

/** Kafka's `ConfigEntry.ConfigSource` names by wire code (DescribeConfigs v1+). */
export const CONFIG_SOURCES = [
  'UNKNOWN',
  'DYNAMIC_TOPIC_CONFIG',
  'DYNAMIC_BROKER_CONFIG',
  'DYNAMIC_DEFAULT_BROKER_CONFIG',
  'STATIC_BROKER_CONFIG',
  'DEFAULT_CONFIG',
  'DYNAMIC_BROKER_LOGGER_CONFIG',
  'CLIENT_METRICS_CONFIG',
  'GROUP_CONFIG',
] as const;

/** One config entry as DescribeConfigs returns it (Kafka's `ConfigEntry`). */
export interface ConfigEntry {
  readonly name: string;
  readonly value: string | null;
  readonly source: string;
  readonly isSensitive: boolean;
  readonly isReadOnly: boolean;
  readonly synonyms: ReadonlyArray<{ readonly name: string; readonly value: string | null; readonly source: string }>;
}

/** An error answered for one topic or partition, kept per item rather than thrown. */
export type ItemResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: KafkaProtocolError };

function itemResult<T>(errorCode: number, message: string | null, value: T): ItemResult<T> {
  return errorCode === 0 ? { ok: true, value } : { ok: false, error: new KafkaProtocolError(errorCode, message) };
}

/** Creates one topic (`numPartitions`/`replicationFactor` -1 take the broker defaults). */
export async function createTopic(
  client: KafkaClient,
  t: { name: string; numPartitions: number; replicationFactor: number; configs: ReadonlyMap<string, string> },
): Promise<ItemResult<null>> {
  const { body } = await client.sendAny(ApiKey.CreateTopics, () =>
    CreateTopicsRequest.create({
      timeoutMs: client.settings.requestTimeoutMs,
      topics: [
        {
          name: t.name,
          numPartitions: t.numPartitions,
          replicationFactor: t.replicationFactor,
          assignments: [],
          configs: [...t.configs].map(([name, value]) => ({ name, value })),
        },
      ],
    }),
  );
  const r = body.topics[0]!;
  return itemResult(r.errorCode, r.errorMessage, null);
}

/** Deletes topics by name; one result per topic. */
export async function deleteTopics(client: KafkaClient, names: readonly string[]): Promise<Map<string, ItemResult<null>>> {
  const { body } = await client.sendAny(ApiKey.DeleteTopics, (v) =>
    DeleteTopicsRequest.create(
      v >= 6
        ? { timeoutMs: client.settings.requestTimeoutMs, topics: names.map((name) => ({ name })) }
        : { timeoutMs: client.settings.requestTimeoutMs, topicNames: [...names] },
    ),
  );
  return new Map(body.responses.map((r) => [r.name ?? '', itemResult(r.errorCode, r.errorMessage, null)]));
}

/** Raises the partition count of topics (never lowers it: the broker refuses with INVALID_PARTITIONS). */
export async function createPartitions(client: KafkaClient, counts: ReadonlyMap<string, number>): Promise<Map<string, ItemResult<null>>> {
  const { body } = await client.sendAny(ApiKey.CreatePartitions, () =>
    CreatePartitionsRequest.create({
      timeoutMs: client.settings.requestTimeoutMs,
      validateOnly: false,
      topics: [...counts].map(([name, count]) => ({ name, count, assignments: null })),
    }),
  );
  return new Map(body.results.map((r) => [r.name, itemResult(r.errorCode, r.errorMessage, null)]));
}

/** Describes the configs of one resource; broker resources go to that broker, the rest to any broker. */
export async function describeConfigs(client: KafkaClient, resourceType: number, resourceName: string): Promise<ConfigEntry[]> {
  const build = () =>
    DescribeConfigsRequest.create({ resources: [{ resourceType, resourceName, configurationKeys: null }], includeSynonyms: true });
  const brokerId = resourceType === ResourceType.BROKER || resourceType === ResourceType.BROKER_LOGGER ? Number(resourceName) : NaN;
  const { body, version } = await client.retrying(async () => {
    const conn = Number.isInteger(brokerId) && resourceName !== '' ? await client.node(brokerId) : await client.any();
    return conn.send(ApiKey.DescribeConfigs, build);
  });
  const r = body.results[0]!;
  if (r.errorCode !== 0) throw new KafkaProtocolError(r.errorCode, r.errorMessage);
  return r.configs.map((c) => ({
    name: c.name,
    value: c.value,
    source: version === 0 ? (c.isDefault ? 'DEFAULT_CONFIG' : 'UNKNOWN') : (CONFIG_SOURCES[c.configSource] ?? 'UNKNOWN'),
    isSensitive: c.isSensitive,
    isReadOnly: c.readOnly,
    synonyms: c.synonyms.map((s) => ({ name: s.name, value: s.value, source: CONFIG_SOURCES[s.source] ?? 'UNKNOWN' })),
  }));
}

/** Kafka's `AlterConfigOp.OpType` codes. */
export const ConfigOp = { SET: 0, DELETE: 1 } as const;

/** IncrementalAlterConfigs on one resource: deletions first, then sets (as kafka-configs.sh sends them). */
export async function alterConfigs(
  client: KafkaClient,
  resourceType: number,
  resourceName: string,
  ops: ReadonlyArray<{ name: string; op: number; value: string | null }>,
): Promise<void> {
  const build = () =>
    IncrementalAlterConfigsRequest.create({
      validateOnly: false,
      resources: [{ resourceType, resourceName, configs: ops.map((o) => ({ name: o.name, configOperation: o.op, value: o.value })) }],
    });
  const brokerId = resourceType === ResourceType.BROKER ? Number(resourceName) : NaN;
  const { body } = await client.retrying(async () => {
    const conn = Number.isInteger(brokerId) && resourceName !== '' ? await client.node(brokerId) : await client.any();
    return conn.send(ApiKey.IncrementalAlterConfigs, build);
  });
  const r = body.responses[0]!;
  if (r.errorCode !== 0) throw new KafkaProtocolError(r.errorCode, r.errorMessage);
}

/** Brokers of the cluster and its id: DescribeCluster, or Metadata from brokers without it. */
export async function describeCluster(client: KafkaClient): Promise<{ clusterId: string | null; controllerId: number; brokers: NodeInfo[] }> {
  const conn = await client.any();
  if (conn.versions.pick(ApiKey.DescribeCluster) >= 0) {
    const { body } = await client.sendAny(ApiKey.DescribeCluster, () => DescribeClusterRequest.create({}));
    if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, body.errorMessage);
    const brokers = body.brokers.map((b) => ({ id: b.brokerId, host: b.host, port: b.port, rack: b.rack }));
    return { clusterId: body.clusterId, controllerId: body.controllerId, brokers: brokers.sort((a, b) => a.id - b.id) };
  }
  const md = await client.refresh();
  return { clusterId: md.clusterId, controllerId: md.controllerId, brokers: [...md.brokers.values()].sort((a, b) => a.id - b.id) };
}

/** Kafka's special ListOffsets timestamps. */
export const OffsetSpec = { LATEST: -1n, EARLIEST: -2n, MAX_TIMESTAMP: -3n } as const;

/** One ListOffsets answer: the offset (-1 when none matches the timestamp) and the timestamp found. */
export interface ListedOffset {
  readonly offset: number;
  readonly timestamp: number;
}

/**
 * ListOffsets for many partitions, one request per leader (Kafka's `Admin.listOffsets`). Results are keyed
 * `topic-partition`; partitions that fail carry their error.
 */
export async function listOffsets(
  client: KafkaClient,
  partitions: ReadonlyArray<{ topic: string; partition: number; timestamp: bigint }>,
  isolationLevel = 0,
): Promise<Map<string, ItemResult<ListedOffset>>> {
  const out = new Map<string, ItemResult<ListedOffset>>();
  const byLeader = await groupByLeader(client, partitions, out);
  await Promise.all(
    [...byLeader].map(async ([leader, items]) => {
      const { body, version } = await client.retrying(async () =>
        (await client.node(leader)).send(ApiKey.ListOffsets, (v) =>
          ListOffsetsRequest.create({ replicaId: -1, isolationLevel: v >= 2 ? isolationLevel : 0, topics: byTopic(items, (p) => ({ partitionIndex: p.partition, timestamp: p.timestamp, maxNumOffsets: 1 })) }),
        ),
      );
      for (const t of body.topics) {
        for (const p of t.partitions) {
          const offset = version === 0 ? Number(p.oldStyleOffsets[0] ?? -1n) : Number(p.offset);
          out.set(`${t.name}-${p.partitionIndex}`, itemResult(p.errorCode, null, { offset, timestamp: Number(p.timestamp) }));
        }
      }
    }),
  );
  return out;
}

/** DeleteRecords (Kafka's `Admin.deleteRecords`): results keyed `topic-partition`, the new low watermark each. */
export async function deleteRecords(
  client: KafkaClient,
  partitions: ReadonlyArray<{ topic: string; partition: number; offset: number }>,
): Promise<Map<string, ItemResult<number>>> {
  const out = new Map<string, ItemResult<number>>();
  const byLeader = await groupByLeader(client, partitions, out);
  await Promise.all(
    [...byLeader].map(async ([leader, items]) => {
      const { body } = await client.retrying(async () =>
        (await client.node(leader)).send(ApiKey.DeleteRecords, () =>
          DeleteRecordsRequest.create({ timeoutMs: client.settings.requestTimeoutMs, topics: byTopic(items, (p) => ({ partitionIndex: p.partition, offset: BigInt(p.offset) })) }),
        ),
      );
      for (const t of body.topics) {
        for (const p of t.partitions) out.set(`${t.name}-${p.partitionIndex}`, itemResult(p.errorCode, null, Number(p.lowWatermark)));
      }
    }),
  );
  return out;
}

/** One log dir of one broker with the replicas it holds (Kafka's `LogDirDescription`). */
export interface LogDirInfo {
  readonly logDir: string;
  readonly errorCode: number;
  readonly replicas: ReadonlyArray<{ topic: string; partition: number; size: number; offsetLag: number; isFuture: boolean }>;
}

/** DescribeLogDirs on one broker, every topic. */
export async function describeLogDirs(client: KafkaClient, brokerId: number): Promise<LogDirInfo[]> {
  const { body } = await client.retrying(async () => (await client.node(brokerId)).send(ApiKey.DescribeLogDirs, () => DescribeLogDirsRequest.create({ topics: null })));
  if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, null);
  return body.results.map((r) => ({
    logDir: r.logDir,
    errorCode: r.errorCode,
    replicas: r.topics.flatMap((t) =>
      t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, size: Number(p.partitionSize), offsetLag: Number(p.offsetLag), isFuture: p.isFutureKey })),
    ),
  }));
}

/** Kafka's `ElectionType` codes. */
export const ElectionType = { PREFERRED: 0, UNCLEAN: 1 } as const;

/** ElectLeaders (null partitions = all); results keyed `topic-partition`. */
export async function electLeaders(
  client: KafkaClient,
  electionType: number,
  partitions: ReadonlyArray<{ topic: string; partition: number }> | null,
): Promise<Map<string, ItemResult<null>>> {
  const conn = await client.any();
  if (electionType !== ElectionType.PREFERRED && conn.versions.pick(ApiKey.ElectLeaders) < 1) {
    throw new UnsupportedApiError('the cluster does not support unclean leader election through ElectLeaders v1');
  }
  const { body } = await client.sendAny(ApiKey.ElectLeaders, () =>
    ElectLeadersRequest.create({
      electionType,
      timeoutMs: client.settings.requestTimeoutMs,
      topicPartitions: partitions === null ? null : byTopic(partitions, (p) => p.partition).map((t) => ({ topic: t.name, partitions: t.partitions })),
    }),
  );
  if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, null);
  const out = new Map<string, ItemResult<null>>();
  for (const t of body.replicaElectionResults) {
    for (const p of t.partitionResult) out.set(`${t.topic}-${p.partitionId}`, itemResult(p.errorCode, p.errorMessage, null));
  }
  return out;
}

/** Ongoing reassignments (Kafka's `PartitionReassignment`), keyed `topic-partition`; empty when unsupported. */
export async function listReassignments(client: KafkaClient): Promise<Map<string, { replicas: number[]; adding: number[]; removing: number[] }>> {
  const out = new Map<string, { replicas: number[]; adding: number[]; removing: number[] }>();
  if ((await client.any()).versions.pick(ApiKey.ListPartitionReassignments) < 0) return out;
  const { body } = await client.sendAny(ApiKey.ListPartitionReassignments, () => ListPartitionReassignmentsRequest.create({ timeoutMs: client.settings.requestTimeoutMs, topics: null }));
  if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, body.errorMessage);
  for (const t of body.topics) {
    for (const p of t.partitions) out.set(`${t.name}-${p.partitionIndex}`, { replicas: p.replicas, adding: p.addingReplicas, removing: p.removingReplicas });
  }
  return out;
}

/** AlterPartitionReassignments: new replica lists (null cancels); results keyed `topic-partition`. */
export async function alterReassignments(
  client: KafkaClient,
  targets: ReadonlyArray<{ topic: string; partition: number; replicas: number[] | null }>,
): Promise<Map<string, ItemResult<null>>> {
  const { body } = await client.sendAny(ApiKey.AlterPartitionReassignments, () =>
    AlterPartitionReassignmentsRequest.create({
      timeoutMs: client.settings.requestTimeoutMs,
      topics: byTopic(targets, (p) => ({ partitionIndex: p.partition, replicas: p.replicas })),
    }),
  );
  if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, body.errorMessage);
  const out = new Map<string, ItemResult<null>>();
  for (const t of body.responses) {
    for (const p of t.partitions) out.set(`${t.name}-${p.partitionIndex}`, itemResult(p.errorCode, p.errorMessage, null));
  }
  return out;
}

/** Groups items by topic, in first-seen order, mapping each to its per-partition request entry. */
export function byTopic<T extends { topic: string }, P>(items: readonly T[], entry: (item: T) => P): Array<{ name: string; partitions: P[] }> {
  const topics = new Map<string, P[]>();
  for (const item of items) {
    const list = topics.get(item.topic) ?? [];
    list.push(entry(item));
    topics.set(item.topic, list);
  }
  return [...topics].map(([name, partitions]) => ({ name, partitions }));
}

/** Groups partitions by their leader; partitions without a known leader get their error in `out`. */
async function groupByLeader<T extends { topic: string; partition: number }, R>(
  client: KafkaClient,
  partitions: readonly T[],
  out: Map<string, ItemResult<R>>,
): Promise<Map<number, T[]>> {
  const md = await client.metadata(partitions.map((p) => p.topic));
  const byLeader = new Map<number, T[]>();
  for (const p of partitions) {
    const info = md.topics.get(p.topic)?.partitions.find((x) => x.partition === p.partition);
    if (!info) out.set(`${p.topic}-${p.partition}`, { ok: false, error: new KafkaProtocolError(3, `This server does not host this topic-partition: ${p.topic}-${p.partition}`) });
    else if (info.leader < 0) out.set(`${p.topic}-${p.partition}`, { ok: false, error: new KafkaProtocolError(5, null) });
    else byLeader.set(info.leader, [...(byLeader.get(info.leader) ?? []), p]);
  }
  return byLeader;
}
