import { describe, expect, it } from 'vitest';
import {
  DeleteGroupsRequest,
  DeleteGroupsResponse,
  DescribeGroupsRequest,
  DescribeGroupsResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  KafkaErrorCode as E,
  LeaveGroupRequest,
  LeaveGroupResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetDeleteRequest,
  OffsetDeleteResponse,
  OffsetFetchRequest,
  OffsetFetchResponse,
  SyncGroupRequest,
  SyncGroupResponse,
  type MessageCodec,
} from '@tributary/protocol';
import { CTX, harness, subscription } from './harness.js';

/*
 * Every version of every group API through the wire codecs: the request as a client of that version would
 * send it (fields it lacks take their defaults), and a response that encodes at that version.
 */

const wire = <T>(codec: MessageCodec<T>, version: number, value: T): T => codec.decode(codec.encode(version, value), version);
const range = (codec: MessageCodec<unknown>): number[] => Array.from({ length: codec.validVersions.max - codec.validVersions.min + 1 }, (_, i) => codec.validVersions.min + i);

describe('every version of the group APIs', () => {
  it('JoinGroup v0-v9, SyncGroup, Heartbeat and LeaveGroup v0-max: a full cycle through the codecs', async () => {
    const h = await harness({ 'group.initial.rebalance.delay.ms': 0 });
    for (const v of range(JoinGroupRequest)) {
      const groupId = `join-v${v}`;
      const req = (memberId: string) => wire(JoinGroupRequest, v, JoinGroupRequest.create({ groupId, memberId, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 20_000, protocolType: 'consumer', protocols: [{ name: 'range', metadata: subscription(['t']) }] }));
      let res = await h.coordinator.joinGroup(req(''), v, CTX);
      wire(JoinGroupResponse, v, res);
      if (v >= 4) {
        expect(res.errorCode).toBe(E.MEMBER_ID_REQUIRED);
        res = await h.coordinator.joinGroup(req(res.memberId), v, CTX);
      }
      expect(wire(JoinGroupResponse, v, res)).toMatchObject({ errorCode: E.NONE, generationId: 1, protocolName: 'range', leader: res.memberId });
      // v0 has no rebalance timeout: the session timeout stands in for it.
      expect(h.coordinator.inspectGroup(groupId)?.members[0]?.rebalanceTimeoutMs).toBe(v === 0 ? 10_000 : 20_000);
      const sv = Math.min(v, SyncGroupRequest.validVersions.max);
      const sync = await h.coordinator.syncGroup(wire(SyncGroupRequest, sv, SyncGroupRequest.create({ groupId, generationId: 1, memberId: res.memberId, protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId: res.memberId, assignment: Buffer.from('x') }] })), sv);
      expect(wire(SyncGroupResponse, sv, sync)).toMatchObject({ errorCode: E.NONE, assignment: Buffer.from('x') });
      const hv = Math.min(v, HeartbeatRequest.validVersions.max);
      const hb = await h.coordinator.heartbeat(wire(HeartbeatRequest, hv, HeartbeatRequest.create({ groupId, generationId: 1, memberId: res.memberId })), hv);
      expect(wire(HeartbeatResponse, hv, hb).errorCode).toBe(E.NONE);
      const lv = Math.min(v, LeaveGroupRequest.validVersions.max);
      const leaveReq = lv >= 3 ? LeaveGroupRequest.create({ groupId, members: [{ memberId: res.memberId }, { memberId: 'ghost' }] }) : LeaveGroupRequest.create({ groupId, memberId: res.memberId });
      const left = wire(LeaveGroupResponse, lv, await h.coordinator.leaveGroup(wire(LeaveGroupRequest, lv, leaveReq), lv));
      expect(left.errorCode).toBe(E.NONE);
      if (lv >= 3) expect(left.members.map((m) => m.errorCode)).toEqual([E.NONE, E.UNKNOWN_MEMBER_ID]);
      expect(h.coordinator.inspectGroup(groupId)?.state).toBe('Empty');
    }
  });

  it('error answers encode at every version too (no protocol name before v7 is the empty string)', async () => {
    const h = await harness();
    for (const v of range(JoinGroupRequest)) {
      const res = await h.coordinator.joinGroup(JoinGroupRequest.create({ groupId: '', protocolType: 'consumer' }), v, CTX);
      expect(wire(JoinGroupResponse, v, res)).toMatchObject({ errorCode: E.INVALID_GROUP_ID, protocolName: v >= 7 ? null : '' });
    }
    for (const v of range(SyncGroupRequest)) expect(wire(SyncGroupResponse, v, await h.coordinator.syncGroup(SyncGroupRequest.create({ groupId: 'x', memberId: 'm', protocolType: 'consumer', protocolName: 'range' }), v)).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
    for (const v of range(LeaveGroupRequest)) expect(wire(LeaveGroupResponse, v, await h.coordinator.leaveGroup(LeaveGroupRequest.create({ groupId: '' }), v)).errorCode).toBe(E.INVALID_GROUP_ID);
  });

  it('OffsetCommit v0-v9 and OffsetFetch v0-v9 round-trip offsets through the codecs', async () => {
    const h = await harness();
    for (const v of range(OffsetCommitRequest)) {
      const groupId = `commit-v${v}`;
      const req = OffsetCommitRequest.create({ groupId, topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: BigInt(100 + v), committedLeaderEpoch: 5, committedMetadata: `m${v}` }] }] });
      const res = await h.coordinator.offsetCommit(wire(OffsetCommitRequest, v, req), v);
      expect(wire(OffsetCommitResponse, v, res).topics[0]!.partitions[0]!.errorCode).toBe(E.NONE);
      const stored = h.coordinator.inspectGroup(groupId)!.offsets[0]!.committed;
      expect(stored).toMatchObject({ offset: BigInt(100 + v), metadata: `m${v}`, leaderEpoch: v >= 6 ? 5 : -1 });
    }
    for (const v of range(OffsetFetchRequest)) {
      const groupId = `commit-v${v}`;
      const req = v >= 8 ? OffsetFetchRequest.create({ groups: [{ groupId, topics: [{ name: 't', partitionIndexes: [0, 1] }] }] }) : OffsetFetchRequest.create({ groupId, topics: [{ name: 't', partitionIndexes: [0, 1] }] });
      const res = wire(OffsetFetchResponse, v, await h.coordinator.offsetFetch(wire(OffsetFetchRequest, v, req), v));
      const partitions = v >= 8 ? res.groups[0]!.topics[0]!.partitions : res.topics[0]!.partitions;
      expect(partitions.map((p) => [p.committedOffset, p.metadata, p.errorCode])).toEqual([[BigInt(100 + v), `m${v}`, E.NONE], [-1n, '', E.NONE]]);
      expect(partitions[0]!.committedLeaderEpoch).toBe(v >= 6 ? 5 : -1); // commits carry an epoch from v6, fetches from v5
    }
  });

  it('OffsetDelete, ListGroups, DescribeGroups and DeleteGroups at every version', async () => {
    const h = await harness();
    await h.coordinator.offsetCommit(OffsetCommitRequest.create({ groupId: 'a', topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedMetadata: '' }] }] }), 8);
    const del = await h.coordinator.offsetDelete(wire(OffsetDeleteRequest, 0, OffsetDeleteRequest.create({ groupId: 'a', topics: [{ name: 't', partitions: [{ partitionIndex: 1 }] }] })), 0);
    expect(wire(OffsetDeleteResponse, 0, del).topics[0]!.partitions[0]!.errorCode).toBe(E.NONE);
    for (const v of range(ListGroupsRequest)) {
      const res = wire(ListGroupsResponse, v, await h.coordinator.listGroups(wire(ListGroupsRequest, v, ListGroupsRequest.create({ statesFilter: v >= 4 ? ['Empty'] : [] })), v));
      expect(res.groups.map((g) => g.groupId)).toEqual(['a']);
      expect(res.groups[0]!.groupState).toBe(v >= 4 ? 'Empty' : '');
    }
    for (const v of range(DescribeGroupsRequest)) {
      const res = wire(DescribeGroupsResponse, v, await h.coordinator.describeGroups(wire(DescribeGroupsRequest, v, DescribeGroupsRequest.create({ groups: ['a', 'zz'] })), v));
      expect(res.groups.map((g) => [g.groupId, g.groupState])).toEqual([['a', 'Empty'], ['zz', 'Dead']]);
    }
    for (const v of range(DeleteGroupsRequest)) {
      const res = wire(DeleteGroupsResponse, v, await h.coordinator.deleteGroups(wire(DeleteGroupsRequest, v, DeleteGroupsRequest.create({ groupsNames: ['zz'] })), v));
      expect(res.results).toEqual([{ groupId: 'zz', errorCode: E.GROUP_ID_NOT_FOUND }]);
    }
  });
});
