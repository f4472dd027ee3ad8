import { describe, expect, it } from 'vitest';
import { KafkaErrorCode as E } from '@tributary/protocol';
import { harness, join, joinWithId, stableGroup, subscription, sync, track } from './harness.js';

describe('JoinGroup / SyncGroup: one member', () => {
  it('round-trips the member id (v4+), forms generation 1 with the member as leader, and distributes its assignment', async () => {
    const h = await harness();
    const first = await join(h, { clientId: 'app' });
    expect(first.errorCode).toBe(E.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^app-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.generationId).toBe(-1);
    expect(h.coordinator.inspectGroup('g')).toMatchObject({ state: 'Empty', members: [] });

    const joined = track(join(h, { memberId: first.memberId, clientId: 'app' }));
    await h.settle();
    expect(joined.done).toBe(false); // the initial rebalance delay of an empty group
    expect(h.coordinator.inspectGroup('g')?.state).toBe('PreparingRebalance');
    await h.tick(100);
    const r = await joined.promise;
    expect(r).toMatchObject({ errorCode: E.NONE, generationId: 1, protocolName: 'range', protocolType: 'consumer', leader: first.memberId, memberId: first.memberId });
    expect(r.members).toEqual([{ memberId: first.memberId, groupInstanceId: null, metadata: subscription(['t']) }]);
    expect(h.coordinator.inspectGroup('g')?.state).toBe('CompletingRebalance');

    const s = await sync(h, { generationId: 1, memberId: first.memberId, assignments: [{ memberId: first.memberId, assignment: Buffer.from('A') }] });
    expect(s).toMatchObject({ errorCode: E.NONE, assignment: Buffer.from('A') });
    expect(h.coordinator.inspectGroup('g')).toMatchObject({ state: 'Stable', generationId: 1, leaderId: first.memberId });
    expect(h.errors).toEqual([]);
  });

  it('JoinGroup v0-v3 needs no member id round trip', async () => {
    const h = await harness({ 'group.initial.rebalance.delay.ms': 0 });
    for (const version of [0, 1, 2, 3]) {
      const r = await join(h, { groupId: `g${version}`, version });
      expect(r.errorCode).toBe(E.NONE);
      expect(r.generationId).toBe(1);
      expect(r.leader).toBe(r.memberId);
    }
  });

  it('a member id that was never handed out is UNKNOWN_MEMBER_ID', async () => {
    const h = await harness();
    expect((await join(h, { memberId: 'made-up' })).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
    await join(h, {});
    expect((await join(h, { memberId: 'made-up' })).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
  });

  it('a handed-out member id expires after the session timeout if the member never comes back', async () => {
    const h = await harness();
    const first = await join(h, { sessionTimeoutMs: 5000 });
    await h.tick(5000);
    expect((await join(h, { memberId: first.memberId })).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
  });
});

describe('JoinGroup / SyncGroup: three members', () => {
  it('waits for all three within the initial delay, elects the first joiner, and gives each its assignment', async () => {
    const h = await harness();
    const { members, leader, generationId } = await stableGroup(h, 3);
    expect(generationId).toBe(1);
    expect(members).toHaveLength(3);
    const snap = h.coordinator.inspectGroup('g')!;
    expect(snap.state).toBe('Stable');
    expect(snap.leaderId).toBe(leader);
    expect(snap.members[0]!.memberId).toBe(leader); // the first joiner leads
    for (const m of snap.members) expect(m.assignment).toEqual(Buffer.from(`a:${m.memberId}`));
  });

  it('only the leader receives the member list', async () => {
    const h = await harness();
    const a = await joinWithId(h, { clientId: 'a' });
    const b = await joinWithId(h, { clientId: 'b', topics: ['u'] });
    await h.tick(200); // two members: the initial delay is extended once
    const [ra, rb] = await Promise.all([a.promise, b.promise]);
    expect(ra.leader).toBe(ra.memberId);
    expect(rb.leader).toBe(ra.memberId);
    expect(ra.members.map((m) => m.memberId).sort()).toEqual([ra.memberId, rb.memberId].sort());
    expect(ra.members.find((m) => m.memberId === rb.memberId)!.metadata).toEqual(subscription(['u']));
    expect(rb.members).toEqual([]);
  });

  it('followers that sync before the leader wait for its assignment', async () => {
    const h = await harness();
    const a = await joinWithId(h, { clientId: 'a' });
    const b = await joinWithId(h, { clientId: 'b' });
    await h.tick(200); // two members: the initial delay is extended once
    const [ra, rb] = await Promise.all([a.promise, b.promise]);
    const follower = track(sync(h, { generationId: 1, memberId: rb.memberId }));
    await h.settle();
    expect(follower.done).toBe(false);
    const leaderSync = await sync(h, { generationId: 1, memberId: ra.memberId, assignments: [{ memberId: ra.memberId, assignment: Buffer.from('x') }, { memberId: rb.memberId, assignment: Buffer.from('y') }] });
    expect(leaderSync.assignment).toEqual(Buffer.from('x'));
    expect((await follower.promise).assignment).toEqual(Buffer.from('y'));
  });

  it('members the leader leaves out get an empty assignment', async () => {
    const h = await harness();
    const a = await joinWithId(h, { clientId: 'a' });
    const b = await joinWithId(h, { clientId: 'b' });
    await h.tick(200); // two members: the initial delay is extended once
    const [ra, rb] = await Promise.all([a.promise, b.promise]);
    const follower = sync(h, { generationId: 1, memberId: rb.memberId });
    await sync(h, { generationId: 1, memberId: ra.memberId, assignments: [{ memberId: ra.memberId, assignment: Buffer.from('x') }] });
    expect((await follower).assignment.length).toBe(0);
  });

  it('extends the initial delay while members keep arriving, up to the rebalance timeout', async () => {
    const h = await harness({ 'group.initial.rebalance.delay.ms': 3000 });
    const a = (await joinWithId(h, { clientId: 'a', rebalanceTimeoutMs: 10_000 }));
    await h.tick(2000);
    const b = (await joinWithId(h, { clientId: 'b', rebalanceTimeoutMs: 10_000 }));
    await h.tick(1000); // 3 s: first delay over, but b arrived meanwhile: wait another delay
    expect(a.done).toBe(false);
    await h.tick(2999);
    expect(a.done).toBe(false);
    await h.tick(1);
    expect(a.done && b.done).toBe(true);
    expect(a.value!.members).toHaveLength(2);
  });

  it('the initial delay cannot be extended beyond the rebalance timeout', async () => {
    const h = await harness({ 'group.initial.rebalance.delay.ms': 3000 });
    const first = (await joinWithId(h, { clientId: 'a', rebalanceTimeoutMs: 7000 }));
    let t = 0;
    // A member every 2 s would extend forever; the remaining rebalance timeout caps it.
    while (!first.done && t < 20_000) {
      await joinWithId(h, { clientId: `n${t}`, rebalanceTimeoutMs: 7000 });
      await h.tick(2000);
      t += 2000;
    }
    expect(first.done).toBe(true);
    expect(t).toBeLessThanOrEqual(8000);
  });
});

describe('JoinGroup errors', () => {
  it('rejects session timeouts outside group.min/max.session.timeout.ms', async () => {
    const h = await harness({ 'group.min.session.timeout.ms': 6000, 'group.max.session.timeout.ms': 30_000 });
    expect((await join(h, { sessionTimeoutMs: 5999 })).errorCode).toBe(E.INVALID_SESSION_TIMEOUT);
    expect((await join(h, { sessionTimeoutMs: 30_001 })).errorCode).toBe(E.INVALID_SESSION_TIMEOUT);
    expect((await join(h, { sessionTimeoutMs: 6000 })).errorCode).toBe(E.MEMBER_ID_REQUIRED);
  });

  it('rejects an empty group id, and an empty protocol type or list for the first member', async () => {
    const h = await harness();
    expect((await join(h, { groupId: '' })).errorCode).toBe(E.INVALID_GROUP_ID);
    expect((await join(h, { protocolType: '' })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join(h, { protocols: [] })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('rejects a member whose protocol type differs or who shares no protocol with the group', async () => {
    const h = await harness();
    await stableGroup(h, 1);
    expect((await join(h, { protocolType: 'connect' })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
    expect((await join(h, { protocols: [{ name: 'roundrobin', metadata: subscription(['t']) }] })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('chooses the protocol all members support, by their preference votes', async () => {
    const h = await harness();
    const p = (name: string) => ({ name, metadata: subscription(['t']) });
    const a = await joinWithId(h, { clientId: 'a', protocols: [p('roundrobin'), p('range'), p('sticky')] });
    const b = await joinWithId(h, { clientId: 'b', protocols: [p('range'), p('sticky')] });
    const c = await joinWithId(h, { clientId: 'c', protocols: [p('sticky'), p('range')] });
    const d = await joinWithId(h, { clientId: 'd', protocols: [p('range'), p('roundrobin'), p('sticky')] });
    await h.tick(200); // two members: the initial delay is extended once
    const results = await Promise.all([a.promise, b.promise, c.promise, d.promise]);
    // roundrobin is not supported by everyone; range gets a, b and d's votes, sticky only c's.
    for (const r of results) expect(r.protocolName).toBe('range');
  });

  it('enforces group.max.size on new members', async () => {
    const h = await harness({ 'group.max.size': 2 });
    await stableGroup(h, 2);
    expect(await join(h, { clientId: 'x' })).toMatchObject({ errorCode: E.GROUP_MAX_SIZE_REACHED, memberId: '' });
    expect(h.coordinator.inspectGroup('g')).toMatchObject({ state: 'Stable', generationId: 1 });
  });

  it('JoinGroup for a group of a partition this broker does not own is NOT_COORDINATOR', async () => {
    const h = await harness();
    await h.coordinator.unloadPartition(h.coordinator.partitionFor('g'));
    expect((await join(h, {})).errorCode).toBe(E.NOT_COORDINATOR);
  });
});

describe('SyncGroup errors', () => {
  it('ILLEGAL_GENERATION for another generation, UNKNOWN_MEMBER_ID for strangers', async () => {
    const h = await harness();
    const { leader } = await stableGroup(h, 1);
    expect((await sync(h, { generationId: 2, memberId: leader })).errorCode).toBe(E.ILLEGAL_GENERATION);
    expect((await sync(h, { generationId: 1, memberId: 'nobody' })).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
    expect((await sync(h, { groupId: 'other', generationId: 1, memberId: leader })).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
  });

  it('a stable group answers a repeated SyncGroup with the current assignment', async () => {
    const h = await harness();
    const { leader } = await stableGroup(h, 1);
    expect(await sync(h, { generationId: 1, memberId: leader })).toMatchObject({ errorCode: E.NONE, assignment: Buffer.from(`a:${leader}`) });
  });

  it('v5 checks protocol type and name, and requires both', async () => {
    const h = await harness();
    const { leader } = await stableGroup(h, 1);
    expect((await sync(h, { generationId: 1, memberId: leader, version: 5 })).errorCode).toBe(E.NONE);
    expect((await sync(h, { generationId: 1, memberId: leader, version: 5, protocolType: 'connect' })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
    expect((await sync(h, { generationId: 1, memberId: leader, version: 5, protocolName: 'sticky' })).errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
    const r = await h.coordinator.syncGroup({ groupId: 'g', generationId: 1, memberId: leader, groupInstanceId: null, protocolType: null, protocolName: 'range', assignments: [] }, 5);
    expect(r.errorCode).toBe(E.INCONSISTENT_GROUP_PROTOCOL);
    expect(await sync(h, { generationId: 1, memberId: leader, version: 5 })).toMatchObject({ protocolType: 'consumer', protocolName: 'range' });
  });

  it('SyncGroup during a rebalance is REBALANCE_IN_PROGRESS', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 2);
    void join(h, { memberId: members[0]! }); // the leader rejoins: rebalance
    await h.settle();
    expect((await sync(h, { generationId: 1, memberId: members[1]! })).errorCode).toBe(E.REBALANCE_IN_PROGRESS);
  });

  it('a failed append of the assignment fails every waiting SyncGroup and starts a new rebalance', async () => {
    const h = await harness();
    const a = await joinWithId(h, { clientId: 'a' });
    const b = await joinWithId(h, { clientId: 'b' });
    await h.tick(200); // two members: the initial delay is extended once
    const [ra, rb] = await Promise.all([a.promise, b.promise]);
    const follower = sync(h, { generationId: 1, memberId: rb.memberId });
    h.log.failWith = E.NOT_LEADER_OR_FOLLOWER;
    const leaderSync = await sync(h, { generationId: 1, memberId: ra.memberId, assignments: [] });
    expect(leaderSync.errorCode).toBe(E.NOT_COORDINATOR);
    expect((await follower).errorCode).toBe(E.NOT_COORDINATOR);
    expect(h.coordinator.inspectGroup('g')?.state).toBe('PreparingRebalance');
  });
});

describe('rebalances', () => {
  it('a new member triggers a rebalance; existing members learn it from heartbeats and rejoin', async () => {
    const h = await harness();
    const { members, leader } = await stableGroup(h, 2);
    const newcomer = (await joinWithId(h, { clientId: 'new' }));
    await h.settle();
    expect(h.coordinator.inspectGroup('g')?.state).toBe('PreparingRebalance');
    const { heartbeat } = await import('./harness.js');
    expect(await heartbeat(h, { generationId: 1, memberId: members[1]! })).toBe(E.REBALANCE_IN_PROGRESS);
    const rejoins = members.map((m) => join(h, { memberId: m }));
    const results = await Promise.all([...rejoins, newcomer.promise]);
    for (const r of results) expect(r).toMatchObject({ errorCode: E.NONE, generationId: 2, leader });
    expect(results[0]!.members).toHaveLength(3);
  });

  it('members that do not rejoin within the rebalance timeout are removed; a leader that does not is replaced', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 3, { rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 60_000 });
    const [leader, f1, f2] = members as [string, string, string];
    // f1 subscribes to more topics: a rebalance; f2 rejoins too, the leader stays silent.
    const r1 = track(join(h, { memberId: f1, topics: ['t', 'u'], rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 60_000 }));
    await h.settle();
    const r2 = track(join(h, { memberId: f2, rebalanceTimeoutMs: 20_000, sessionTimeoutMs: 60_000 }));
    await h.tick(19_999);
    expect(r1.done).toBe(false);
    await h.tick(1);
    expect(r1.value).toMatchObject({ errorCode: E.NONE, generationId: 2, leader: f1 });
    expect(r2.value).toMatchObject({ generationId: 2, leader: f1 });
    expect(r1.value!.members.map((m) => m.memberId).sort()).toEqual([f1, f2].sort());
    const snap = h.coordinator.inspectGroup('g')!;
    expect(snap.members.map((m) => m.memberId)).not.toContain(leader);
    expect((await join(h, { memberId: leader })).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
  });

  it('a follower rejoining a stable group with unchanged metadata gets the current generation without a rebalance', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 2);
    const r = await join(h, { memberId: members[1]! });
    expect(r).toMatchObject({ errorCode: E.NONE, generationId: 1, members: [] });
    expect(h.coordinator.inspectGroup('g')?.state).toBe('Stable');
  });

  it('a member rejoining with new metadata triggers a rebalance', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 2);
    void join(h, { memberId: members[1]!, topics: ['t', 'u'] });
    await h.settle();
    expect(h.coordinator.inspectGroup('g')?.state).toBe('PreparingRebalance');
  });

  it('a member that lost its join response gets it again during CompletingRebalance', async () => {
    const h = await harness();
    const a = await joinWithId(h, { clientId: 'a' });
    const b = await joinWithId(h, { clientId: 'b' });
    await h.tick(200); // two members: the initial delay is extended once
    const [ra] = await Promise.all([a.promise, b.promise]);
    const again = await join(h, { memberId: ra.memberId });
    expect(again).toMatchObject({ errorCode: E.NONE, generationId: 1, leader: ra.memberId });
    expect(again.members).toHaveLength(2);
    expect(h.coordinator.inspectGroup('g')?.state).toBe('CompletingRebalance');
  });

  it('members that never send SyncGroup are removed after the rebalance timeout', async () => {
    const h = await harness();
    const a = await joinWithId(h, { clientId: 'a', rebalanceTimeoutMs: 10_000, sessionTimeoutMs: 60_000 });
    const b = await joinWithId(h, { clientId: 'b', rebalanceTimeoutMs: 10_000, sessionTimeoutMs: 60_000 });
    await h.tick(200); // two members: the initial delay is extended once
    const [ra, rb] = await Promise.all([a.promise, b.promise]);
    await sync(h, { generationId: 1, memberId: ra.memberId, assignments: [] });
    expect(h.coordinator.inspectGroup('g')?.state).toBe('Stable');
    await h.tick(10_000);
    const snap = h.coordinator.inspectGroup('g')!;
    expect(snap.members.map((m) => m.memberId)).toEqual([ra.memberId]);
    expect(snap.state).toBe('PreparingRebalance');
    expect((await sync(h, { generationId: 1, memberId: rb.memberId })).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
  });
});

describe('group.initial.rebalance.delay.ms = 0', () => {
  it('the first member forms a generation at once, even while another holds an unused member id', async () => {
    const h = await harness({ 'group.initial.rebalance.delay.ms': 0 });
    const other = await join(h, { clientId: 'b' });
    expect(other.errorCode).toBe(E.MEMBER_ID_REQUIRED);
    const a = await joinWithId(h, { clientId: 'a' });
    expect(a.value).toMatchObject({ errorCode: E.NONE, generationId: 1 });
    expect(a.value!.members).toHaveLength(1);
  });
});
