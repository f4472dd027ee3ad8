import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import type { Admin, Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaClient } from './support/kafkajs.js';
import { readPartition, recordsOf } from './support/read-log.js';

// The errors real clients see from the broker, as kafkajs 2.2.4 surfaces them.
describe('error paths seen by kafkajs', () => {
  let tb: TestBroker;
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;

  beforeAll(async () => {
    tb = await startTestBroker({ config: { 'auto.create.topics.enable': false } });
    kafka = kafkaClient(tb.bootstrap, 'errors-e2e', { retry: { retries: 1, initialRetryTime: 50, maxRetryTime: 200 } });
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await admin?.disconnect();
    await tb?.cleanup();
  });

  it('produce to an unknown topic with auto.create.topics.enable=false fails with UNKNOWN_TOPIC_OR_PARTITION and creates nothing', async () => {
    // kafkajs asks Metadata with allow_auto_topic_creation=true; the broker config still forbids it.
    const error = await producer.send({ topic: 'no-such-topic', messages: [{ value: 'x' }] }).then(
      () => null,
      (e: unknown) => e as { type?: string; cause?: { type?: string }; name: string },
    );
    expect(error).not.toBeNull();
    expect(error!.type ?? error!.cause?.type).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await admin.listTopics()).not.toContain('no-such-topic');
  });

  it('a record larger than max.message.bytes fails with MESSAGE_TOO_LARGE; the producer keeps working', async () => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'small', configEntries: [{ name: 'max.message.bytes', value: '2048' }] }] });
    const error = await producer.send({ topic: 'small', acks: -1, messages: [{ value: Buffer.alloc(10_000, 7) }] }).then(
      () => null,
      (e: unknown) => e as { type?: string; name: string; retriable?: boolean },
    );
    expect(error).toMatchObject({ name: 'KafkaJSProtocolError', type: 'MESSAGE_TOO_LARGE', retriable: false });

    const ok = await producer.send({ topic: 'small', acks: -1, messages: [{ value: 'fits' }] });
    expect(ok[0]).toMatchObject({ errorCode: 0, baseOffset: '0' });
    expect(recordsOf(await readPartition(tb.broker, 'small', 0)).map((r) => r.value)).toEqual(['fits']);
  });

  it('a keyless record to a compacted topic fails with INVALID_RECORD; keyed records are accepted', async () => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'compacted', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const error = await producer.send({ topic: 'compacted', acks: -1, messages: [{ key: 'k', value: 'keyed' }, { value: 'keyless' }] }).then(
      () => null,
      (e: unknown) => e as { type?: string; name: string },
    );
    expect(error).toMatchObject({ name: 'KafkaJSProtocolError', type: 'INVALID_RECORD' });
    // The whole batch is refused, the keyed record with it.
    expect(await readPartition(tb.broker, 'compacted', 0)).toEqual([]);

    const ok = await producer.send({ topic: 'compacted', acks: -1, messages: [{ key: 'k', value: 'keyed' }] });
    expect(ok[0]).toMatchObject({ errorCode: 0, baseOffset: '0' });
    expect(recordsOf(await readPartition(tb.broker, 'compacted', 0))).toEqual([{ offset: 0, key: 'k', value: 'keyed' }]);
  });
});
