import { describe, expect, it } from 'vitest';
import { AssignerProtocol } from 'kafkajs';
import { RangeAssignor, RoundRobinAssignor, type ClusterView, type Subscription } from '@tributary/client';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from '../src/internal/group/consumer-protocol.js';

const cluster = (counts: Record<string, number>): ClusterView => ({ partitionCount: (t) => counts[t], refresh: async () => {} });
const sub = (topics: string[], groupInstanceId: string | null = null): Subscription => ({ topics, userData: null, ownedPartitions: [], generationId: -1, rackId: null, groupInstanceId });
const flat = (a: ReturnType<RangeAssignor['assign']>) => Object.fromEntries([...(a as Map<string, { partitions: { topic: string; partition: number }[] }>)].map(([id, x]) => [id, x.partitions.map((p) => `${p.topic}-${p.partition}`)]));

describe('assignors', () => {
  it("range: contiguous ranges per topic, the first members one extra (Kafka's RangeAssignorTest shape)", () => {
    const subs = new Map([
      ['c1', sub(['t1', 't2'])],
      ['c0', sub(['t1', 't2'])],
    ]);
    expect(flat(new RangeAssignor().assign(cluster({ t1: 3, t2: 3 }), subs))).toEqual({
      c0: ['t1-0', 't1-1', 't2-0', 't2-1'],
      c1: ['t1-2', 't2-2'],
    });
  });

  it('range: only members subscribed to a topic share it; static members order first', () => {
    const subs = new Map([
      ['a', sub(['t1'])],
      ['b', sub(['t1', 't2'], 'instance-z')],
    ]);
    expect(flat(new RangeAssignor().assign(cluster({ t1: 2, t2: 1 }), subs))).toEqual({ b: ['t1-0', 't2-0'], a: ['t1-1'] });
  });

  it('roundrobin: partitions dealt in turn over all topics', () => {
    const subs = new Map([
      ['c0', sub(['t1', 't2'])],
      ['c1', sub(['t1', 't2'])],
    ]);
    expect(flat(new RoundRobinAssignor().assign(cluster({ t1: 3, t2: 2 }), subs))).toEqual({
      c0: ['t1-0', 't1-2', 't2-1'],
      c1: ['t1-1', 't2-0'],
    });
  });

  it("consumer protocol bytes: ours round-trip and kafkajs's AssignerProtocol reads them (and we read its own)", () => {
    const s = { topics: ['a', 'b'], userData: Buffer.from('ud'), ownedPartitions: [{ topic: 'a', partition: 1 }], generationId: 4, rackId: null };
    expect(decodeSubscription(encodeSubscription(s), 'i1')).toEqual({ ...s, groupInstanceId: 'i1' });
    const theirsMeta = AssignerProtocol.MemberMetadata.decode(encodeSubscription(s))!;
    expect(theirsMeta.topics).toEqual(['a', 'b']);
    expect(decodeSubscription(AssignerProtocol.MemberMetadata.encode({ version: 0, topics: ['x'], userData: Buffer.from('u') }), null).topics).toEqual(['x']);

    const a = { partitions: [{ topic: 'b', partition: 2 }, { topic: 'a', partition: 0 }], userData: Buffer.from('task-map') };
    expect(decodeAssignment(encodeAssignment(a))).toEqual({ partitions: [{ topic: 'a', partition: 0 }, { topic: 'b', partition: 2 }], userData: Buffer.from('task-map') });
    expect(AssignerProtocol.MemberAssignment.decode(encodeAssignment(a))!.assignment).toEqual({ a: [0], b: [2] });
    expect(decodeAssignment(Buffer.alloc(0))).toEqual({ partitions: [], userData: null });
  });
});
