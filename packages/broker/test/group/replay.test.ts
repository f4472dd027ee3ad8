import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeleteGroupsRequest, GroupMetadataValue, KafkaErrorCode as E, OffsetDeleteRequest } from '@tributary/protocol';
import { ManualClock } from '../../src/group/clock.js';
import { encodeGroupMetadataKey, encodeGroupMetadataValue, encodeOffsetCommitKey } from '../../src/group/record-codec.js';
import { commit, harness, heartbeat, join, leave, MemoryLog, stableGroup, subscription, sync, type Harness } from './harness.js';

/** A second coordinator over the same log (a broker restart). */
async function restart(h: Harness, config = {}): Promise<Harness> {
  await h.coordinator.shutdown();
  return harness(config, {}, h.log, new ManualClock(h.clock.now()));
}

function snapshots(h: Harness) {
  return h.coordinator
    .groupIds()
    .sort()
    .map((id) => h.coordinator.inspectGroup(id));
}

describe('replay of __consumer_offsets', () => {
  it('a fresh coordinator loading the records rebuilds the same groups and offsets', async () => {
    const h = await harness();
    // A stable consumer group with offsets (some overwritten, one deleted after it left the subscription).
    const { leader, members } = await stableGroup(h, 2, { groupId: 'live', topics: ['t', 'gone'] });
    await commit(h, { groupId: 'live', generationId: 1, memberId: leader, offsets: [{ topic: 't', partition: 0, offset: 1n, metadata: 'first' }, { topic: 't', partition: 1, offset: 5n }] });
    await commit(h, { groupId: 'live', generationId: 1, memberId: members[1]!, offsets: [{ topic: 't', partition: 0, offset: 2n, metadata: 'second ü', leaderEpoch: 4 }] });
    // A static group whose member restarted (new member id persisted without a rebalance).
    const s = join(h, { groupId: 'static', instanceId: 'i1' });
    await h.tick(100);
    const sj = await s;
    await sync(h, { groupId: 'static', generationId: 1, memberId: sj.memberId, instanceId: 'i1', assignments: [{ memberId: sj.memberId, assignment: Buffer.from('S') }] });
    await join(h, { groupId: 'static', instanceId: 'i1' });
    // A group that emptied, with offsets kept.
    const { leader: l2 } = await stableGroup(h, 1, { groupId: 'emptied' });
    await commit(h, { groupId: 'emptied', generationId: 1, memberId: l2, offsets: [{ topic: 'x', partition: 3, offset: 33n }] });
    await leave(h, [{ memberId: l2 }], 'emptied');
    // A simple-consumer group, one with an offset deleted, and a deleted group.
    await commit(h, { groupId: 'simple', offsets: [{ topic: 'a', partition: 0, offset: 7n }, { topic: 'b', partition: 0, offset: 8n }] });
    await h.coordinator.offsetDelete(OffsetDeleteRequest.create({ groupId: 'simple', topics: [{ name: 'b', partitions: [{ partitionIndex: 0 }] }] }), 0);
    await commit(h, { groupId: 'doomed', offsets: [{ topic: 'a', partition: 0, offset: 1n }] });
    await h.coordinator.deleteGroups(DeleteGroupsRequest.create({ groupsNames: ['doomed'] }), 2);

    const before = snapshots(h);
    expect(before.map((g) => [g?.groupId, g?.state])).toEqual([['emptied', 'Empty'], ['live', 'Stable'], ['simple', 'Empty'], ['static', 'Stable']]);
    const h2 = await restart(h);
    expect(snapshots(h2)).toEqual(before);
    expect(h2.errors).toEqual([]);
  });

  it('restored members keep working if they heartbeat; silent ones expire and the group empties', async () => {
    const h = await harness();
    const { members, generationId } = await stableGroup(h, 2, { sessionTimeoutMs: 10_000 });
    const h2 = await restart(h);
    expect(h2.coordinator.inspectGroup('g')).toMatchObject({ state: 'Stable', generationId });
    await h2.tick(6000);
    expect(await heartbeat(h2, { generationId, memberId: members[0]! })).toBe(E.NONE);
    expect((await sync(h2, { generationId, memberId: members[1]! })).assignment).toEqual(Buffer.from(`a:${members[1]}`));
    await h2.tick(10_000);
    expect(h2.coordinator.inspectGroup('g')).toMatchObject({ state: 'Empty', generationId: generationId + 1 });
    const h3 = await restart(h2);
    expect(h3.coordinator.inspectGroup('g')).toMatchObject({ state: 'Empty', generationId: generationId + 1, members: [] });
  });

  it('a group caught mid-rebalance comes back as its last completed generation', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 2);
    void join(h, { memberId: members[0]! });
    await h.settle();
    expect(h.coordinator.inspectGroup('g')?.state).toBe('PreparingRebalance');
    const h2 = await restart(h);
    expect(h2.coordinator.inspectGroup('g')).toMatchObject({ state: 'Stable', generationId: 1 });
  });

  it('reads records Kafka and older brokers wrote: every value version, unknown key versions skipped', async () => {
    const log = new MemoryLog();
    const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
    const p = 0;
    const i64 = (n: number) => BigInt(n).toString(16).padStart(16, '0');
    const str = (s: string) => Buffer.from(s).length.toString(16).padStart(4, '0') + Buffer.from(s).toString('hex');
    const rec = (key: Buffer, value: Buffer | null) => ({ key, value, timestamp: 0 });
    await log.append(p, [
      rec(encodeOffsetCommitKey('g', 't', 0), hex('0000' + i64(10) + str('v0') + i64(100))),
      rec(encodeOffsetCommitKey('g', 't', 1), hex('0001' + i64(11) + str('v1') + i64(100) + i64(999_999_999))),
      rec(encodeOffsetCommitKey('g', 't', 2), hex('0003' + i64(12) + '00000002' + str('v3') + i64(100))),
      rec(hex('0005 0001 67'), hex('00')), // a newer record type: skipped
      rec(encodeOffsetCommitKey('g', 't', 3), hex('0003 00')), // truncated: skipped
      rec(encodeGroupMetadataKey('g'), encodeGroupMetadataValue(GroupMetadataValue.create({ protocolType: 'consumer', generation: 7, protocol: 'range', leader: 'm', members: [{ memberId: 'm', clientId: 'c', clientHost: '/h', sessionTimeout: 30_000, subscription: subscription(['t']), assignment: Buffer.from('A') }] }), 0)),
    ]);
    const h = await harness({ 'offsets.topic.num.partitions': 1 }, {}, log);
    const g = h.coordinator.inspectGroup('g')!;
    expect(g).toMatchObject({ state: 'Stable', generationId: 7, protocolName: 'range', leaderId: 'm' });
    expect(g.members[0]).toMatchObject({ memberId: 'm', sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 30_000, assignment: Buffer.from('A') });
    expect(g.offsets.map((o) => [o.partition, o.committed.offset, o.committed.metadata, o.committed.leaderEpoch])).toEqual([[0, 10n, 'v0', -1], [1, 11n, 'v1', -1], [2, 12n, 'v3', 2]]);
    expect(g.offsets[1]!.committed.expireTimestamp).toBe(999_999_999);
  });

  it('tombstones win over earlier records, and a later record over a tombstone', async () => {
    const h = await harness();
    await commit(h, { groupId: 'r', offsets: [{ topic: 't', partition: 0, offset: 1n }] });
    await h.coordinator.deleteGroups(DeleteGroupsRequest.create({ groupsNames: ['r'] }), 2);
    await commit(h, { groupId: 'r', offsets: [{ topic: 'u', partition: 0, offset: 2n }] });
    const h2 = await restart(h);
    expect(h2.coordinator.inspectGroup('r')?.offsets.map((o) => [o.topic, o.committed.offset])).toEqual([['u', 2n]]);
  });

  it('a group loaded with more members than group.max.size rebalances', async () => {
    const h = await harness();
    await stableGroup(h, 3);
    const h2 = await restart(h, { 'group.max.size': 2 });
    expect(h2.coordinator.inspectGroup('g')?.state).toBe('PreparingRebalance');
  });

  it('committed offsets survive any sequence of commits, offset deletions and group deletions', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('commit' as const), group: fc.constantFrom('a', 'b', 'c'), topic: fc.constantFrom('t', 'u'), partition: fc.integer({ min: 0, max: 2 }), offset: fc.bigInt({ min: 0n, max: 1n << 40n }), metadata: fc.string({ maxLength: 8 }) }),
      fc.record({ kind: fc.constant('deleteOffset' as const), group: fc.constantFrom('a', 'b', 'c'), topic: fc.constantFrom('t', 'u'), partition: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('deleteGroup' as const), group: fc.constantFrom('a', 'b', 'c') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const h = await harness();
        for (const o of ops) {
          if (o.kind === 'commit') await commit(h, { groupId: o.group, offsets: [{ topic: o.topic, partition: o.partition, offset: o.offset, metadata: o.metadata }] });
          else if (o.kind === 'deleteOffset') await h.coordinator.offsetDelete(OffsetDeleteRequest.create({ groupId: o.group, topics: [{ name: o.topic, partitions: [{ partitionIndex: o.partition }] }] }), 0);
          else await h.coordinator.deleteGroups(DeleteGroupsRequest.create({ groupsNames: [o.group] }), 2);
        }
        const before = snapshots(h);
        const h2 = await restart(h);
        expect(snapshots(h2)).toEqual(before);
      }),
      { numRuns: 60 },
    );
  });
});
