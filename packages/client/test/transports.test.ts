import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { inProcess, kafkajs, type CompressionTypeName, type Transport } from '@tributary/client';
import { pollAllUntil, pollRecords, text } from '@tributary/client/testing';

describe('both transports on one broker', () => {
  let tb: TestBroker;
  let local: Transport;
  let tcp: Transport;
  beforeAll(async () => {
    tb = await startTestBroker();
    local = inProcess(tb.broker);
    tcp = kafkajs({ 'bootstrap.servers': tb.bootstrap, retry: { retries: 3, initialRetryTime: 50, maxRetryTime: 500 } });
  });
  afterAll(async () => {
    await local.close();
    await tcp.close();
    await tb.cleanup();
  });

  it('the same keys land on the same partitions through either transport', async () => {
    await local.admin().createTopics([{ name: 'keys', numPartitions: 7 }]);
    const keys = Array.from({ length: 200 }, (_, i) => Buffer.from(`user-${i * 7919}`));
    const lp = local.producer();
    const viaLocal = await Promise.all(keys.map((key) => lp.send({ topic: 'keys', key, value: null })));
    const p = tcp.producer();
    const viaTcp = await Promise.all(keys.map((key) => p.send({ topic: 'keys', key, value: null })));
    expect(viaTcp.map((m) => m.partition)).toEqual(viaLocal.map((m) => m.partition));
    expect(new Set(viaLocal.map((m) => m.partition)).size).toBe(7);
  });

  it('an in-process member and a kafkajs member share one group', async () => {
    await local.admin().createTopics([{ name: 'mixed', numPartitions: 4 }]);
    const config = { 'group.id': 'mixed-group', 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 100, 'auto.offset.reset': 'earliest' as const, 'enable.auto.commit': false };
    const a = local.consumer(config);
    const b = tcp.consumer(config);
    a.subscribe(['mixed']);
    b.subscribe(['mixed']);
    await pollAllUntil([a, b], () => a.assignment().length === 2 && b.assignment().length === 2, 'both members to own 2 of the 4 partitions');
    const owned = [...a.assignment(), ...b.assignment()].map((p) => p.partition).sort();
    expect(owned).toEqual([0, 1, 2, 3]);
    await Promise.all([a.close(), b.close()]);
  });

  it('every compression codec written in-process reads back through kafkajs, and kafkajs gzip reads back in-process', async () => {
    const codecs: CompressionTypeName[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
    for (const codec of codecs) {
      const topic = `codec-${codec}`;
      await local.admin().createTopics([{ name: topic, numPartitions: 1 }]);
      const producer = local.producer({ 'compression.type': codec, 'linger.ms': 5 });
      await Promise.all(Array.from({ length: 20 }, (_, i) => producer.send({ topic, value: Buffer.from(`${codec}-${i}`.repeat(10)) })));
      const consumer = tcp.consumer({ 'auto.offset.reset': 'earliest' });
      consumer.assign([{ topic, partition: 0 }]);
      const got = await pollRecords(consumer, 20);
      expect(got.map((r) => text(r.value))).toEqual(Array.from({ length: 20 }, (_, i) => `${codec}-${i}`.repeat(10)));
      await consumer.close();
    }
    const producer = tcp.producer({ 'compression.type': 'gzip' });
    await Promise.all(Array.from({ length: 5 }, (_, i) => producer.send({ topic: 'codec-gzip', value: Buffer.from(`back-${i}`) })));
    const consumer = local.consumer({ 'auto.offset.reset': 'earliest' });
    consumer.assign([{ topic: 'codec-gzip', partition: 0 }]);
    consumer.seek({ topic: 'codec-gzip', partition: 0 }, 20);
    expect((await pollRecords(consumer, 5)).map((r) => text(r.value))).toEqual(Array.from({ length: 5 }, (_, i) => `back-${i}`));
  });

  it('in-process records are views into the fetched batch bytes, not copies', async () => {
    await local.admin().createTopics([{ name: 'views', numPartitions: 1 }]);
    const producer = local.producer({ 'linger.ms': 20 });
    // 5000-byte values: a copy of each would get its own memory (Node pools only allocations under 4 KiB).
    await Promise.all(Array.from({ length: 10 }, (_, i) => producer.send({ topic: 'views', value: Buffer.alloc(5000, i) })));
    const consumer = local.consumer({ 'auto.offset.reset': 'earliest' });
    consumer.assign([{ topic: 'views', partition: 0 }]);
    const got = await pollRecords(consumer, 10);
    const backing = new Set(got.map((r) => r.value!.buffer));
    expect(backing.size).toBe(1);
    expect(got[0]!.value!.byteOffset).toBeGreaterThan(0);
  });

  it('an idempotent in-process producer writes batches with a producer id and sequence numbers', async () => {
    await local.admin().createTopics([{ name: 'idem', numPartitions: 1 }]);
    const producer = local.producer({ 'enable.idempotence': true, 'batch.size': 500 });
    const metas = await Promise.all(Array.from({ length: 30 }, (_, i) => producer.send({ topic: 'idem', value: Buffer.alloc(50, i) })));
    expect(metas.map((m) => m.offset)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const fetched = await tb.broker.handle(1, 11, {
      replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topic: 'idem', topicId: '00000000-0000-0000-0000-000000000000', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20, replicaDirectoryId: '00000000-0000-0000-0000-000000000000' }] }],
      forgottenTopicsData: [], rackId: '', clusterId: null, replicaState: { replicaId: -1, replicaEpoch: -1n },
    });
    const blob = fetched!.responses[0]!.partitions[0]!.records as Buffer;
    const { decodeRecordBatches } = await import('@tributary/protocol');
    const batches = decodeRecordBatches(blob);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((b) => b.producerId >= 0)).toBe(true);
    expect(batches.map((b) => b.baseSequence)).toEqual(batches.map((b) => b.baseOffset));
  });
});
