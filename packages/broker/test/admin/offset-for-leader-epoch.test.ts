import { OffsetForLeaderEpochRequest } from '@tributary/protocol';
import type { Broker } from '@tributary/broker';
import { describe, expect, it } from 'vitest';
import type { ReplicaManager } from '../../src/replica/replica-manager.js';
import { E, call, createTopic, produce, useBrokers, wire } from './harness.js';

const brokers = useBrokers();

/**
 * Makes this broker lead partition 0 of `topic` in a later leader epoch, as a leader change would (white box:
 * a single broker never changes leader on its own), so that the log's epoch cache has two entries.
 */
async function bumpLeaderEpoch(broker: Broker, topic: string, epoch: number): Promise<void> {
  const p = (broker as unknown as { replicas: ReplicaManager }).replicas.get(topic, 0)!;
  p.leaderEpoch = epoch;
  await p.log.assignEpochStartOffset(epoch, p.log.logEndOffset);
}

async function query(broker: Broker, version: number, partitions: Array<{ partition?: number; leaderEpoch: number; currentLeaderEpoch?: number }>, topic = 'e') {
  const r = await call(
    broker,
    23,
    version,
    OffsetForLeaderEpochRequest.create({
      replicaId: version >= 3 ? -1 : -2,
      topics: [{ topic, partitions: partitions.map((p) => ({ partition: p.partition ?? 0, leaderEpoch: p.leaderEpoch, currentLeaderEpoch: version >= 2 ? (p.currentLeaderEpoch ?? -1) : -1 })) }],
    }),
  );
  return r.topics[0]!.partitions.map((p) => [p.errorCode, p.leaderEpoch, p.endOffset]);
}

describe('OffsetForLeaderEpoch (23)', () => {
  for (const version of [0, 1, 2, 3]) {
    it(`v${version}: the end offset of the largest epoch not above the one asked for`, async () => {
      const { broker } = await brokers.start();
      await createTopic(broker, 'e', 1);
      await produce(broker, 'e', 0, 4);
      await bumpLeaderEpoch(broker, 'e', 3);
      await produce(broker, 'e', 0, 2);
      const epoch = (e: number) => (version >= 1 ? e : -1); // v0 has no leaderEpoch in the answer
      expect(await query(broker, version, [{ leaderEpoch: 0 }, { leaderEpoch: 2 }, { leaderEpoch: 3 }, { leaderEpoch: 7 }])).toEqual([
        [0, epoch(0), 4n],
        [0, epoch(0), 4n],
        [0, epoch(3), 6n],
        [0, -1, -1n],
      ]);
    });
  }

  for (const version of [2, 3]) {
    it(`v${version}: currentLeaderEpoch fences stale and future callers`, async () => {
      const { broker } = await brokers.start();
      await createTopic(broker, 'e', 1);
      await produce(broker, 'e', 0, 1);
      await bumpLeaderEpoch(broker, 'e', 3);
      expect(await query(broker, version, [{ leaderEpoch: 3, currentLeaderEpoch: 2 }, { leaderEpoch: 3, currentLeaderEpoch: 4 }, { leaderEpoch: 3, currentLeaderEpoch: 3 }])).toEqual([
        [E.FENCED_LEADER_EPOCH, -1, -1n],
        [E.UNKNOWN_LEADER_EPOCH, -1, -1n],
        [0, 3, 1n],
      ]);
    });
  }

  it('unknown topics and partitions are UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'e', 1);
    expect(await query(broker, 3, [{ partition: 5, leaderEpoch: 0 }])).toEqual([[E.UNKNOWN_TOPIC_OR_PARTITION, -1, -1n]]);
    expect(await query(broker, 3, [{ leaderEpoch: 0 }], 'nope')).toEqual([[E.UNKNOWN_TOPIC_OR_PARTITION, -1, -1n]]);
  });

  it('v3 over TCP with a follower replicaId', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'e', 1);
    await produce(b.broker, 'e', 0, 3);
    const r = await wire(b.bootstrap, 23, 3, OffsetForLeaderEpochRequest.create({ replicaId: 2, topics: [{ topic: 'e', partitions: [{ partition: 0, currentLeaderEpoch: 0, leaderEpoch: 0 }] }] }));
    expect(r.topics).toEqual([{ topic: 'e', partitions: [{ errorCode: 0, partition: 0, leaderEpoch: 0, endOffset: 3n }] }]);
  });
});
