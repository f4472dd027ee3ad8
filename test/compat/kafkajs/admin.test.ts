import { startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaClient } from '../../e2e/support/kafkajs.js';

// kafkajs 2.2.4 admin against the broker over TCP: create, list, describe, delete topics and describe configs.
describe('kafkajs admin', () => {
  let tb: TestBroker;
  let admin: Admin;

  beforeAll(async () => {
    tb = await startTestBroker();
    admin = kafkaClient(tb.bootstrap, 'admin-e2e').admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.disconnect();
    await tb?.cleanup();
  });

  it('creates topics, lists and describes them', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: 'admin-a', numPartitions: 3 },
        { topic: 'admin-b', numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
      ],
    });
    expect(created).toBe(true);
    expect(await admin.listTopics()).toEqual(expect.arrayContaining(['admin-a', 'admin-b']));

    const { topics } = await admin.fetchTopicMetadata({ topics: ['admin-a', 'admin-b'] });
    const a = topics.find((t) => t.name === 'admin-a')!;
    expect(a.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    for (const p of a.partitions) {
      expect(p.leader).toBe(1);
      expect(p.replicas).toEqual([1]);
      expect(p.isr).toEqual([1]);
      expect(p.partitionErrorCode).toBe(0);
    }
    expect(topics.find((t) => t.name === 'admin-b')!.partitions).toHaveLength(1);

    const offsets = await admin.fetchTopicOffsets('admin-a');
    expect(offsets.map((o) => [o.partition, o.low, o.high]).sort()).toEqual([
      [0, '0', '0'],
      [1, '0', '0'],
      [2, '0', '0'],
    ]);
  });

  it('refuses to create a topic twice and answers an invalid name with INVALID_TOPIC_EXCEPTION', async () => {
    await admin.createTopics({ topics: [{ topic: 'admin-dup' }] });
    // kafkajs returns false when every topic already exists (TOPIC_ALREADY_EXISTS is swallowed).
    expect(await admin.createTopics({ topics: [{ topic: 'admin-dup' }] })).toBe(false);
    await expect(admin.createTopics({ topics: [{ topic: 'bad/name' }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_TOPIC_EXCEPTION' })],
    });
  });

  it('deletes topics', async () => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'admin-doomed', numPartitions: 2 }] });
    await admin.deleteTopics({ topics: ['admin-doomed'], timeout: 5000 });
    await waitFor('admin-doomed to leave the topic list', async () => !(await admin.listTopics()).includes('admin-doomed'), { timeoutMs: 10_000 });
    // UNKNOWN_TOPIC_OR_PARTITION is retriable, so kafkajs retries it and then wraps it.
    await expect(admin.deleteTopics({ topics: ['admin-never-was'], timeout: 2000 })).rejects.toMatchObject({
      cause: expect.objectContaining({ type: 'UNKNOWN_TOPIC_OR_PARTITION' }),
    });
  });

  it('describes topic and broker configs (DescribeConfigs)', async () => {
    const result = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: 'admin-b', configNames: ['cleanup.policy', 'retention.ms'] },
        { type: ConfigResourceTypes.BROKER, name: '1', configNames: ['num.partitions'] },
      ],
    });
    const topic = result.resources.find((r) => r.resourceType === ConfigResourceTypes.TOPIC)!;
    expect(topic.errorCode).toBe(0);
    expect(topic.configEntries.find((e) => e.configName === 'cleanup.policy')).toMatchObject({ configValue: 'compact', isDefault: false });
    expect(topic.configEntries.find((e) => e.configName === 'retention.ms')).toMatchObject({ configValue: '604800000', isDefault: true });
    const broker = result.resources.find((r) => r.resourceType === ConfigResourceTypes.BROKER)!;
    expect(broker.errorCode).toBe(0);
    expect(broker.configEntries.find((e) => e.configName === 'num.partitions')?.configValue).toBe('1');
  });

  it('alters a topic config and adds partitions', async () => {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'admin-a', configEntries: [{ name: 'retention.ms', value: '3600000' }] }],
    });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'admin-a', configNames: ['retention.ms'] }],
    });
    expect(described.resources[0]!.configEntries[0]).toMatchObject({ configName: 'retention.ms', configValue: '3600000', isDefault: false });

    await admin.createPartitions({ topicPartitions: [{ topic: 'admin-a', count: 5 }] });
    const { topics } = await admin.fetchTopicMetadata({ topics: ['admin-a'] });
    expect(topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3, 4]);
  });
});
