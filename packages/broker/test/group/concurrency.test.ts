import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KafkaErrorCode as E, type JoinGroupResponse } from '@tributary/protocol';
import { ManualClock } from '../../src/group/clock.js';
import { GroupState } from '../../src/group/group-state.js';
import { commit, harness, heartbeat, join, leave, sync, track, type Harness, type Tracked } from './harness.js';

/*
 * Many clients acting on one group with requests in flight at the same time, in orders fast-check picks:
 * joins, syncs, heartbeats, leaves, commits, static restarts and the passage of time, with responses handled
 * whenever they arrive. The coordinator must never fail internally, never leave a request unanswered, keep
 * every generation's answers consistent, and afterwards still form a stable group.
 */

type Action =
  | { kind: 'step' | 'leave' | 'restart' | 'commit'; client: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'settle' }
  | { kind: 'fault' };

const CLIENTS = 4;
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 20, arbitrary: fc.record({ kind: fc.constant('step' as const), client: fc.integer({ min: 0, max: CLIENTS - 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('leave' as const, 'restart' as const, 'commit' as const), client: fc.integer({ min: 0, max: CLIENTS - 1 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.constantFrom(0, 50, 100, 100, 1000, 1000, 4000, 4000, 12_000) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('settle' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fault' as const) }) },
);

/** A client as a consumer drives it: join (with the member-id round trip), sync, then heartbeat and rejoin when told. */
interface Client {
  readonly instanceId: string | null;
  memberId: string;
  generation: number;
  phase: 'join' | 'sync' | 'stable';
  members: JoinGroupResponse['members'];
  isLeader: boolean;
}

class World {
  readonly clients: Client[];
  readonly inFlight: Array<Tracked<unknown>> = [];
  /** Per generation: the member that led it and the protocol every successful join answer must agree on. */
  readonly generations = new Map<number, { leader: string; protocol: string | null }>();
  /** Per generation: what the leader assigned, by instance id for static members (who keep it across restarts). */
  readonly assigned = new Map<number, Map<string, Buffer>>();
  readonly violations: string[] = [];
  readonly stats = { joined: 0, synced: 0, maxGeneration: 0 };
  lastGeneration = 0;

  constructor(readonly h: Harness) {
    this.clients = Array.from({ length: CLIENTS }, (_, i) => ({ instanceId: i % 2 === 0 ? `static-${i}` : null, memberId: '', generation: -1, phase: 'join', members: [], isLeader: false }));
  }

  private send<T>(p: Promise<T>, onAnswer: (v: T) => void): void {
    this.inFlight.push(track(p.then((v) => (onAnswer(v), v))));
  }

  private reset(c: Client, code: number): void {
    if (code === E.UNKNOWN_MEMBER_ID || code === E.FENCED_INSTANCE_ID || code === E.ILLEGAL_GENERATION) c.memberId = '';
    if (code !== E.NONE) c.phase = 'join';
  }

  private onJoin(c: Client, r: JoinGroupResponse): void {
    if (r.errorCode === E.MEMBER_ID_REQUIRED) c.memberId = r.memberId;
    if (r.errorCode !== E.NONE) return this.reset(c, r.errorCode === E.MEMBER_ID_REQUIRED ? E.NONE : r.errorCode);
    // One protocol per generation, and one member told it leads it. (The leader id itself may differ between
    // answers: a static member replaced without a rebalance is told the previous leader id, as in Kafka.)
    const seen = this.generations.get(r.generationId) ?? { leader: '', protocol: r.protocolName };
    if (seen.protocol !== r.protocolName) this.violations.push(`generation ${r.generationId} answered with two protocols`);
    if (r.memberId === r.leader && r.members.length > 0) {
      if (seen.leader !== '' && seen.leader !== r.memberId) this.violations.push(`generation ${r.generationId} has two leaders`);
      seen.leader = r.memberId;
      const ids = r.members.map((m) => m.memberId);
      if (new Set(ids).size !== ids.length || !ids.includes(r.memberId)) this.violations.push(`bad member list in generation ${r.generationId}`);
    }
    this.generations.set(r.generationId, seen);
    this.stats.joined++;
    this.stats.maxGeneration = Math.max(this.stats.maxGeneration, r.generationId);
    Object.assign(c, { memberId: r.memberId, generation: r.generationId, members: r.members, isLeader: r.memberId === r.leader && r.members.length > 0, phase: 'sync' });
  }

  private step(c: Client, i: number): void {
    const base = { memberId: c.memberId, instanceId: c.instanceId };
    if (c.phase === 'join') {
      this.send(join(this.h, { ...base, clientId: `c${i}`, sessionTimeoutMs: 10_000 }), (r) => this.onJoin(c, r));
    } else if (c.phase === 'sync') {
      const generationId = c.generation;
      const assignments = c.isLeader ? c.members.map((m) => ({ memberId: m.memberId, assignment: Buffer.from(`${generationId}:${m.memberId}`) })) : [];
      if (c.isLeader) this.assigned.set(generationId, new Map(c.members.map((m, k) => [m.groupInstanceId ?? m.memberId, assignments[k]!.assignment])));
      const memberId = c.memberId;
      this.send(sync(this.h, { ...base, generationId, assignments }), (r) => {
        const expected = this.assigned.get(generationId)?.get(c.instanceId ?? memberId) ?? Buffer.alloc(0);
        if (r.errorCode === E.NONE && !r.assignment.equals(expected)) this.violations.push(`wrong assignment for ${memberId} in generation ${generationId}`);
        if (r.errorCode === E.NONE) (this.stats.synced++, (c.phase = 'stable'));
        else this.reset(c, r.errorCode);
      });
    } else {
      this.send(heartbeat(this.h, { ...base, generationId: c.generation }), (code) => this.reset(c, code === E.REBALANCE_IN_PROGRESS ? E.NONE : code));
      if (c.phase === 'stable') void 0;
    }
  }

  faults = 0;

  /** The log refuses every append while the work in flight settles (a lost partition leadership). */
  private async fault(): Promise<void> {
    this.faults++;
    this.h.log.failWith = E.NOT_LEADER_OR_FOLLOWER;
    await this.h.settle();
    this.h.log.failWith = null;
  }

  act(a: Action): Promise<void> | void {
    if (a.kind === 'tick') return this.h.tick(a.ms);
    if (a.kind === 'settle') return this.h.settle();
    if (a.kind === 'fault') return this.fault();
    const c = this.clients[a.client]!;
    switch (a.kind) {
      case 'step':
        return this.step(c, a.client);
      case 'leave':
        this.send(leave(this.h, [{ memberId: c.memberId, groupInstanceId: c.instanceId }]), () => undefined);
        Object.assign(c, { memberId: '', phase: 'join' });
        return;
      case 'restart': // the process restarts: a static member keeps its instance id, everyone forgets the member id
        Object.assign(c, { memberId: '', phase: 'join', generation: -1 });
        return this.step(c, a.client);
      case 'commit':
        this.send(commit(this.h, { memberId: c.memberId, instanceId: c.instanceId, generationId: c.generation, offsets: [{ topic: 't', partition: a.client, offset: BigInt(this.h.clock.now()) }] }), () => undefined);
        return;
    }
  }

  checkGroup(): void {
    const g = this.h.coordinator.inspectGroup('g');
    if (!g) return;
    if (g.generationId < this.lastGeneration) this.violations.push(`generation went back from ${this.lastGeneration} to ${g.generationId}`);
    this.lastGeneration = g.generationId;
    const ids = g.members.map((m) => m.memberId);
    if (new Set(ids).size !== ids.length) this.violations.push('duplicate member ids');
    const instances = g.members.map((m) => m.groupInstanceId).filter((x) => x !== null);
    if (new Set(instances).size !== instances.length) this.violations.push('two members share an instance id');
    if ((g.state === GroupState.Stable || g.state === GroupState.CompletingRebalance) && !ids.includes(g.leaderId ?? '')) this.violations.push(`${g.state} group whose leader is not a member`);
    if (g.state === GroupState.Empty && ids.length > 0) this.violations.push('Empty group with members');
  }
}

/** After the storm: fresh clients must still be able to form a stable group. */
async function formsStableGroup(h: Harness): Promise<void> {
  const joins = [0, 1, 2].map((i) => track(join(h, { instanceId: `fresh-${i}`, clientId: `f${i}` })));
  for (let waited = 0; waited < 60_000 && !joins.every((j) => j.done); waited += 100) await h.tick(100);
  const answers = await Promise.all(joins.map((j) => j.promise));
  const ok = answers.filter((a) => a.errorCode === E.NONE);
  expect(ok).toHaveLength(3);
  const generationId = ok[0]!.generationId;
  const leader = ok.find((a) => a.memberId === a.leader)!;
  await Promise.all(ok.map((a) => sync(h, { generationId, memberId: a.memberId, instanceId: `fresh-${ok.indexOf(a)}`, assignments: a === leader ? ok.map((x) => ({ memberId: x.memberId, assignment: Buffer.from(x.memberId) })) : [] })));
  const g = h.coordinator.inspectGroup('g')!;
  expect(g.state).toBe('Stable');
  expect(g.members.map((m) => m.groupInstanceId).sort()).toEqual(['fresh-0', 'fresh-1', 'fresh-2']);
}

describe('concurrent joins, syncs, heartbeats and leaves', () => {
  it('keep the group consistent, answer every request, and leave a group that can still stabilize', async () => {
    const totals = { runs: 0, joined: 0, synced: 0, threeGenerations: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 20, maxLength: 150, size: 'max' }), async (actions) => {
        const h = await harness();
        const world = new World(h);
        for (const a of actions) {
          await world.act(a);
          world.checkGroup();
        }
        // Let every timer run out: each request in flight must get its answer.
        await h.tick(120_000);
        world.checkGroup();
        expect(world.inFlight.filter((t) => !t.done)).toHaveLength(0);
        expect(world.violations).toEqual([]);
        expect(h.errors).toEqual([]);
        // What the log holds rebuilds the same offsets (and, without append failures, the same group).
        const live = h.coordinator.inspectGroup('g');
        const replayed = (await harness({}, {}, h.log, new ManualClock(h.clock.now()))).coordinator.inspectGroup('g');
        expect(replayed?.offsets).toEqual(live?.offsets);
        if (world.faults === 0) expect(replayed).toEqual(live);
        await formsStableGroup(h);
        expect(h.errors).toEqual([]);
        totals.runs++;
        totals.joined += world.stats.joined;
        totals.synced += world.stats.synced;
        if (world.stats.maxGeneration >= 3) totals.threeGenerations++;
      }),
      { numRuns: Number(process.env['GROUP_FUZZ_RUNS'] ?? 300) },
    );
    // The scenarios must actually exercise rebalances, not just fail early.
    console.log(`concurrency: ${totals.runs} runs, ${totals.joined} joins and ${totals.synced} syncs answered, ${totals.threeGenerations} runs reached generation 3+`);
    expect(totals.synced).toBeGreaterThan(totals.runs);
    expect(totals.threeGenerations).toBeGreaterThan(totals.runs / 10);
  });

  it('many members rejoining and leaving at once converge to one generation with those who stayed', async () => {
    const h = await harness({ 'group.initial.rebalance.delay.ms': 0 });
    const n = 20;
    const opts = { version: 3, rebalanceTimeoutMs: 5000 };
    const joins = Array.from({ length: n }, (_, i) => track(join(h, { ...opts, clientId: `c${i}` })));
    await h.settle();
    // The first joiner formed generation 1 alone; the others wait in the rebalance their joins started.
    expect(joins[0]!.value).toMatchObject({ errorCode: E.NONE, generationId: 1 });
    expect(joins.slice(1).some((j) => j.done)).toBe(false);
    const ids = [joins[0]!.value!.memberId];
    const leaderRejoin = track(join(h, { ...opts, memberId: ids[0]! }));
    await h.settle();
    for (const j of joins.slice(1)) ids.push(j.value!.memberId);
    expect(leaderRejoin.value).toMatchObject({ generationId: 2 });
    expect(leaderRejoin.value!.members).toHaveLength(n);
    await Promise.all(ids.map((memberId, i) => sync(h, { generationId: 2, memberId, assignments: i === 0 ? ids.map((id) => ({ memberId: id, assignment: Buffer.from(id) })) : [] })));
    expect(h.coordinator.inspectGroup('g')?.state).toBe('Stable');
    // Now everyone rejoins at once (the leader first, which starts a rebalance) while every other member
    // leaves, some just before and some just after their own rejoin, all requests in flight together.
    const leaving = new Set(ids.filter((_, i) => i % 2 === 1));
    const rejoins: Array<ReturnType<typeof track<JoinGroupResponse>>> = [];
    const leaves: Array<Promise<unknown>> = [];
    ids.forEach((memberId, i) => {
      const rejoin = () => rejoins.push(track(join(h, { ...opts, memberId })));
      const depart = () => leaves.push(leave(h, [{ memberId }]));
      if (!leaving.has(memberId)) rejoin();
      else if (i % 4 === 1) (rejoin(), depart());
      else (depart(), rejoin());
    });
    await Promise.all(leaves);
    await h.tick(5000);
    const answers = rejoins.map((r) => r.value!);
    const stayed = answers.filter((a) => a.errorCode === E.NONE);
    expect(stayed.map((a) => a.memberId).sort()).toEqual(ids.filter((id) => !leaving.has(id)).sort());
    expect(new Set(stayed.map((a) => a.generationId))).toEqual(new Set([3]));
    for (const a of answers.filter((x) => x.errorCode !== E.NONE)) expect(a.errorCode).toBe(E.UNKNOWN_MEMBER_ID);
    const leaderAnswer = stayed.find((a) => a.memberId === a.leader)!;
    expect(leaderAnswer.members.map((m) => m.memberId).sort()).toEqual(stayed.map((a) => a.memberId).sort());
    expect(h.errors).toEqual([]);
  });
});
