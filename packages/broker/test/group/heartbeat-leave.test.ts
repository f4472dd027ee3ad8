import { describe, expect, it } from 'vitest';
import { KafkaErrorCode as E } from '@tributary/protocol';
import { harness, heartbeat, join, joinWithId, leave, stableGroup, sync, track } from './harness.js';

describe('Heartbeat', () => {
  it('keeps a member alive; without heartbeats it is removed after its session timeout and the group rebalances', async () => {
    const h = await harness();
    const { members, generationId } = await stableGroup(h, 2, { sessionTimeoutMs: 10_000 });
    const [a, b] = members as [string, string];
    for (let i = 0; i < 5; i++) {
      await h.tick(6000);
      expect(await heartbeat(h, { generationId, memberId: a })).toBe(E.NONE);
      expect(await heartbeat(h, { generationId, memberId: b })).toBe(E.NONE);
    }
    // b goes silent; a keeps beating and learns about the rebalance.
    await h.tick(6000);
    expect(await heartbeat(h, { generationId, memberId: a })).toBe(E.NONE);
    await h.tick(4000);
    expect(h.coordinator.inspectGroup('g')?.members.map((m) => m.memberId)).toEqual([a]);
    expect(await heartbeat(h, { generationId, memberId: a })).toBe(E.REBALANCE_IN_PROGRESS);
    expect(await heartbeat(h, { generationId, memberId: b })).toBe(E.UNKNOWN_MEMBER_ID);
    const rejoin = await join(h, { memberId: a });
    expect(rejoin).toMatchObject({ errorCode: E.NONE, generationId: 2, leader: a });
    expect(rejoin.members.map((m) => m.memberId)).toEqual([a]);
  });

  it('the last member timing out empties the group, which is recorded in the log', async () => {
    const h = await harness();
    const { generationId } = await stableGroup(h, 1, { sessionTimeoutMs: 10_000 });
    const before = h.log.allRecords().length;
    await h.tick(10_000);
    expect(h.coordinator.inspectGroup('g')).toMatchObject({ state: 'Empty', generationId: generationId + 1, members: [], leaderId: null, protocolName: null });
    expect(h.log.allRecords().length).toBe(before + 1);
  });

  it('answers ILLEGAL_GENERATION for an old generation and UNKNOWN_MEMBER_ID for an unknown group or member', async () => {
    const h = await harness();
    const { leader } = await stableGroup(h, 1);
    expect(await heartbeat(h, { generationId: 0, memberId: leader })).toBe(E.ILLEGAL_GENERATION);
    expect(await heartbeat(h, { generationId: 1, memberId: 'x' })).toBe(E.UNKNOWN_MEMBER_ID);
    expect(await heartbeat(h, { groupId: 'nope', generationId: 1, memberId: leader })).toBe(E.UNKNOWN_MEMBER_ID);
    expect(await heartbeat(h, { groupId: '', generationId: 1, memberId: leader })).toBe(E.INVALID_GROUP_ID);
  });

  it('heartbeats during CompletingRebalance are fine and keep the member alive', async () => {
    const h = await harness();
    const a = await joinWithId(h, { clientId: 'a', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 60_000 });
    const b = await joinWithId(h, { clientId: 'b', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 60_000 });
    await h.tick(200);
    const [ra, rb] = await Promise.all([a.promise, b.promise]);
    for (let i = 0; i < 3; i++) {
      await h.tick(8000);
      expect(await heartbeat(h, { generationId: 1, memberId: ra.memberId })).toBe(E.NONE);
      expect(await heartbeat(h, { generationId: 1, memberId: rb.memberId })).toBe(E.NONE);
    }
    expect(h.coordinator.inspectGroup('g')).toMatchObject({ state: 'CompletingRebalance' });
  });

  it('a member waiting in a rebalance is not expired by its session timeout', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 2, { sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 60_000 });
    const [a, b] = members as [string, string];
    const waiting = track(join(h, { memberId: a, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 60_000 })); // leader rejoins
    await h.tick(9_999);
    expect(waiting.done).toBe(false); // a waits for b, whose session is still running...
    await h.tick(1); // ...until b expires; a itself, waiting, was not expired
    expect(waiting.value).toMatchObject({ errorCode: E.NONE, generationId: 2 });
    expect(waiting.value!.members.map((m) => m.memberId)).toEqual([a]);
    expect(h.coordinator.inspectGroup('g')?.members.map((m) => m.memberId)).toEqual([a]);
    void b;
  });
});

describe('LeaveGroup', () => {
  it('v0-v2 remove one member and answer a single error code', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 2);
    const r = await leave(h, [{ memberId: members[1]! }], 'g', 1);
    expect(r).toEqual({ throttleTimeMs: 0, errorCode: E.NONE, members: [] });
    expect(h.coordinator.inspectGroup('g')).toMatchObject({ state: 'PreparingRebalance' });
    expect((await leave(h, [{ memberId: 'nobody' }], 'g', 0)).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
  });

  it('v3+ remove a batch with per-member errors', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 3);
    const r = await leave(h, [{ memberId: members[1]! }, { memberId: 'ghost' }, { memberId: members[2]! }]);
    expect(r.errorCode).toBe(E.NONE);
    expect(r.members).toEqual([
      { memberId: members[1], groupInstanceId: null, errorCode: E.NONE },
      { memberId: 'ghost', groupInstanceId: null, errorCode: E.UNKNOWN_MEMBER_ID },
      { memberId: members[2], groupInstanceId: null, errorCode: E.NONE },
    ]);
    expect(h.coordinator.inspectGroup('g')?.members.map((m) => m.memberId)).toEqual([members[0]]);
  });

  it('the last member leaving empties the group at once (new generation, no waiting)', async () => {
    const h = await harness();
    const { leader } = await stableGroup(h, 1);
    await leave(h, [{ memberId: leader }]);
    expect(h.coordinator.inspectGroup('g')).toMatchObject({ state: 'Empty', generationId: 2, members: [] });
  });

  it('a leaving member lets a waiting rebalance complete without waiting for the timeout', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 2, { rebalanceTimeoutMs: 60_000 });
    const rejoin = track(join(h, { memberId: members[0]!, rebalanceTimeoutMs: 60_000 }));
    await h.settle();
    expect(rejoin.done).toBe(false);
    await leave(h, [{ memberId: members[1]! }]);
    await h.settle();
    expect(rejoin.value).toMatchObject({ errorCode: E.NONE, generationId: 2 });
  });

  it('a leaving leader hands leadership to the next member', async () => {
    const h = await harness();
    const { members } = await stableGroup(h, 3);
    await leave(h, [{ memberId: members[0]! }]);
    expect(h.coordinator.inspectGroup('g')?.leaderId).toBe(members[1]);
  });

  it('a member id still pending (MEMBER_ID_REQUIRED) may leave', async () => {
    const h = await harness();
    const first = await join(h, {});
    const r = await leave(h, [{ memberId: first.memberId }]);
    expect(r.members[0]!.errorCode).toBe(E.NONE);
    expect((await join(h, { memberId: first.memberId })).errorCode).toBe(E.UNKNOWN_MEMBER_ID);
  });

  it('a pending member id holds a rebalance until it joins or expires', async () => {
    const h = await harness({ 'group.initial.rebalance.delay.ms': 0 });
    const a = await joinWithId(h, { clientId: 'a' });
    const { generationId, memberId } = await a.promise;
    await sync(h, { generationId, memberId, assignments: [] });
    const pending = await join(h, { clientId: 'b', sessionTimeoutMs: 5000 });
    expect(pending.errorCode).toBe(E.MEMBER_ID_REQUIRED);
    const rejoin = track(join(h, { memberId })); // the leader rejoins: a rebalance, which waits for b's pending id
    await h.tick(4999);
    expect(rejoin.done).toBe(false);
    await h.tick(1);
    expect(rejoin.value).toMatchObject({ errorCode: E.NONE, generationId: 2 });
  });

  it('unknown groups answer UNKNOWN_MEMBER_ID per member', async () => {
    const h = await harness();
    const r = await leave(h, [{ memberId: 'x' }], 'nope');
    expect(r).toMatchObject({ errorCode: E.NONE, members: [{ memberId: 'x', errorCode: E.UNKNOWN_MEMBER_ID }] });
  });

  it('a member leaving while others wait in SyncGroup makes them rejoin', async () => {
    const h = await harness();
    const a = await joinWithId(h, { clientId: 'a' });
    const b = await joinWithId(h, { clientId: 'b' });
    const c = await joinWithId(h, { clientId: 'c' });
    await h.tick(200);
    const [ra, rb, rc] = await Promise.all([a.promise, b.promise, c.promise]);
    const waiting = sync(h, { generationId: 1, memberId: rb.memberId });
    await leave(h, [{ memberId: rc.memberId }]);
    expect((await waiting).errorCode).toBe(E.REBALANCE_IN_PROGRESS);
    expect((await sync(h, { generationId: 1, memberId: ra.memberId })).errorCode).toBe(E.REBALANCE_IN_PROGRESS);
  });
});
