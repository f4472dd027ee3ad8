import { describe, expect, it } from 'vitest';
import { BrokerConfig } from '../../src/config/broker-config.js';
import { defaultGroupCoordinatorConfig, groupCoordinatorConfigFrom, resolveGroupConfig } from '../../src/group/options.js';

describe('group coordinator configuration', () => {
  it("has Kafka's keys and defaults, the same the broker configuration declares", () => {
    const broker = new BrokerConfig({ 'node.id': 1, 'log.dirs': '/tmp/x' });
    expect(groupCoordinatorConfigFrom((k) => broker.int(k))).toEqual(defaultGroupCoordinatorConfig);
  });

  it('takes values from server.properties keys and converts minutes', () => {
    const broker = new BrokerConfig({ 'node.id': 1, 'log.dirs': '/tmp/x', 'offsets.retention.minutes': 2, 'group.initial.rebalance.delay.ms': 0, 'offsets.topic.num.partitions': 3 });
    const resolved = resolveGroupConfig(groupCoordinatorConfigFrom((k) => broker.int(k)));
    expect(resolved).toMatchObject({ offsetsRetentionMs: 120_000, initialRebalanceDelayMs: 0, numPartitions: 3, maxMetadataSize: 4096 });
  });
});
