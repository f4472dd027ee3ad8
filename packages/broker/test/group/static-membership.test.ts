import { describe, expect, it } from 'vitest';
import { KafkaErrorCode as E } from '@tributary/protocol';
import { decodeCoordinatorKey, decodeGroupMetadataValue } from '../../src/group/record-codec.js';
import { harness, heartbeat, join, leave, sync, track, type Harness } from './harness.js';

/** Two static members (instances i1, i2) in a stable group of generation 1. */
async function staticGroup(h: Harness) {
  const a = track(join(h, { instanceId: 'i1', clientId: 'a' }));
  const b = track(join(h, { instanceId: 'i2', clientId: 'b' }));
  await h.tick(200);
  const [ra, rb] = await Promise.all([a.promise, b.promise]);
  const assignments = [
    { memberId: ra.memberId, assignment: Buffer.from('A') },
    { memberId: rb.memberId, assignment: Buffer.from('B') },
  ];
  const followerSync = sync(h, { generationId: 1, memberId: rb.memberId, instanceId: 'i2' });
  await sync(h, { generationId: 1, memberId: ra.memberId, instanceId: 'i1', assignments });
  await followerSync;
  return { leader: ra.memberId, follower: rb.memberId };
}

function groupRecords(h: Harness) {
  return h.log.allRecords().filter((r) => r.key !== null && decodeCoordinatorKey(r.key).type === 'group');
}

describe('static membership (group.instance.id)', () => {
  it('static members join without the member id round trip; ids start with the instance id', async () => {
    const h = await harness();
    const { leader, follower } = await staticGroup(h);
    expect(leader).toMatch(/^i1-/);
    expect(follower).toMatch(/^i2-/);
    expect(h.coordinator.inspectGroup('g')?.members.map((m) => m.groupInstanceId)).toEqual(['i1', 'i2']);
  });

  it('a restarted static member rejoins with a new member id and its old assignment, without a rebalance', async () => {
    const h = await harness();
    const { follower } = await staticGroup(h);
    const recordsBefore = groupRecords(h).length;
    const r = await join(h, { instanceId: 'i2', clientId: 'b' });
    expect(r).toMatchObject({ errorCode: E.NONE, generationId: 1, members: [] });
    expect(r.memberId).not.toBe(follower);
    expect(r.memberId).toMatch(/^i2-/);
    const snap = h.coordinator.inspectGroup('g')!;
    expect(snap.state).toBe('Stable');
    expect(snap.generationId).toBe(1);
    expect(snap.members.find((m) => m.groupInstanceId === 'i2')).toMatchObject({ memberId: r.memberId, assignment: Buffer.from('B') });
    expect((await sync(h, { generationId: 1, memberId: r.memberId, instanceId: 'i2' })).assignment).toEqual(Buffer.from('B'));
    // The new member id is persisted.
    const records = groupRecords(h);
    expect(records.length).toBe(recordsBefore + 1);
    const last = decodeGroupMetadataValue(records.at(-1)!.value!).value;
    expect(last.members.map((m) => m.memberId)).toContain(r.memberId);
    expect(last.members.map((m) => m.memberId)).not.toContain(follower);
  });

  it('a replaced leader is told the old leader id, so it does not reassign', async () => {
    const h = await harness();
    const { leader } = await staticGroup(h);
    const r = await join(h, { instanceId: 'i1', clientId: 'a' });
    expect(r.leader).toBe(leader);
    expect(r.memberId).not.toBe(leader);
    expect(h.coordinator.inspectGroup('g')?.leaderId).toBe(r.memberId);
  });

  it('JoinGroup v9 tells a replaced static leader that it leads, with skipAssignment', async () => {
    const h = await harness();
    const { leader, follower } = await staticGroup(h);
    const r = await join(h, { instanceId: 'i1', version: 9 });
    expect(r).toMatchObject({ errorCode: E.NONE, generationId: 1, leader: r.memberId, skipAssignment: true });
    expect(r.members.map((m) => m.memberId).sort()).toEqual([r.memberId, follower].sort());
    expect(r.memberId).not.toBe(leader);
    const f = await join(h, { instanceId: 'i2', version: 9 });
    expect(f).toMatchObject({ errorCode: E.NONE, leader: r.memberId, skipAssignment: false, members: [] });
    expect(h.coordinator.inspectGroup('g')?.state).toBe('Stable');
  });

  it('fences the stale member id: FENCED_INSTANCE_ID on heartbeat, sync, join, commit, leave', async () => {
    const h = await harness();
    const { follower } = await staticGroup(h);
    await join(h, { instanceId: 'i2', clientId: 'b' });
    expect(await heartbeat(h, { generationId: 1, memberId: follower, instanceId: 'i2' })).toBe(E.FENCED_INSTANCE_ID);
    expect((await sync(h, { generationId: 1, memberId: follower, instanceId: 'i2' })).errorCode).toBe(E.FENCED_INSTANCE_ID);
    expect((await join(h, { memberId: follower, instanceId: 'i2' })).errorCode).toBe(E.FENCED_INSTANCE_ID);
    const { commit, commitErrors } = await import('./harness.js');
    expect(commitErrors(await commit(h, { generationId: 1, memberId: follower, instanceId: 'i2', offsets: [{ topic: 't', partition: 0, offset: 1n }] }))).toEqual([E.FENCED_INSTANCE_ID]);
    expect((await leave(h, [{ memberId: follower, groupInstanceId: 'i2' }])).members[0]!.errorCode).toBe(E.FENCED_INSTANCE_ID);
  });

  it('an old member waiting in JoinGroup is fenced when its instance rejoins', async () => {
    const h = await harness();
    const { leader, follower } = await staticGroup(h);
    const oldJoin = track(join(h, { memberId: leader, instanceId: 'i1' })); // leader rejoin: a rebalance
    await h.settle();
    const fresh = track(join(h, { instanceId: 'i1' }));
    await h.settle();
    expect(oldJoin.value).toMatchObject({ errorCode: E.FENCED_INSTANCE_ID, memberId: leader });
    const followerJoin = await join(h, { memberId: follower, instanceId: 'i2' });
    await h.settle();
    expect(followerJoin).toMatchObject({ errorCode: E.NONE, generationId: 2 });
    expect(fresh.value).toMatchObject({ errorCode: E.NONE, generationId: 2 });
  });

  it('a static member rejoining with a protocol change that changes the selection triggers a rebalance', async () => {
    const h = await harness();
    const { follower } = await staticGroup(h);
    void follower;
    const p = (name: string) => ({ name, metadata: Buffer.from([0, 0, 0, 0, 0, 0]) });
    // Both support range and sticky; the first member prefers sticky now, but range is still unanimous...
    const r = track(join(h, { instanceId: 'i1', protocols: [p('sticky'), p('range')] }));
    await h.settle();
    expect(h.coordinator.inspectGroup('g')?.state).toBe('Stable'); // selection unchanged (b only supports range)
    expect(r.value?.errorCode).toBe(E.NONE);
    // ...until the other one also prefers sticky: the next selection would differ.
    const r2 = track(join(h, { instanceId: 'i2', protocols: [p('sticky'), p('range')] }));
    await h.settle();
    expect(r2.done).toBe(false);
    expect(h.coordinator.inspectGroup('g')?.state).toBe('PreparingRebalance');
  });

  it('an unknown instance id with a member id is UNKNOWN_MEMBER_ID', async () => {
    const h = await harness();
    const { leader } = await staticGroup(h);
    expect((await join(h, { memberId: leader, instanceId: 'other' })).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
    expect(await heartbeat(h, { generationId: 1, memberId: leader, instanceId: 'other' })).toBe(E.UNKNOWN_MEMBER_ID);
  });

  it('a static member can be removed by instance id alone (LeaveGroup v3+, as the admin client does)', async () => {
    const h = await harness();
    await staticGroup(h);
    const r = await leave(h, [{ memberId: '', groupInstanceId: 'i2' }, { memberId: '', groupInstanceId: 'i9' }]);
    expect(r.members.map((m) => m.errorCode)).toEqual([E.NONE, E.UNKNOWN_MEMBER_ID]);
    expect(h.coordinator.inspectGroup('g')?.members.map((m) => m.groupInstanceId)).toEqual(['i1']);
  });

  it('a static member that stops heartbeating is removed after its session timeout, like any other', async () => {
    const h = await harness();
    const { leader } = await staticGroup(h);
    await h.tick(6000);
    expect(await heartbeat(h, { generationId: 1, memberId: leader, instanceId: 'i1' })).toBe(E.NONE);
    await h.tick(6000); // i2 has been silent for 12 s > 10 s
    expect(await heartbeat(h, { generationId: 1, memberId: leader, instanceId: 'i1' })).toBe(E.REBALANCE_IN_PROGRESS);
    expect(h.coordinator.inspectGroup('g')?.members.map((m) => m.groupInstanceId)).toEqual(['i1']);
  });

  it('a failed append of the replacement undoes it: the old member id stays valid', async () => {
    const h = await harness();
    const { follower } = await staticGroup(h);
    h.log.failWith = E.NOT_LEADER_OR_FOLLOWER;
    const r = await join(h, { instanceId: 'i2' });
    expect(r).toMatchObject({ errorCode: E.NOT_COORDINATOR, memberId: '' });
    h.log.failWith = null;
    expect(await heartbeat(h, { generationId: 1, memberId: follower, instanceId: 'i2' })).toBe(E.NONE);
    expect(h.coordinator.inspectGroup('g')?.members.find((m) => m.groupInstanceId === 'i2')?.memberId).toBe(follower);
  });
});
