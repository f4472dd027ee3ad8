// Answers decoded requests with our generated codecs, well enough that real clients carry on.
// Each answer is Kafka's shape for a healthy single-broker cluster; nothing here is a broker implementation.
import {
  AddOffsetsToTxnResponse,
  AddPartitionsToTxnResponse,
  ApiKey,
  ApiVersionsResponse,
  CreateTopicsResponse,
  DeleteTopicsResponse,
  DescribeConfigsResponse,
  DescribeGroupsResponse,
  ListGroupsResponse,
  FetchResponse,
  FindCoordinatorResponse,
  HeartbeatResponse,
  InitProducerIdResponse,
  JoinGroupResponse,
  LeaveGroupResponse,
  ListOffsetsResponse,
  MetadataResponse,
  OffsetCommitResponse,
  OffsetFetchResponse,
  ProduceResponse,
  SyncGroupResponse,
  EndTxnResponse,
  TxnOffsetCommitResponse,
  allApis,
  type DecodedRequest,
  type FetchRequest,
  type JoinGroupRequest,
  type ListOffsetsRequest,
  type MetadataRequest,
  type OffsetFetchRequest,
  type ProduceRequest,
} from '@tributary/protocol';
import type { CaptureState, GroupState } from './capture-state.js';

/** The APIs a capture server answers (and therefore advertises). */
export const SERVED_APIS: readonly number[] = [
  ApiKey.Produce,
  ApiKey.Fetch,
  ApiKey.ListOffsets,
  ApiKey.Metadata,
  ApiKey.OffsetCommit,
  ApiKey.OffsetFetch,
  ApiKey.FindCoordinator,
  ApiKey.JoinGroup,
  ApiKey.Heartbeat,
  ApiKey.LeaveGroup,
  ApiKey.SyncGroup,
  ApiKey.ApiVersions,
  ApiKey.CreateTopics,
  ApiKey.DeleteTopics,
  ApiKey.InitProducerId,
  ApiKey.DescribeConfigs,
  ApiKey.AddPartitionsToTxn,
  ApiKey.AddOffsetsToTxn,
  ApiKey.EndTxn,
  ApiKey.TxnOffsetCommit,
  ApiKey.ListGroups,
  ApiKey.DescribeGroups,
];

export interface ResponderContext {
  readonly state: CaptureState;
  readonly host: string;
  readonly port: number;
  /** Highest ApiVersions version answered normally; above it the reply is UNSUPPORTED_VERSION in a v0 body. */
  readonly apiVersionsMax: number;
}

/** A response to send: the body, the version to encode it at (default: the request's), an optional delay. */
export interface Reply {
  readonly body: unknown;
  readonly version?: number;
  readonly delayMs?: number;
}

const NODE_ID = 1;
const UNSUPPORTED_VERSION = 35;
const TOPIC_ALREADY_EXISTS = 36;
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const EMPTY = Buffer.alloc(0);

/** ApiVersions v0 body refusing a too-new ApiVersions version, listing the range we serve (Kafka's behaviour). */
export function unsupportedApiVersions(ctx: ResponderContext): Reply {
  const apiKeys = [{ apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: ctx.apiVersionsMax }];
  return { version: 0, body: ApiVersionsResponse.create({ errorCode: UNSUPPORTED_VERSION, apiKeys }) };
}

function apiVersions(ctx: ResponderContext, version: number): Reply {
  if (version > ctx.apiVersionsMax) return unsupportedApiVersions(ctx);
  const apiKeys = allApis
    .filter((a) => SERVED_APIS.includes(a.apiKey))
    .map((a) => ({
      apiKey: a.apiKey,
      minVersion: 0,
      maxVersion: a.apiKey === ApiKey.ApiVersions ? ctx.apiVersionsMax : a.request.validVersions.max,
    }));
  return { body: ApiVersionsResponse.create({ apiKeys }) };
}

function metadata(ctx: ResponderContext, req: MetadataRequest, version: number): Reply {
  const all = req.topics === null || (version === 0 && req.topics.length === 0);
  const names = all ? [...ctx.state.topics.keys()] : req.topics!.map((t) => t.name ?? '');
  const topics = names.map((name) => ({
    name,
    partitions: ctx.state.partitions(name).map((_, i) => ({
      partitionIndex: i,
      leaderId: NODE_ID,
      leaderEpoch: 0,
      replicaNodes: [NODE_ID],
      isrNodes: [NODE_ID],
    })),
  }));
  const brokers = [{ nodeId: NODE_ID, host: ctx.host, port: ctx.port, rack: null }];
  return { body: MetadataResponse.create({ brokers, clusterId: 'golden-capture', controllerId: NODE_ID, topics }) };
}

function produce(ctx: ResponderContext, req: ProduceRequest): Reply | null {
  const responses = req.topicData.map((t) => {
    const logs = ctx.state.partitions(t.name);
    return {
      name: t.name,
      partitionResponses: t.partitionData.map((p) => {
        const log = logs[p.index];
        if (log === undefined) return { index: p.index, errorCode: UNKNOWN_TOPIC_OR_PARTITION };
        const records = p.records === null ? EMPTY : Buffer.isBuffer(p.records) ? p.records : Buffer.concat(p.records);
        const base = ctx.state.append(log, records);
        return { index: p.index, baseOffset: BigInt(base), logAppendTimeMs: -1n, logStartOffset: 0n };
      }),
    };
  });
  // acks=0: Kafka sends no response at all.
  return req.acks === 0 ? null : { body: ProduceResponse.create({ responses }) };
}

function listOffsets(ctx: ResponderContext, req: ListOffsetsRequest, version: number): Reply {
  const topics = req.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => {
      const log = ctx.state.partitions(t.name)[p.partitionIndex];
      if (log === undefined) return { partitionIndex: p.partitionIndex, errorCode: UNKNOWN_TOPIC_OR_PARTITION };
      const offset = BigInt(p.timestamp === -2n ? 0 : log.nextOffset); // -2 earliest, else latest
      // v0 answers with a list of offsets; v1+ with one offset and its timestamp.
      if (version === 0) return { partitionIndex: p.partitionIndex, oldStyleOffsets: [offset] };
      return { partitionIndex: p.partitionIndex, offset, timestamp: -1n };
    }),
  }));
  return { body: ListOffsetsResponse.create({ topics }) };
}

function fetch(ctx: ResponderContext, req: FetchRequest): Reply {
  let bytes = 0;
  const responses = req.topics.map((t) => ({
    topic: t.topic,
    topicId: t.topicId,
    partitions: t.partitions.map((p) => {
      const log = ctx.state.partitions(t.topic)[p.partition];
      if (log === undefined) return { partitionIndex: p.partition, errorCode: UNKNOWN_TOPIC_OR_PARTITION };
      const entries = ctx.state.read(log, Number(p.fetchOffset));
      const records = entries.length === 0 ? EMPTY : Buffer.concat(entries);
      bytes += records.length;
      const hw = BigInt(log.nextOffset);
      return { partitionIndex: p.partition, highWatermark: hw, lastStableOffset: hw, logStartOffset: 0n, abortedTransactions: [], records };
    }),
  }));
  // An empty fetch waits (bounded) like Kafka's purgatory would, so clients do not spin.
  return { body: FetchResponse.create({ responses }), delayMs: bytes === 0 ? Math.min(req.maxWaitMs, 200) : 0 };
}

function findCoordinator(ctx: ResponderContext, version: number, keys: string[]): Reply {
  const node = { nodeId: NODE_ID, host: ctx.host, port: ctx.port };
  // v4+ answers a batch of keys; older versions one coordinator at the top level.
  if (version >= 4) return { body: FindCoordinatorResponse.create({ coordinators: keys.map((key) => ({ key, ...node, errorMessage: null })) }) };
  return { body: FindCoordinatorResponse.create({ ...node, errorMessage: null }) };
}

function joinGroup(ctx: ResponderContext, req: JoinGroupRequest, clientId: string | null): Reply {
  const group = ctx.state.group(req.groupId);
  const memberId = req.memberId === '' ? ctx.state.newMemberId(clientId) : req.memberId;
  const proto = req.protocols[0];
  const protocolName = proto?.name ?? '';
  // One member per group: the latest joiner leads and is alone (each capture run uses its own group).
  group.generation++;
  group.protocolType = req.protocolType;
  group.protocolName = protocolName;
  const metadata = Buffer.from(proto?.metadata ?? EMPTY);
  group.members = new Map([[memberId, { memberId, clientId: clientId ?? '', protocolName, metadata, assignment: EMPTY }]]);
  const members = [...group.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: null, metadata: m.metadata }));
  return {
    body: JoinGroupResponse.create({
      generationId: group.generation,
      protocolType: req.protocolType,
      protocolName,
      leader: memberId,
      memberId,
      members,
    }),
  };
}

function offsetFetchTopics(group: GroupState, topics: { name: string; partitionIndexes: number[] }[] | null) {
  const wanted = topics ?? committedTopics(group);
  return wanted.map((t) => ({
    name: t.name,
    partitions: t.partitionIndexes.map((partitionIndex) => ({
      partitionIndex,
      committedOffset: group.committed.get(`${t.name}/${partitionIndex}`) ?? -1n,
      committedLeaderEpoch: -1,
      metadata: '',
    })),
  }));
}

function committedTopics(group: GroupState): { name: string; partitionIndexes: number[] }[] {
  const byTopic = new Map<string, number[]>();
  for (const key of group.committed.keys()) {
    const cut = key.lastIndexOf('/');
    const name = key.slice(0, cut);
    byTopic.set(name, [...(byTopic.get(name) ?? []), Number(key.slice(cut + 1))]);
  }
  return [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
}

function offsetFetch(ctx: ResponderContext, req: OffsetFetchRequest): Reply {
  const topics = offsetFetchTopics(ctx.state.group(req.groupId), req.topics);
  const groups = req.groups.map((g) => ({ groupId: g.groupId, topics: offsetFetchTopics(ctx.state.group(g.groupId), g.topics) }));
  return { body: OffsetFetchResponse.create({ topics, groups }) };
}

/** The reply to a decoded request, `null` when Kafka sends none, `undefined` when this server does not serve it. */
export function respond(ctx: ResponderContext, req: DecodedRequest): Reply | null | undefined {
  const v = req.apiVersion;
  switch (req.apiKey) {
    case ApiKey.ApiVersions:
      return apiVersions(ctx, v);
    case ApiKey.Metadata:
      return metadata(ctx, req.body, v);
    case ApiKey.Produce:
      return produce(ctx, req.body);
    case ApiKey.ListOffsets:
      return listOffsets(ctx, req.body, v);
    case ApiKey.Fetch:
      return fetch(ctx, req.body);
    case ApiKey.FindCoordinator:
      return findCoordinator(ctx, v, v >= 4 ? req.body.coordinatorKeys : [req.body.key]);
    case ApiKey.JoinGroup:
      return joinGroup(ctx, req.body, req.clientId);
    case ApiKey.SyncGroup: {
      const group = ctx.state.group(req.body.groupId);
      for (const a of req.body.assignments) {
        const m = group.members.get(a.memberId);
        if (m !== undefined) m.assignment = Buffer.from(a.assignment);
      }
      const assignment = group.members.get(req.body.memberId)?.assignment ?? EMPTY;
      return { body: SyncGroupResponse.create({ protocolType: req.body.protocolType, protocolName: req.body.protocolName, assignment }) };
    }
    case ApiKey.Heartbeat:
      return { body: HeartbeatResponse.create() };
    case ApiKey.LeaveGroup: {
      const group = ctx.state.group(req.body.groupId);
      group.members.clear();
      const members = req.body.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }));
      return { body: LeaveGroupResponse.create({ members }) };
    }
    case ApiKey.OffsetCommit: {
      const group = ctx.state.group(req.body.groupId);
      for (const t of req.body.topics) for (const p of t.partitions) group.committed.set(`${t.name}/${p.partitionIndex}`, p.committedOffset);
      const topics = req.body.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex })) }));
      return { body: OffsetCommitResponse.create({ topics }) };
    }
    case ApiKey.OffsetFetch:
      return offsetFetch(ctx, req.body);
    case ApiKey.InitProducerId:
      return { body: InitProducerIdResponse.create({ producerId: ctx.state.newProducerId(), producerEpoch: 0 }) };
    case ApiKey.CreateTopics: {
      const topics = req.body.topics.map((t) => {
        const partitions = t.numPartitions > 0 ? t.numPartitions : 1;
        const created = ctx.state.createTopic(t.name, partitions);
        return { name: t.name, errorCode: created ? 0 : TOPIC_ALREADY_EXISTS, errorMessage: null, numPartitions: partitions, replicationFactor: 1 };
      });
      return { body: CreateTopicsResponse.create({ topics }) };
    }
    case ApiKey.DeleteTopics: {
      const names = v >= 6 ? req.body.topics.map((t) => t.name ?? '') : req.body.topicNames;
      const responses = names.map((name) => ({ name, errorCode: ctx.state.topics.delete(name) ? 0 : UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null }));
      return { body: DeleteTopicsResponse.create({ responses }) };
    }
    case ApiKey.DescribeConfigs: {
      const results = req.body.resources.map((r) => ({
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        errorMessage: null,
        // v0 flags defaults with isDefault; v1+ names the source instead (5 = DEFAULT_CONFIG).
        configs: [{ name: 'cleanup.policy', value: 'delete', ...(v === 0 ? { isDefault: true } : { configSource: 5 }), documentation: null }],
      }));
      return { body: DescribeConfigsResponse.create({ results }) };
    }
    case ApiKey.AddPartitionsToTxn: {
      const topicResults = (topics: { name: string; partitions: number[] }[]) =>
        topics.map((t) => ({ name: t.name, resultsByPartition: t.partitions.map((partitionIndex) => ({ partitionIndex })) }));
      // v4+ batches transactions; v0-3 carry one transaction at the top level.
      if (v >= 4) {
        const resultsByTransaction = req.body.transactions.map((t) => ({ transactionalId: t.transactionalId, topicResults: topicResults(t.topics) }));
        return { body: AddPartitionsToTxnResponse.create({ resultsByTransaction }) };
      }
      return { body: AddPartitionsToTxnResponse.create({ resultsByTopicV3AndBelow: topicResults(req.body.v3AndBelowTopics) }) };
    }
    case ApiKey.AddOffsetsToTxn:
      return { body: AddOffsetsToTxnResponse.create() };
    case ApiKey.EndTxn:
      return { body: EndTxnResponse.create() };
    case ApiKey.TxnOffsetCommit: {
      const topics = req.body.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex })) }));
      return { body: TxnOffsetCommitResponse.create({ topics }) };
    }
    case ApiKey.ListGroups: {
      const groups = [...ctx.state.groups].map(([groupId, g]) => ({
        groupId,
        protocolType: g.protocolType,
        ...(v >= 4 ? { groupState: g.members.size > 0 ? 'Stable' : 'Empty' } : {}),
      }));
      return { body: ListGroupsResponse.create({ groups }) };
    }
    case ApiKey.DescribeGroups: {
      const groups = req.body.groups.map((groupId) => {
        const g = ctx.state.group(groupId);
        const members = [...g.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: null,
          clientId: m.clientId,
          clientHost: '/127.0.0.1',
          memberMetadata: m.metadata,
          memberAssignment: m.assignment,
        }));
        const groupState = members.length > 0 ? 'Stable' : 'Empty';
        return { groupId, groupState, protocolType: g.protocolType, protocolData: g.protocolName, members };
      });
      return { body: DescribeGroupsResponse.create({ groups }) };
    }
    default:
      return undefined;
  }
}
