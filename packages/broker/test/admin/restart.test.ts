import { AlterConfigsRequest, DeleteRecordsRequest, IncrementalAlterConfigsRequest, ListOffsetsRequest } from '@tributary/protocol';
import type { Broker } from '@tributary/broker';
import { describe, expect, it } from 'vitest';
import { E, call, configsFrom, createTopic, produce, useBrokers } from './harness.js';

const brokers = useBrokers();
const TOPIC = 2;
const BROKER = 4;

async function earliest(broker: Broker, topic: string): Promise<bigint> {
  const r = await call(broker, 2, 1, ListOffsetsRequest.create({ replicaId: -1, topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -2n }] }] }));
  return r.topics[0]!.partitions[0]!.offset;
}

describe('admin changes survive a restart on the same log dirs', () => {
  it('topic overrides, dynamic broker configs (in force again) and the log start offset', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'persist', 1);
    await createTopic(b.broker, 'plain', 1);
    const incremental = await call(
      b.broker,
      44,
      1,
      IncrementalAlterConfigsRequest.create({
        resources: [
          { resourceType: TOPIC, resourceName: 'persist', configs: [{ name: 'max.message.bytes', configOperation: 0, value: '1000' }, { name: 'cleanup.policy', configOperation: 2, value: 'compact' }] },
          { resourceType: BROKER, resourceName: '1', configs: [{ name: 'log.retention.ms', configOperation: 0, value: '3600000' }] },
        ],
      }),
    );
    expect(incremental.responses.map((r) => r.errorCode)).toEqual([0, 0]);
    const legacy = await call(b.broker, 33, 1, AlterConfigsRequest.create({ resources: [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'message.max.bytes', value: '1500' }] }] }));
    expect(legacy.responses.map((r) => r.errorCode)).toEqual([0]);
    for (let i = 0; i < 5; i++) await produce(b.broker, 'plain', 0, 1);
    const deleted = await call(b.broker, 21, 1, DeleteRecordsRequest.create({ topics: [{ name: 'plain', partitions: [{ partitionIndex: 0, offset: 3n }] }] }));
    expect(deleted.topics[0]!.partitions[0]!.lowWatermark).toBe(3n);

    console.log('[restart] stopping the broker and starting it again on the same log dir');
    await b.restart();

    expect(await configsFrom(b.broker, TOPIC, 'persist', 1)).toEqual({ 'max.message.bytes': '1000', 'cleanup.policy': 'delete,compact' });
    expect(await configsFrom(b.broker, BROKER, '', 3)).toEqual({ 'message.max.bytes': '1500' });
    expect(await configsFrom(b.broker, BROKER, '1', 2)).toEqual({ 'log.retention.ms': '3600000' });
    expect((await configsFrom(b.broker, TOPIC, 'plain', 2))['retention.ms']).toBe('3600000');
    expect(await earliest(b.broker, 'plain')).toBe(3n);
    // The dynamic cluster default is in force again for topics without an override, the override for its topic.
    expect((await produce(b.broker, 'plain', 0, 1, 2000)).errorCode).toBe(E.MESSAGE_TOO_LARGE);
    expect((await produce(b.broker, 'plain', 0, 1, 1200)).errorCode).toBe(0);
    expect((await produce(b.broker, 'persist', 0, 1, 1200)).errorCode).toBe(E.MESSAGE_TOO_LARGE);
  });
});
