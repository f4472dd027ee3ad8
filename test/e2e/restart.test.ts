import { runProcess, startTestBroker, type TestBroker } from '@tributary/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { kafkaClient } from './support/kafkajs.js';

// A broker stopped and started again on the same log dirs and port keeps its topics and every acknowledged
// record; clients reconnect to the same address and carry on. (Committed group offsets across a restart are
// checked in compat/kafkajs/consumer-group.test.ts.)
describe('broker restart', () => {
  let tb: TestBroker | undefined;
  afterEach(async () => {
    await tb?.cleanup();
    tb = undefined;
  });

  it('keeps topics, configs and acknowledged records; offsets continue where they stopped', async () => {
    tb = await startTestBroker();
    let kafka = kafkaClient(tb.bootstrap, 'restart-data');
    let admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: 'durable', numPartitions: 2 },
        { topic: 'durable-compact', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    });
    let producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
    await producer.connect();
    await producer.send({ topic: 'durable', acks: -1, messages: Array.from({ length: 100 }, (_, i) => ({ partition: i % 2, value: `before-${i}` })) });
    await producer.disconnect();
    await admin.disconnect();

    console.log('[restart] stopping the broker and starting a new one on the same log dirs and port');
    await tb.restart();

    kafka = kafkaClient(tb.bootstrap, 'restart-data-2');
    admin = kafka.admin();
    await admin.connect();
    expect(await admin.listTopics()).toContain('durable');
    const offsets = await admin.fetchTopicOffsets('durable');
    expect(offsets.map((o) => [o.partition, o.high]).sort()).toEqual([
      [0, '50'],
      [1, '50'],
    ]);
    producer = kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
    await producer.connect();
    const sent = await producer.send({ topic: 'durable', acks: -1, messages: [{ partition: 0, value: 'after-0' }, { partition: 1, value: 'after-1' }] });
    expect(sent.map((r) => [r.partition, r.baseOffset]).sort()).toEqual([
      [0, '50'],
      [1, '50'],
    ]);
    // The compact policy survived the restart: a keyless record is still refused.
    await expect(producer.send({ topic: 'durable-compact', acks: -1, messages: [{ value: 'keyless' }] })).rejects.toMatchObject({ type: 'INVALID_RECORD' });
    await producer.disconnect();
    await admin.disconnect();

    const kcat = await runProcess('kcat', ['-C', '-b', tb.bootstrap, '-t', 'durable', '-o', 'beginning', '-e', '-q', '-f', '%p:%o:%s\\n'], { timeoutMs: 20_000 });
    expect(kcat.code, kcat.stderr).toBe(0);
    const lines = kcat.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(102);
    expect(lines).toContain('0:50:after-0');
    expect(lines).toContain('1:50:after-1');
    expect(lines).toContain('1:49:before-99');
  });
});
