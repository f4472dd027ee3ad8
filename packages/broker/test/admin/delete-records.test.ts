import { CreateTopicsRequest, DeleteRecordsRequest, FetchRequest, ListOffsetsRequest } from '@tributary/protocol';
import type { Broker } from '@tributary/broker';
import { describe, expect, it } from 'vitest';
import { E, call, createTopic, kafkajsAdmin, produce, useBrokers } from './harness.js';

const brokers = useBrokers();

async function deleteRecords(broker: Broker, version: number, topics: Array<[topic: string, partition: number, offset: bigint]>) {
  const byTopic = new Map<string, Array<{ partitionIndex: number; offset: bigint }>>();
  for (const [t, p, o] of topics) byTopic.set(t, [...(byTopic.get(t) ?? []), { partitionIndex: p, offset: o }]);
  const r = await call(broker, 21, version, DeleteRecordsRequest.create({ topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })), timeoutMs: 5000 }));
  return r.topics.flatMap((t) => t.partitions.map((p) => [t.name, p.partitionIndex, p.errorCode, p.lowWatermark]));
}

async function earliest(broker: Broker, topic: string, partition = 0): Promise<bigint> {
  const r = await call(broker, 2, 1, ListOffsetsRequest.create({ replicaId: -1, topics: [{ name: topic, partitions: [{ partitionIndex: partition, timestamp: -2n }] }] }));
  return r.topics[0]!.partitions[0]!.offset;
}

async function fetchFrom(broker: Broker, topic: string, offset: bigint) {
  const r = await call(
    broker,
    1,
    11,
    FetchRequest.create({
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 1 << 20,
      topics: [{ topic, partitions: [{ partition: 0, fetchOffset: offset, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1, logStartOffset: -1n }] }],
    }),
  );
  return r.responses[0]!.partitions[0]!;
}

describe('DeleteRecords (21)', () => {
  for (const version of [0, 1]) {
    it(`v${version}: moves the log start offset; ListOffsets earliest and Fetch follow`, async () => {
      const { broker } = await brokers.start();
      await createTopic(broker, 'd', 2);
      for (let i = 0; i < 3; i++) await produce(broker, 'd', 0, 2);
      await produce(broker, 'd', 1, 4);
      expect(await deleteRecords(broker, version, [['d', 0, 3n], ['d', 1, -1n]])).toEqual([
        ['d', 0, 0, 3n],
        ['d', 1, 0, 4n],
      ]);
      expect(await earliest(broker, 'd', 0)).toBe(3n);
      expect(await earliest(broker, 'd', 1)).toBe(4n);
      const below = await fetchFrom(broker, 'd', 1n);
      expect(below).toMatchObject({ errorCode: E.OFFSET_OUT_OF_RANGE, logStartOffset: 3n });
      const at = await fetchFrom(broker, 'd', 3n);
      expect(at).toMatchObject({ errorCode: 0, logStartOffset: 3n, highWatermark: 6n });
      // An offset at or below the current start changes nothing and answers the current low watermark.
      expect(await deleteRecords(broker, version, [['d', 0, 1n]])).toEqual([['d', 0, 0, 3n]]);
    });
  }

  it('an offset above the high watermark or negative is OFFSET_OUT_OF_RANGE; unknown partitions and compact-only topics are refused', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'd', 1);
    await call(broker, 19, 4, CreateTopicsRequest.create({ topics: [{ name: 'c', numPartitions: 1, replicationFactor: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] }] }));
    await produce(broker, 'd', 0, 5);
    await produce(broker, 'c', 0, 5);
    expect(await deleteRecords(broker, 1, [['d', 0, 6n], ['d', 0, -2n], ['d', 3, 1n], ['nope', 0, 1n], ['c', 0, 2n]])).toEqual([
      ['d', 0, E.OFFSET_OUT_OF_RANGE, -1n],
      ['d', 0, E.OFFSET_OUT_OF_RANGE, -1n],
      ['d', 3, E.UNKNOWN_TOPIC_OR_PARTITION, -1n],
      ['nope', 0, E.UNKNOWN_TOPIC_OR_PARTITION, -1n],
      ['c', 0, E.POLICY_VIOLATION, -1n],
    ]);
    expect(await earliest(broker, 'd')).toBe(0n);
    expect(await earliest(broker, 'c')).toBe(0n);
  });

  it('kafkajs deleteTopicRecords, then fetchTopicOffsets reports the new low watermark', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'kjs', 1);
    await produce(b.broker, 'kjs', 0, 10);
    const admin = await kafkajsAdmin(b.bootstrap);
    try {
      // kafkajs needs the topic's metadata loaded before deleteTopicRecords (it looks up leaders first).
      expect(await admin.fetchTopicOffsets('kjs')).toEqual([expect.objectContaining({ partition: 0, low: '0', high: '10' })]);
      await admin.deleteTopicRecords({ topic: 'kjs', partitions: [{ partition: 0, offset: '7' }] });
      expect(await admin.fetchTopicOffsets('kjs')).toEqual([expect.objectContaining({ partition: 0, low: '7', high: '10' })]);
      await admin.deleteTopicRecords({ topic: 'kjs', partitions: [{ partition: 0, offset: '-1' }] });
      expect(await admin.fetchTopicOffsets('kjs')).toEqual([expect.objectContaining({ partition: 0, low: '10', high: '10' })]);
    } finally {
      await admin.disconnect();
    }
  });
});
