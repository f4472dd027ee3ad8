import { describe, expect, it } from 'vitest';
import { KafkaErrorCode as E, OffsetDeleteRequest, OffsetFetchRequest } from '@tributary/protocol';
import { decodeCoordinatorKey, decodeOffsetCommitValue } from '../../src/group/record-codec.js';
import { commit, commitErrors, fetch, harness, join, stableGroup, type Harness } from './harness.js';

function offsetsOf(r: { topics: Array<{ name: string; partitions: Array<{ partitionIndex: number; committedOffset: bigint; metadata: string | null; errorCode: number; committedLeaderEpoch: number }> }> }) {
  return r.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, metadata: p.metadata, epoch: p.committedLeaderEpoch, error: p.errorCode })));
}

function deleteOffsets(h: Harness, topics: Array<{ name: string; partitions: number[] }>, groupId = 'g') {
  return h.coordinator.offsetDelete(OffsetDeleteRequest.create({ groupId, topics: topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p })) })) }), 0);
}

describe('OffsetCommit / OffsetFetch', () => {
  it('a member commits within its generation; the offsets, metadata and leader epoch come back exactly', async () => {
    const h = await harness();
    const { leader, generationId } = await stableGroup(h, 1);
    const metadata = 'ünïcödé 😀 {"json": [1, 2]} \u0000 trailing ';
    const r = await commit(h, { generationId, memberId: leader, offsets: [{ topic: 't', partition: 0, offset: 42n, metadata, leaderEpoch: 3 }, { topic: 't', partition: 1, offset: 0n, metadata: null }, { topic: 'u', partition: 5, offset: 9_007_199_254_740_993n }] });
    expect(commitErrors(r)).toEqual([E.NONE, E.NONE, E.NONE]);
    const f = await fetch(h, [{ name: 't', partitionIndexes: [0, 1, 2] }, { name: 'u', partitionIndexes: [5] }]);
    expect(f.errorCode).toBe(E.NONE);
    expect(offsetsOf(f)).toEqual([
      { topic: 't', partition: 0, offset: 42n, metadata, epoch: 3, error: E.NONE },
      { topic: 't', partition: 1, offset: 0n, metadata: '', epoch: -1, error: E.NONE }, // null metadata is stored as ""
      { topic: 't', partition: 2, offset: -1n, metadata: '', epoch: -1, error: E.NONE }, // nothing committed
      { topic: 'u', partition: 5, offset: 9_007_199_254_740_993n, metadata: '', epoch: -1, error: E.NONE },
    ]);
  });

  it('writes one OffsetCommitValue v3 record per partition, stamped with the commit time', async () => {
    const h = await harness();
    const before = h.log.allRecords().length;
    await commit(h, { offsets: [{ topic: 't', partition: 0, offset: 7n, metadata: 'm', leaderEpoch: 2 }] });
    const records = h.log.records(h.coordinator.partitionFor('g')).slice(before);
    expect(records).toHaveLength(1);
    expect(decodeCoordinatorKey(records[0]!.key!)).toEqual({ type: 'offset', group: 'g', topic: 't', partition: 0 });
    expect(decodeOffsetCommitValue(records[0]!.value!)).toEqual({ version: 3, value: { offset: 7n, leaderEpoch: 2, metadata: 'm', commitTimestamp: BigInt(h.clock.now()), expireTimestamp: -1n } });
    expect(records[0]!.timestamp).toBe(h.clock.now());
  });

  it('rejects metadata longer than offset.metadata.max.bytes per partition; the others are stored', async () => {
    const h = await harness({ 'offset.metadata.max.bytes': 4 });
    const r = await commit(h, { offsets: [{ topic: 't', partition: 0, offset: 1n, metadata: 'abcd' }, { topic: 't', partition: 1, offset: 1n, metadata: 'abcde' }] });
    expect(commitErrors(r)).toEqual([E.NONE, E.OFFSET_METADATA_TOO_LARGE]);
    expect(offsetsOf(await fetch(h, [{ name: 't', partitionIndexes: [0, 1] }])).map((o) => o.offset)).toEqual([1n, -1n]);
    expect(commitErrors(await commit(h, { offsets: [{ topic: 't', partition: 2, offset: 1n, metadata: 'toolong' }] }))).toEqual([E.OFFSET_METADATA_TOO_LARGE]);
  });

  it('simple commits (generation -1, no member) create an empty group and work only while it has no members', async () => {
    const h = await harness();
    expect(commitErrors(await commit(h, { groupId: 's', offsets: [{ topic: 't', partition: 0, offset: 5n }] }))).toEqual([E.NONE]);
    expect(h.coordinator.inspectGroup('s')).toMatchObject({ state: 'Empty', generationId: 0, protocolType: null });
    await stableGroup(h, 1);
    expect(commitErrors(await commit(h, { offsets: [{ topic: 't', partition: 0, offset: 5n }] }))).toEqual([E.UNKNOWN_MEMBER_ID]);
  });

  it('generation -1 may commit to an empty group whatever member id it carries (the admin client)', async () => {
    const h = await harness();
    const { leader } = await stableGroup(h, 1);
    const { leave } = await import('./harness.js');
    await leave(h, [{ memberId: leader }]);
    expect(commitErrors(await commit(h, { generationId: -1, memberId: leader, offsets: [{ topic: 't', partition: 0, offset: 9n }] }))).toEqual([E.NONE]);
    expect(commitErrors(await commit(h, { generationId: 1, memberId: leader, offsets: [{ topic: 't', partition: 0, offset: 9n }] }))).toEqual([E.UNKNOWN_MEMBER_ID]);
  });

  it('checks generation and member of group commits', async () => {
    const h = await harness();
    const { leader, generationId } = await stableGroup(h, 1);
    const one = [{ topic: 't', partition: 0, offset: 1n }];
    expect(commitErrors(await commit(h, { generationId: generationId + 1, memberId: leader, offsets: one }))).toEqual([E.ILLEGAL_GENERATION]);
    expect(commitErrors(await commit(h, { generationId, memberId: 'stranger', offsets: one }))).toEqual([E.UNKNOWN_MEMBER_ID]);
    // A generation for a group that does not exist: ILLEGAL_GENERATION before v9, GROUP_ID_NOT_FOUND from v9.
    expect(commitErrors(await commit(h, { groupId: 'none', generationId: 1, memberId: 'm', offsets: one, version: 8 }))).toEqual([E.ILLEGAL_GENERATION]);
    expect(commitErrors(await commit(h, { groupId: 'none', generationId: 1, memberId: 'm', offsets: one, version: 9 }))).toEqual([E.GROUP_ID_NOT_FOUND]);
  });

  it('answers REBALANCE_IN_PROGRESS during CompletingRebalance and accepts commits while PreparingRebalance', async () => {
    const h = await harness();
    const { members, generationId } = await stableGroup(h, 2);
    const one = [{ topic: 't', partition: 0, offset: 1n }];
    void join(h, { memberId: members[0]! }); // the leader rejoins: PreparingRebalance
    await h.settle();
    expect(commitErrors(await commit(h, { generationId, memberId: members[1]!, offsets: one }))).toEqual([E.NONE]);
    const rejoin = join(h, { memberId: members[1]! });
    await h.settle();
    expect(h.coordinator.inspectGroup('g')?.state).toBe('CompletingRebalance');
    expect((await rejoin).generationId).toBe(2);
    expect(commitErrors(await commit(h, { generationId: 2, memberId: members[1]!, offsets: one }))).toEqual([E.REBALANCE_IN_PROGRESS]);
  });

  it('v1 keeps the client commit timestamp; v2-v4 retention writes a version 1 value with an expire timestamp', async () => {
    const h = await harness();
    const p = h.coordinator.partitionFor('g');
    const { OffsetCommitRequest } = await import('@tributary/protocol');
    await h.coordinator.offsetCommit(OffsetCommitRequest.create({ groupId: 'g', topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 3n, commitTimestamp: 555n, committedMetadata: '' }] }] }), 1);
    expect(decodeOffsetCommitValue(h.log.records(p).at(-1)!.value!).value.commitTimestamp).toBe(555n);
    await commit(h, { version: 2, retentionTimeMs: 60_000n, offsets: [{ topic: 't', partition: 0, offset: 4n }] });
    expect(decodeOffsetCommitValue(h.log.records(p).at(-1)!.value!)).toMatchObject({ version: 1, value: { offset: 4n, expireTimestamp: BigInt(h.clock.now() + 60_000) } });
  });

  it('unknown topic partitions get UNKNOWN_TOPIC_OR_PARTITION when the broker says so, and are not stored', async () => {
    const h = await harness({}, { partitionExists: (topic, partition) => topic === 't' && partition < 2 });
    const r = await commit(h, { offsets: [{ topic: 't', partition: 0, offset: 1n }, { topic: 't', partition: 2, offset: 1n }, { topic: 'x', partition: 0, offset: 1n }] });
    expect(commitErrors(r)).toEqual([E.NONE, E.UNKNOWN_TOPIC_OR_PARTITION, E.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(h.coordinator.inspectGroup('g')?.offsets.map((o) => `${o.topic}-${o.partition}`)).toEqual(['t-0']);
  });

  it('a failed append stores nothing and maps the log error as Kafka does', async () => {
    const h = await harness();
    h.log.failWith = E.NOT_ENOUGH_REPLICAS;
    expect(commitErrors(await commit(h, { offsets: [{ topic: 't', partition: 0, offset: 1n }] }))).toEqual([E.COORDINATOR_NOT_AVAILABLE]);
    h.log.failWith = E.MESSAGE_TOO_LARGE;
    expect(commitErrors(await commit(h, { offsets: [{ topic: 't', partition: 0, offset: 1n }] }))).toEqual([E.INVALID_COMMIT_OFFSET_SIZE]);
    h.log.failWith = null;
    expect(offsetsOf(await fetch(h, [{ name: 't', partitionIndexes: [0] }]))[0]!.offset).toBe(-1n);
  });

  it('OffsetFetch v2+ with null topics returns every committed partition; unknown groups return nothing', async () => {
    const h = await harness();
    await commit(h, { offsets: [{ topic: 'b', partition: 1, offset: 11n }, { topic: 'a', partition: 0, offset: 10n }, { topic: 'b', partition: 0, offset: 12n }] });
    expect(offsetsOf(await fetch(h, null)).map((o) => [o.topic, o.partition, o.offset])).toEqual([['a', 0, 10n], ['b', 0, 12n], ['b', 1, 11n]]);
    expect((await fetch(h, null, 'unknown')).topics).toEqual([]);
    expect(offsetsOf(await fetch(h, [{ name: 'a', partitionIndexes: [0] }], 'unknown'))).toEqual([{ topic: 'a', partition: 0, offset: -1n, metadata: '', epoch: -1, error: E.NONE }]);
  });

  it('OffsetFetch v0-v1 put a group error on every partition; v2+ at the top', async () => {
    const h = await harness();
    await h.coordinator.unloadPartition(h.coordinator.partitionFor('g'));
    const v1 = await fetch(h, [{ name: 't', partitionIndexes: [0, 1] }], 'g', 1);
    expect(offsetsOf(v1).map((o) => o.error)).toEqual([E.NOT_COORDINATOR, E.NOT_COORDINATOR]);
    const v3 = await fetch(h, [{ name: 't', partitionIndexes: [0, 1] }], 'g', 3);
    expect(v3).toMatchObject({ errorCode: E.NOT_COORDINATOR, topics: [] });
  });

  it('OffsetFetch v8 fetches several groups, each with its own error', async () => {
    const h = await harness();
    await commit(h, { groupId: 'g1', offsets: [{ topic: 't', partition: 0, offset: 1n }] });
    await commit(h, { groupId: 'g2', offsets: [{ topic: 't', partition: 0, offset: 2n }] });
    const r = await h.coordinator.offsetFetch(
      OffsetFetchRequest.create({ groups: [{ groupId: 'g1', topics: null }, { groupId: 'g2', topics: [{ name: 't', partitionIndexes: [0] }] }, { groupId: '', topics: null }] }),
      8,
    );
    expect(r.groups.map((g) => [g.groupId, g.errorCode, g.topics[0]?.partitions[0]?.committedOffset])).toEqual([
      ['g1', E.NONE, 1n],
      ['g2', E.NONE, 2n],
      ['', E.NONE, undefined],
    ]);
  });

  it('requireStable (v7+) reports UNSTABLE_OFFSET_COMMIT where the transaction hook says offsets are pending', async () => {
    const h = await harness({}, { pendingTransactionalOffsets: (_g, topic, partition) => topic === 't' && partition === 1 });
    await commit(h, { offsets: [{ topic: 't', partition: 0, offset: 1n }, { topic: 't', partition: 1, offset: 2n }] });
    const stable = await h.coordinator.offsetFetch(OffsetFetchRequest.create({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 1] }], requireStable: true }), 7);
    expect(offsetsOf(stable).map((o) => [o.offset, o.error])).toEqual([[1n, E.NONE], [-1n, E.UNSTABLE_OFFSET_COMMIT]]);
    const plain = await h.coordinator.offsetFetch(OffsetFetchRequest.create({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 1] }], requireStable: true }), 6);
    expect(offsetsOf(plain).map((o) => o.error)).toEqual([E.NONE, E.NONE]);
  });
});

describe('OffsetDelete', () => {
  it('deletes offsets of an empty group, writing tombstones; deleting all of them removes the group', async () => {
    const h = await harness();
    const { leader } = await stableGroup(h, 1);
    await commit(h, { generationId: 1, memberId: leader, offsets: [{ topic: 't', partition: 0, offset: 1n }, { topic: 'u', partition: 0, offset: 2n }] });
    const { leave } = await import('./harness.js');
    await leave(h, [{ memberId: leader }]);
    const before = h.log.allRecords().length;
    const r = await deleteOffsets(h, [{ name: 't', partitions: [0, 7] }]);
    expect(r).toMatchObject({ errorCode: E.NONE, topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: E.NONE }, { partitionIndex: 7, errorCode: E.NONE }] }] });
    const tombstones = h.log.allRecords().slice(before);
    expect(tombstones).toHaveLength(1);
    expect(tombstones[0]!.value).toBeNull();
    expect(h.coordinator.inspectGroup('g')?.offsets.map((o) => o.topic)).toEqual(['u']);
    await deleteOffsets(h, [{ name: 'u', partitions: [0] }]);
    expect(h.coordinator.inspectGroup('g')).toBeUndefined(); // empty with no offsets: gone (group tombstone too)
    const last = h.log.allRecords().slice(-2);
    expect(last.map((x) => [decodeCoordinatorKey(x.key!).type, x.value])).toEqual([['offset', null], ['group', null]]);
  });

  it('an active consumer group may only lose offsets of topics it does not subscribe to', async () => {
    const h = await harness();
    const { leader } = await stableGroup(h, 1, { topics: ['t'] });
    await commit(h, { generationId: 1, memberId: leader, offsets: [{ topic: 't', partition: 0, offset: 1n }, { topic: 'old', partition: 0, offset: 2n }] });
    const r = await deleteOffsets(h, [{ name: 't', partitions: [0] }, { name: 'old', partitions: [0] }]);
    expect(r.topics.map((t) => [t.name, t.partitions[0]!.errorCode])).toEqual([['t', E.GROUP_SUBSCRIBED_TO_TOPIC], ['old', E.NONE]]);
    expect(h.coordinator.inspectGroup('g')?.offsets.map((o) => o.topic)).toEqual(['t']);
  });

  it('GROUP_ID_NOT_FOUND for unknown groups, NON_EMPTY_GROUP for active non-consumer groups', async () => {
    const h = await harness();
    expect((await deleteOffsets(h, [{ name: 't', partitions: [0] }], 'none')).errorCode).toBe(E.GROUP_ID_NOT_FOUND);
    await stableGroup(h, 1, { protocolType: 'connect' });
    expect(await deleteOffsets(h, [{ name: 't', partitions: [0] }])).toMatchObject({ errorCode: E.NON_EMPTY_GROUP, topics: [] });
  });
});

describe('offset expiry (offsets.retention.minutes)', () => {
  it('expires offsets of an empty group once the retention has passed since it became empty, then the group', async () => {
    const h = await harness({ 'offsets.retention.minutes': 10, 'offsets.retention.check.interval.ms': 60_000 });
    const { leader } = await stableGroup(h, 1, { sessionTimeoutMs: 1_000_000 });
    await commit(h, { generationId: 1, memberId: leader, offsets: [{ topic: 't', partition: 0, offset: 1n }] });
    await h.tick(5 * 60_000); // the group is not empty yet: its offsets do not age
    const { leave } = await import('./harness.js');
    await leave(h, [{ memberId: leader }]);
    await h.tick(9 * 60_000);
    expect(h.coordinator.inspectGroup('g')?.offsets).toHaveLength(1);
    await h.tick(2 * 60_000); // the next check after 10 minutes of emptiness
    expect(h.coordinator.inspectGroup('g')).toBeUndefined();
  });

  it('expires simple-consumer offsets by their commit time, and respects an explicit expire timestamp', async () => {
    const h = await harness({ 'offsets.retention.minutes': 10, 'offsets.retention.check.interval.ms': 3_600_000 });
    await commit(h, { groupId: 's', offsets: [{ topic: 't', partition: 0, offset: 1n }] });
    await h.tick(5 * 60_000);
    await commit(h, { groupId: 's', offsets: [{ topic: 't', partition: 1, offset: 1n }] });
    await commit(h, { groupId: 's', version: 2, retentionTimeMs: 60_000n, offsets: [{ topic: 't', partition: 2, offset: 1n }] });
    await h.tick(60_000);
    expect(await h.coordinator.cleanupExpiredOffsets()).toBe(1); // partition 2: its own expire timestamp
    await h.tick(4 * 60_000);
    expect(await h.coordinator.cleanupExpiredOffsets()).toBe(1); // partition 0: 10 minutes after its commit
    expect(h.coordinator.inspectGroup('s')?.offsets.map((o) => o.partition)).toEqual([1]);
  });

  it('expires offsets of topics a stable consumer group no longer subscribes to', async () => {
    const h = await harness({ 'offsets.retention.minutes': 1, 'offsets.retention.check.interval.ms': 3_600_000 });
    const { leader } = await stableGroup(h, 1, { topics: ['t'], sessionTimeoutMs: 600_000 });
    await commit(h, { generationId: 1, memberId: leader, offsets: [{ topic: 't', partition: 0, offset: 1n }, { topic: 'gone', partition: 0, offset: 1n }] });
    await h.tick(60_000);
    expect(await h.coordinator.cleanupExpiredOffsets()).toBe(1);
    expect(h.coordinator.inspectGroup('g')?.offsets.map((o) => o.topic)).toEqual(['t']);
  });
});
