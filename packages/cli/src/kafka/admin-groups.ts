import {
  ApiKey,
  DeleteGroupsRequest,
  DescribeGroupsRequest,
  FindCoordinatorRequest,
  KafkaProtocolError,
  ListGroupsRequest,
  OffsetCommitRequest,
  OffsetDeleteRequest,
  OffsetFetchRequest,
} from '@tributary/protocol';
import { byTopic, type ItemResult } from './admin.js';
import type { KafkaClient } from './client.js';
import type { BrokerConnection } from './connection.js';
import { decodeAssignment } from './consumer-protocol.js';
import type { NodeInfo } from './metadata.js';

/** One group as ListGroups reports it (Kafka's `GroupListing`). */
export interface GroupListing {
  readonly groupId: string;
  readonly protocolType: string;
  /** Empty when the broker does not report states (ListGroups < v4). */
  readonly state: string;
}

/** One member of a described group (Kafka's `MemberDescription`). */
export interface GroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly host: string;
  /** Partitions assigned to the member, from its consumer-protocol assignment. */
  readonly assignment: ReadonlyArray<{ topic: string; partition: number }>;
}

/** A described group (Kafka's `ConsumerGroupDescription`). */
export interface GroupDescription {
  readonly groupId: string;
  readonly state: string;
  readonly protocolType: string;
  /** The assignor (`range`, ...) for consumer groups. */
  readonly protocol: string;
  readonly members: readonly GroupMember[];
  readonly coordinator: NodeInfo;
  readonly errorCode: number;
}

/** Error codes FindCoordinator and the group APIs answer while a coordinator is loading or moving. */
const COORDINATOR_RETRY = new Set([14, 15, 16]);

/** The coordinator of a group (FindCoordinator), retried while the coordinator is not available yet. */
export async function findCoordinator(client: KafkaClient, groupId: string, deadline = client.deadline()): Promise<NodeInfo> {
  return client.retrying(async () => {
    const conn = await client.any(deadline);
    const { body } = await conn.send(ApiKey.FindCoordinator, () => FindCoordinatorRequest.create({ key: groupId, keyType: 0 }), { timeoutMs: client.timeoutUntil(deadline) });
    if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, body.errorMessage);
    return { id: body.nodeId, host: body.host, port: body.port, rack: null };
  }, deadline);
}

/** Sends a request to the group's coordinator, retrying while the coordinator loads or moves. */
export async function toCoordinator<T>(client: KafkaClient, groupId: string, op: (conn: BrokerConnection) => Promise<T>, deadline = client.deadline()): Promise<T> {
  return client.retrying(async () => {
    const node = await findCoordinator(client, groupId, deadline);
    return op(await client.node(node.id, deadline));
  }, deadline);
}

/** Throws a {@link KafkaProtocolError} that {@link KafkaClient.retrying} retries when the coordinator moved. */
function checkGroupError(errorCode: number): void {
  if (errorCode !== 0 && COORDINATOR_RETRY.has(errorCode)) throw new KafkaProtocolError(errorCode, null);
}

/** Every group of every broker (ListGroups on each), optionally filtered by state (ListGroups v4+). */
export async function listGroups(client: KafkaClient, states: readonly string[] = []): Promise<GroupListing[]> {
  const md = await client.refresh();
  const all = await Promise.all(
    [...md.brokers.keys()].map(async (id) => {
      const { body } = await client.retrying(async () => (await client.node(id)).send(ApiKey.ListGroups, (v) => ListGroupsRequest.create(v >= 4 ? { statesFilter: [...states] } : {})));
      if (body.errorCode !== 0) throw new KafkaProtocolError(body.errorCode, null);
      return body.groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, state: g.groupState }));
    }),
  );
  return all.flat();
}

/** DescribeGroups for one group at its coordinator. */
export async function describeGroup(client: KafkaClient, groupId: string, deadline = client.deadline()): Promise<GroupDescription> {
  let coordinator: NodeInfo = { id: -1, host: '', port: 0, rack: null };
  const g = await toCoordinator(
    client,
    groupId,
    async (conn) => {
      coordinator = (await client.metadata()).brokers.get(await nodeIdOf(client, conn)) ?? coordinator;
      const { body } = await conn.send(ApiKey.DescribeGroups, () => DescribeGroupsRequest.create({ groups: [groupId] }));
      const group = body.groups[0]!;
      checkGroupError(group.errorCode);
      return group;
    },
    deadline,
  );
  const consumer = g.protocolType === 'consumer' || g.protocolType === '';
  return {
    groupId,
    state: g.groupState,
    protocolType: g.protocolType,
    protocol: g.protocolData,
    errorCode: g.errorCode,
    coordinator,
    members: g.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      host: m.clientHost,
      assignment: consumer ? decodeAssignment(m.memberAssignment) : [],
    })),
  };
}

async function nodeIdOf(client: KafkaClient, conn: BrokerConnection): Promise<number> {
  const md = await client.metadata();
  for (const b of md.brokers.values()) if (b.host === conn.address.host && b.port === conn.address.port) return b.id;
  return -1;
}

/** The group's committed offsets (OffsetFetch for every partition), keyed `topic-partition`. */
export async function fetchGroupOffsets(
  client: KafkaClient,
  groupId: string,
  deadline = client.deadline(),
): Promise<Map<string, { topic: string; partition: number; offset: number; leaderEpoch: number }>> {
  const body = await toCoordinator(
    client,
    groupId,
    async (conn) => {
      const { body: b, version } = await conn.send(ApiKey.OffsetFetch, (v) => OffsetFetchRequest.create({ groupId, topics: v >= 2 ? null : [] }));
      if (version < 2) throw new KafkaProtocolError(35, 'listing every committed offset needs OffsetFetch v2+');
      checkGroupError(b.errorCode);
      if (b.errorCode !== 0) throw new KafkaProtocolError(b.errorCode, null);
      return b;
    },
    deadline,
  );
  const out = new Map<string, { topic: string; partition: number; offset: number; leaderEpoch: number }>();
  for (const t of body.topics) {
    for (const p of t.partitions) {
      if (p.errorCode === 0 && p.committedOffset >= 0n) {
        out.set(`${t.name}-${p.partitionIndex}`, { topic: t.name, partition: p.partitionIndex, offset: Number(p.committedOffset), leaderEpoch: p.committedLeaderEpoch });
      }
    }
  }
  return out;
}

/** Commits offsets for a group with no active generation (Kafka's `Admin.alterConsumerGroupOffsets`). */
export async function alterGroupOffsets(
  client: KafkaClient,
  groupId: string,
  offsets: ReadonlyArray<{ topic: string; partition: number; offset: number }>,
): Promise<Map<string, ItemResult<null>>> {
  const body = await toCoordinator(client, groupId, async (conn) => {
    const { body: b } = await conn.send(ApiKey.OffsetCommit, () =>
      OffsetCommitRequest.create({
        groupId,
        generationIdOrMemberEpoch: -1,
        memberId: '',
        topics: byTopic(offsets, (o) => ({ partitionIndex: o.partition, committedOffset: BigInt(o.offset), committedMetadata: '' })),
      }),
    );
    for (const t of b.topics) for (const p of t.partitions) checkGroupError(p.errorCode);
    return b;
  });
  const out = new Map<string, ItemResult<null>>();
  for (const t of body.topics) {
    for (const p of t.partitions) {
      out.set(`${t.name}-${p.partitionIndex}`, p.errorCode === 0 ? { ok: true, value: null } : { ok: false, error: new KafkaProtocolError(p.errorCode, null) });
    }
  }
  return out;
}

/** DeleteGroups at each group's coordinator; one result per group. */
export async function deleteGroups(client: KafkaClient, groupIds: readonly string[]): Promise<Map<string, ItemResult<null>>> {
  const out = new Map<string, ItemResult<null>>();
  for (const groupId of groupIds) {
    const code = await toCoordinator(client, groupId, async (conn) => {
      const { body } = await conn.send(ApiKey.DeleteGroups, () => DeleteGroupsRequest.create({ groupsNames: [groupId] }));
      const r = body.results[0]!;
      checkGroupError(r.errorCode);
      return r.errorCode;
    });
    out.set(groupId, code === 0 ? { ok: true, value: null } : { ok: false, error: new KafkaProtocolError(code, null) });
  }
  return out;
}

/** OffsetDelete for some partitions of a group: the top-level error code and one result per partition. */
export async function deleteGroupOffsets(
  client: KafkaClient,
  groupId: string,
  partitions: ReadonlyArray<{ topic: string; partition: number }>,
): Promise<{ errorCode: number; partitions: Map<string, ItemResult<null>> }> {
  const body = await toCoordinator(client, groupId, async (conn) => {
    const { body: b } = await conn.send(ApiKey.OffsetDelete, () => OffsetDeleteRequest.create({ groupId, topics: byTopic(partitions, (p) => ({ partitionIndex: p.partition })) }));
    checkGroupError(b.errorCode);
    return b;
  });
  const out = new Map<string, ItemResult<null>>();
  for (const t of body.topics) {
    for (const p of t.partitions) {
      out.set(`${t.name}-${p.partitionIndex}`, p.errorCode === 0 ? { ok: true, value: null } : { ok: false, error: new KafkaProtocolError(p.errorCode, null) });
    }
  }
  return { errorCode: body.errorCode, partitions: out };
}
