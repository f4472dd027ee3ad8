import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broker } from '@tributary/broker';
import { ApiKey, DescribeConfigsRequest, FindCoordinatorRequest, MetadataRequest } from '@tributary/protocol';

let dir: string;
let broker: Broker;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'internal-'));
  broker = await Broker.start({ 'node.id': 1, 'log.dirs': dir, 'offsets.topic.num.partitions': 4 }, { listen: false, log: () => {} });
});

afterEach(async () => {
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('__consumer_offsets', () => {
  it('is created with its own partitions and compaction when a Metadata request auto-creates it (as Burrow does)', async () => {
    const md = await broker.handle(ApiKey.Metadata, 5, MetadataRequest.create({ topics: [{ name: '__consumer_offsets' }], allowAutoTopicCreation: true }));
    const topic = md!.topics[0]!;
    expect(topic).toMatchObject({ errorCode: 0, name: '__consumer_offsets', isInternal: true });
    expect(topic.partitions).toHaveLength(4);
    const cfg = await broker.handle(
      ApiKey.DescribeConfigs,
      1,
      DescribeConfigsRequest.create({ resources: [{ resourceType: 2, resourceName: '__consumer_offsets', configurationKeys: ['cleanup.policy'] }] }),
    );
    expect(cfg!.results[0]!.configs[0]).toMatchObject({ name: 'cleanup.policy', value: 'compact' });
    // The group coordinator owns its partitions: FindCoordinator answers this broker.
    const fc = await broker.handle(ApiKey.FindCoordinator, 2, FindCoordinatorRequest.create({ key: 'g', keyType: 0 }));
    expect(fc).toMatchObject({ errorCode: 0, nodeId: 1 });
  });

  it('is not auto-created by Metadata before any group uses it when nobody asks for it', async () => {
    const md = await broker.handle(ApiKey.Metadata, 5, MetadataRequest.create({ topics: null }));
    expect(md!.topics.map((t) => t.name)).not.toContain('__consumer_offsets');
  });
});
