import { describe, expect, it } from 'vitest';
import { DeleteGroupsRequest, DescribeGroupsRequest, KafkaErrorCode as E, ListGroupsRequest } from '@tributary/protocol';
import { decodeCoordinatorKey } from '../../src/group/record-codec.js';
import { commit, harness, join, leave, stableGroup, subscription, type Harness } from './harness.js';

const list = (h: Harness, statesFilter: string[] = [], typesFilter: string[] = [], version = 5) =>
  h.coordinator.listGroups(ListGroupsRequest.create({ statesFilter, typesFilter }), version);
const describeGroups = (h: Harness, groups: string[], version = 5) => h.coordinator.describeGroups(DescribeGroupsRequest.create({ groups }), version);
const deleteGroups = (h: Harness, groupsNames: string[]) => h.coordinator.deleteGroups(DeleteGroupsRequest.create({ groupsNames }), 2);

describe('ListGroups', () => {
  it('lists every group with its protocol type, state and type, filtered by state (v4) and type (v5)', async () => {
    const h = await harness();
    await stableGroup(h, 1, { groupId: 'stable' });
    await commit(h, { groupId: 'simple', offsets: [{ topic: 't', partition: 0, offset: 1n }] });
    void join(h, { groupId: 'joining', version: 3 });
    await h.settle();
    const all = await list(h);
    expect(all.errorCode).toBe(E.NONE);
    expect(all.groups.sort((a, b) => a.groupId.localeCompare(b.groupId))).toEqual([
      { groupId: 'joining', protocolType: 'consumer', groupState: 'PreparingRebalance', groupType: 'classic' },
      { groupId: 'simple', protocolType: '', groupState: 'Empty', groupType: 'classic' },
      { groupId: 'stable', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' },
    ]);
    expect((await list(h, ['Stable'])).groups.map((g) => g.groupId)).toEqual(['stable']);
    expect((await list(h, ['empty', 'PREPARINGREBALANCE'])).groups.map((g) => g.groupId).sort()).toEqual(['joining', 'simple']);
    expect((await list(h, [], ['consumer'])).groups).toEqual([]);
    expect((await list(h, [], ['Classic'])).groups).toHaveLength(3);
  });

  it('answers COORDINATOR_LOAD_IN_PROGRESS while a partition loads and COORDINATOR_NOT_AVAILABLE once shut down', async () => {
    const h = await harness();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slowLog = { append: h.log.append.bind(h.log), async *readAll(p: number) { await gate; yield* h.log.readAll(p); } };
    const { GroupCoordinator } = await import('../../src/group/coordinator.js');
    const c = new GroupCoordinator({ log: slowLog, clock: h.clock, config: { 'offsets.topic.num.partitions': 3 } });
    const starting = c.startup();
    await new Promise((r) => setImmediate(r));
    expect((await c.listGroups(ListGroupsRequest.create(), 4)).errorCode).toBe(E.COORDINATOR_LOAD_IN_PROGRESS);
    expect((await c.heartbeat({ groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null }, 3)).errorCode).toBe(E.NONE);
    expect((await c.syncGroup({ groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null, protocolType: null, protocolName: null, assignments: [] }, 3)).errorCode).toBe(E.REBALANCE_IN_PROGRESS);
    // Partitions not reached yet count as loading too: "load in progress", never "not coordinator".
    for (const groupId of ['g', 'h', 'i', 'j']) {
      const r = await c.joinGroup({ groupId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [], reason: null }, 5, { clientId: 'c', clientHost: '/h' });
      expect(r.errorCode).toBe(E.COORDINATOR_LOAD_IN_PROGRESS);
    }
    expect(new Set(['g', 'h', 'i', 'j'].map((id) => c.partitionFor(id))).size).toBeGreaterThan(1);
    release();
    await starting;
    expect((await c.listGroups(ListGroupsRequest.create(), 4)).errorCode).toBe(E.NONE);
    await c.shutdown();
    expect((await c.listGroups(ListGroupsRequest.create(), 4)).errorCode).toBe(E.COORDINATOR_NOT_AVAILABLE);
  });
});

describe('DescribeGroups', () => {
  it('describes a stable group with members, their metadata and assignments, and the protocol', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 2, { topics: ['a', 'b'] });
    const r = await describeGroups(h, ['g']);
    const g = r.groups[0]!;
    expect(g).toMatchObject({ errorCode: E.NONE, groupId: 'g', groupState: 'Stable', protocolType: 'consumer', protocolData: 'range', authorizedOperations: -2147483648 });
    expect(g.members.map((m) => m.memberId)).toEqual(members);
    expect(g.members[0]).toEqual({ memberId: members[0], groupInstanceId: null, clientId: 'c0', clientHost: '/127.0.0.1', memberMetadata: subscription(['a', 'b']), memberAssignment: Buffer.from(`a:${members[0]}`) });
  });

  it('prints state names as Kafka does and leaves metadata out unless Stable', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 2);
    void join(h, { memberId: members[0]! });
    await h.settle();
    const preparing = (await describeGroups(h, ['g'])).groups[0]!;
    expect(preparing).toMatchObject({ groupState: 'PreparingRebalance', protocolData: '' });
    expect(preparing.members.every((m) => m.memberMetadata.length === 0 && m.memberAssignment.length === 0)).toBe(true);
    void join(h, { memberId: members[1]! });
    await h.settle();
    expect((await describeGroups(h, ['g'])).groups[0]!.groupState).toBe('CompletingRebalance');
    await leave(h, members.map((memberId) => ({ memberId })));
    expect((await describeGroups(h, ['g'])).groups[0]).toMatchObject({ groupState: 'Empty', protocolType: 'consumer', members: [] });
  });

  it('describes unknown groups as Dead, and groups it does not coordinate with NOT_COORDINATOR', async () => {
    const h = await harness();
    const elsewhere = ['x0', 'x1', 'x2', 'x3', 'x4', 'x5'].find((id) => h.coordinator.partitionFor(id) !== h.coordinator.partitionFor('nope'))!;
    await h.coordinator.unloadPartition(h.coordinator.partitionFor(elsewhere));
    const r = await describeGroups(h, ['nope', elsewhere]);
    expect(r.groups[0]).toMatchObject({ errorCode: E.NONE, groupId: 'nope', groupState: 'Dead', protocolType: '', protocolData: '', members: [] });
    expect(r.groups[1]).toMatchObject({ errorCode: E.NOT_COORDINATOR, groupId: elsewhere, groupState: '' });
  });

  it('reports static members with their group.instance.id', async () => {
    const h = await harness();
    const r = join(h, { instanceId: 'inst-1' });
    await h.tick(100);
    const j = await r;
    const { sync } = await import('./harness.js');
    await sync(h, { generationId: 1, memberId: j.memberId, instanceId: 'inst-1', assignments: [] });
    expect((await describeGroups(h, ['g'], 4)).groups[0]!.members[0]!.groupInstanceId).toBe('inst-1');
  });
});

describe('DeleteGroups', () => {
  it('deletes empty groups with tombstones for offsets and metadata; refuses active and unknown ones', async () => {
    const h = await harness();
    const { leader } = await stableGroup(h, 1, { groupId: 'done' });
    await commit(h, { groupId: 'done', generationId: 1, memberId: leader, offsets: [{ topic: 't', partition: 0, offset: 3n }, { topic: 't', partition: 1, offset: 4n }] });
    await leave(h, [{ memberId: leader }], 'done');
    await stableGroup(h, 1, { groupId: 'busy' });
    const before = h.log.allRecords().length;
    const r = await deleteGroups(h, ['done', 'busy', 'ghost', 'done']);
    expect(r.results).toEqual([
      { groupId: 'done', errorCode: E.NONE },
      { groupId: 'busy', errorCode: E.NON_EMPTY_GROUP },
      { groupId: 'ghost', errorCode: E.GROUP_ID_NOT_FOUND },
    ]);
    const written = h.log.allRecords().slice(before);
    expect(written.every((rec) => rec.value === null)).toBe(true);
    expect(written.map((rec) => decodeCoordinatorKey(rec.key!))).toEqual([
      { type: 'offset', group: 'done', topic: 't', partition: 0 },
      { type: 'offset', group: 'done', topic: 't', partition: 1 },
      { type: 'group', group: 'done' },
    ]);
    expect(h.coordinator.inspectGroup('done')).toBeUndefined();
    expect((await describeGroups(h, ['done'])).groups[0]!.groupState).toBe('Dead');
  });

  it('a simple-consumer group (never had a generation) gets offset tombstones only', async () => {
    const h = await harness();
    await commit(h, { groupId: 's', offsets: [{ topic: 't', partition: 0, offset: 1n }] });
    const before = h.log.allRecords().length;
    expect((await deleteGroups(h, ['s'])).results[0]!.errorCode).toBe(E.NONE);
    expect(h.log.allRecords().slice(before).map((rec) => decodeCoordinatorKey(rec.key!).type)).toEqual(['offset']);
  });

  it('a failed append keeps the group', async () => {
    const h = await harness();
    await commit(h, { groupId: 's', offsets: [{ topic: 't', partition: 0, offset: 1n }] });
    h.log.failWith = E.NOT_LEADER_OR_FOLLOWER;
    expect((await deleteGroups(h, ['s'])).results[0]!.errorCode).toBe(E.NOT_COORDINATOR);
    expect(h.coordinator.inspectGroup('s')?.offsets).toHaveLength(1);
  });
});
