import { CompressionType } from '@tributary/protocol';
import { runProcess, startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import { CompressionTypes, type Admin, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaClient, registerCodecs } from '../../e2e/support/kafkajs.js';
import { readPartition, recordsOf } from '../../e2e/support/read-log.js';

// kafkajs 2.2.4 producers against the broker over TCP; what they wrote is read back through the broker's
// in-process Fetch and decoded with our record decoder, and once through kcat (librdkafka) as a second reader.
describe('kafkajs producer', () => {
  let tb: TestBroker;
  let kafka: Kafka;
  let admin: Admin;

  beforeAll(async () => {
    registerCodecs();
    tb = await startTestBroker();
    kafka = kafkaClient(tb.bootstrap, 'producer-e2e');
    admin = kafka.admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.disconnect();
    await tb?.cleanup();
  });

  const messages = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ key: `${prefix}-k${i}`, value: `${prefix}-v${i}` }));

  it.each([
    { acks: 1, name: 'acks=1' },
    { acks: -1, name: 'acks=all' },
  ])('produces with $name and gets consecutive offsets back', async ({ acks }) => {
    const topic = `acks${acks === -1 ? 'all' : acks}`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      const first = await producer.send({ topic, acks, messages: messages('a', 10) });
      const second = await producer.send({ topic, acks, messages: messages('b', 5) });
      expect(first).toEqual([expect.objectContaining({ topicName: topic, partition: 0, errorCode: 0, baseOffset: '0' })]);
      expect(second).toEqual([expect.objectContaining({ partition: 0, errorCode: 0, baseOffset: '10' })]);
    } finally {
      await producer.disconnect();
    }
    const records = recordsOf(await readPartition(tb.broker, topic, 0));
    expect(records.map((r) => r.offset)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    expect(records.map((r) => r.value)).toEqual([...messages('a', 10), ...messages('b', 5)].map((m) => m.value));
  });

  it('produces with acks=0 (no response) and the records still land', async () => {
    const topic = 'acks0';
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    try {
      for (let i = 0; i < 5; i++) await producer.send({ topic, acks: 0, messages: messages(`s${i}`, 20) });
    } finally {
      await producer.disconnect();
    }
    const records = await waitFor('100 acks=0 records to land', async () => {
      const r = recordsOf(await readPartition(tb.broker, topic, 0));
      return r.length === 100 ? r : null;
    }, { timeoutMs: 10_000 });
    expect(new Set(records.map((r) => r.value)).size).toBe(100);
  });

  it('produces idempotently: one producer id, sequences without gaps, keys spread over partitions', async () => {
    const topic = 'idempotent';
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      for (let i = 0; i < 10; i++) await producer.send({ topic, acks: -1, messages: messages(`i${i}`, 30) });
    } finally {
      await producer.disconnect();
    }
    const producerIds = new Set<number>();
    let total = 0;
    for (let p = 0; p < 3; p++) {
      const batches = await readPartition(tb.broker, topic, p);
      let expectedSequence = 0;
      for (const b of batches) {
        producerIds.add(b.producerId);
        expect(b.producerEpoch).toBe(0);
        expect(b.baseSequence).toBe(expectedSequence);
        expectedSequence += b.records.length;
        total += b.records.length;
      }
      expect(batches.length).toBeGreaterThan(0);
    }
    expect(total).toBe(300);
    expect(producerIds.size).toBe(1);
    expect([...producerIds][0]).toBeGreaterThanOrEqual(0);
  });

  it.each([
    { codec: CompressionTypes.GZIP, stored: CompressionType.GZIP, name: 'gzip' },
    { codec: CompressionTypes.Snappy, stored: CompressionType.SNAPPY, name: 'snappy' },
    { codec: CompressionTypes.LZ4, stored: CompressionType.LZ4, name: 'lz4' },
    { codec: CompressionTypes.ZSTD, stored: CompressionType.ZSTD, name: 'zstd' },
  ])('produces $name batches that are stored verbatim and read back by kcat', async ({ codec, stored, name }) => {
    const topic = `compressed-${name}`;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    // Repetitive values so that every codec actually shrinks them.
    const sent = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, value: `${name}-value-${i}-`.repeat(20) }));
    try {
      await producer.send({ topic, acks: -1, compression: codec, messages: sent.slice(0, 100) });
      await producer.send({ topic, acks: -1, compression: codec, messages: sent.slice(100) });
    } finally {
      await producer.disconnect();
    }
    const batches = await readPartition(tb.broker, topic, 0);
    expect(batches.map((b) => b.compression)).toEqual([stored, stored]);
    expect(recordsOf(batches).map((r) => `${r.key}=${r.value}`)).toEqual(sent.map((m) => `${m.key}=${m.value}`));

    const kcat = await runProcess('kcat', ['-C', '-b', tb.bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '%k=%s\\n'], { timeoutMs: 20_000 });
    expect(kcat.code, kcat.stderr).toBe(0);
    expect(kcat.stdout.trimEnd().split('\n')).toEqual(sent.map((m) => `${m.key}=${m.value}`));
  });
});
