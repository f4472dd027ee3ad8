import { CreatePartitionsRequest, MetadataRequest } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { E, call, createTopic, kafkajsAdmin, produce, useBrokers } from './harness.js';

const brokers = useBrokers();

async function partitionCount(broker: Parameters<typeof call>[0], topic: string): Promise<number> {
  const md = await call(broker, 3, 8, MetadataRequest.create({ topics: [{ name: topic }], allowAutoTopicCreation: false }));
  return md.topics[0]!.partitions.length;
}

describe('CreatePartitions (37)', () => {
  for (const version of [0, 1]) {
    it(`v${version}: adds partitions that can be written at once, one result per topic in request order`, async () => {
      const { broker } = await brokers.start();
      await createTopic(broker, 'b', 1);
      await createTopic(broker, 'a', 2);
      const r = await call(broker, 37, version, CreatePartitionsRequest.create({ topics: [{ name: 'b', count: 3, assignments: null }, { name: 'a', count: 4, assignments: null }], timeoutMs: 5000 }));
      expect(r.results).toEqual([
        { name: 'b', errorCode: 0, errorMessage: null },
        { name: 'a', errorCode: 0, errorMessage: null },
      ]);
      expect(await partitionCount(broker, 'b')).toBe(3);
      expect(await partitionCount(broker, 'a')).toBe(4);
      expect((await produce(broker, 'b', 2, 3)).errorCode).toBe(0);
      expect((await produce(broker, 'a', 3, 1)).errorCode).toBe(0);
    });
  }

  it('never lowers the count: INVALID_PARTITIONS with Kafka\'s messages; unknown topics have no message', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'three', 3);
    const r = await call(
      broker,
      37,
      1,
      CreatePartitionsRequest.create({
        topics: [
          { name: 'three', count: 2, assignments: null },
          { name: 'missing', count: 2, assignments: null },
        ],
      }),
    );
    expect(r.results).toEqual([
      { name: 'three', errorCode: E.INVALID_PARTITIONS, errorMessage: 'The topic three currently has 3 partition(s); 2 would not be an increase.' },
      { name: 'missing', errorCode: E.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null },
    ]);
    const same = await call(broker, 37, 0, CreatePartitionsRequest.create({ topics: [{ name: 'three', count: 3, assignments: null }] }));
    expect(same.results).toEqual([{ name: 'three', errorCode: E.INVALID_PARTITIONS, errorMessage: 'Topic already has 3 partition(s).' }]);
    expect(await partitionCount(broker, 'three')).toBe(3);
  });

  it('a topic named twice gets one INVALID_REQUEST result and is left alone; the others proceed', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'dup', 1);
    await createTopic(broker, 'ok', 1);
    const r = await call(
      broker,
      37,
      1,
      CreatePartitionsRequest.create({
        topics: [
          { name: 'dup', count: 2, assignments: null },
          { name: 'ok', count: 2, assignments: null },
          { name: 'dup', count: 5, assignments: null },
        ],
      }),
    );
    expect(r.results).toEqual([
      { name: 'dup', errorCode: E.INVALID_REQUEST, errorMessage: 'Duplicate topic name.' },
      { name: 'ok', errorCode: 0, errorMessage: null },
    ]);
    expect(await partitionCount(broker, 'dup')).toBe(1);
    expect(await partitionCount(broker, 'ok')).toBe(2);
  });

  it('validateOnly checks without creating anything', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'v', 1);
    const ok = await call(broker, 37, 1, CreatePartitionsRequest.create({ topics: [{ name: 'v', count: 4, assignments: null }], validateOnly: true }));
    expect(ok.results).toEqual([{ name: 'v', errorCode: 0, errorMessage: null }]);
    const bad = await call(broker, 37, 1, CreatePartitionsRequest.create({ topics: [{ name: 'v', count: 0, assignments: null }], validateOnly: true }));
    expect(bad.results[0]!.errorCode).toBe(E.INVALID_PARTITIONS);
    expect(await partitionCount(broker, 'v')).toBe(1);
  });

  it('checks explicit assignments as Kafka does', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 't', 1);
    const attempt = async (assignments: number[][], count = 2) =>
      (await call(broker, 37, 1, CreatePartitionsRequest.create({ topics: [{ name: 't', count, assignments: assignments.map((brokerIds) => ({ brokerIds })) }] }))).results[0]!;
    expect(await attempt([[7]])).toEqual({ name: 't', errorCode: E.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'The manual partition assignment includes broker 7, but no such broker is registered.' });
    expect(await attempt([[1, 1]])).toEqual({ name: 't', errorCode: E.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'The manual partition assignment includes the broker 1 more than once.' });
    expect(await attempt([[]])).toEqual({ name: 't', errorCode: E.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'The manual partition assignment includes an empty replica list.' });
    expect(await attempt([[1]], 3)).toEqual({
      name: 't',
      errorCode: E.INVALID_REPLICA_ASSIGNMENT,
      errorMessage: 'Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.',
    });
    expect(await partitionCount(broker, 't')).toBe(1);
    expect(await attempt([[1]])).toEqual({ name: 't', errorCode: 0, errorMessage: null });
    expect(await partitionCount(broker, 't')).toBe(2);
  });

  it('kafkajs admin.createPartitions adds partitions and surfaces INVALID_PARTITIONS', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'kjs', 1);
    const admin = await kafkajsAdmin(b.bootstrap);
    try {
      await admin.createPartitions({ topicPartitions: [{ topic: 'kjs', count: 3 }] });
      const md = await admin.fetchTopicMetadata({ topics: ['kjs'] });
      expect(md.topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
      await expect(admin.createPartitions({ topicPartitions: [{ topic: 'kjs', count: 2 }] })).rejects.toMatchObject({ type: 'INVALID_PARTITIONS' });
    } finally {
      await admin.disconnect();
    }
  });
});
