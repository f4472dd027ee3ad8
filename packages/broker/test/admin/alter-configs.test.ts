import { AlterConfigsRequest, ListOffsetsRequest } from '@tributary/protocol';
import type { Broker } from '@tributary/broker';
import { waitFor } from '@tributary/test-kit';
import { describe, expect, it } from 'vitest';
import { E, call, configsFrom, createTopic, kafkajsAdmin, produce, useBrokers } from './harness.js';

const brokers = useBrokers();
const TOPIC = 2;
const BROKER = 4;

async function alter(broker: Broker, version: number, resources: Array<{ type: number; name: string; configs: Record<string, string | null> }>, validateOnly = false) {
  const r = await call(
    broker,
    33,
    version,
    AlterConfigsRequest.create({
      resources: resources.map((x) => ({ resourceType: x.type, resourceName: x.name, configs: Object.entries(x.configs).map(([name, value]) => ({ name, value })) })),
      validateOnly,
    }),
  );
  return r.responses.map((x) => ({ name: x.resourceName, type: x.resourceType, errorCode: x.errorCode, errorMessage: x.errorMessage }));
}

async function earliest(broker: Broker, topic: string): Promise<bigint> {
  const r = await call(broker, 2, 1, ListOffsetsRequest.create({ replicaId: -1, topics: [{ name: topic, partitions: [{ partitionIndex: 0, timestamp: -2n }] }] }));
  return r.topics[0]!.partitions[0]!.offset;
}

describe('AlterConfigs (33) on topics', () => {
  for (const version of [0, 1]) {
    it(`v${version}: the given configs replace the topic's overrides, and apply to its log at once`, async () => {
      const { broker } = await brokers.start();
      await createTopic(broker, 'm', 1, { 'cleanup.policy': 'delete' });
      expect((await produce(broker, 'm', 0, 1, 2000)).errorCode).toBe(0);
      expect(await alter(broker, version, [{ type: TOPIC, name: 'm', configs: { 'max.message.bytes': '1000', 'retention.ms': '86400000' } }])).toEqual([
        { name: 'm', type: TOPIC, errorCode: 0, errorMessage: null },
      ]);
      expect(await configsFrom(broker, TOPIC, 'm', 1)).toEqual({ 'max.message.bytes': '1000', 'retention.ms': '86400000' });
      expect((await produce(broker, 'm', 0, 1, 2000)).errorCode).toBe(E.MESSAGE_TOO_LARGE);
      expect((await produce(broker, 'm', 0, 1, 100)).errorCode).toBe(0);
      // Not named again: max.message.bytes goes back to the default.
      expect((await alter(broker, version, [{ type: TOPIC, name: 'm', configs: { 'retention.ms': '3600000' } }]))[0]!.errorCode).toBe(0);
      expect(await configsFrom(broker, TOPIC, 'm', 1)).toEqual({ 'retention.ms': '3600000' });
      expect((await produce(broker, 'm', 0, 1, 2000)).errorCode).toBe(0);
    });
  }

  it('a shorter retention.ms deletes old segments at run time', async () => {
    const { broker } = await brokers.start({ 'log.retention.check.interval.ms': 100 });
    await createTopic(broker, 'ret', 1, { 'segment.bytes': '1024' });
    const hourAgo = Date.now() - 3_600_000;
    for (let i = 0; i < 4; i++) expect((await produce(broker, 'ret', 0, 2, 400, hourAgo)).errorCode).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(await earliest(broker, 'ret')).toBe(0n);
    expect((await alter(broker, 1, [{ type: TOPIC, name: 'ret', configs: { 'segment.bytes': '1024', 'retention.ms': '60000' } }]))[0]!.errorCode).toBe(0);
    await waitFor('retention to delete the hour-old segments of ret-0', async () => (await earliest(broker, 'ret')) === 8n, { timeoutMs: 10_000 });
  });

  it('checks names, values and the topic as Kafka does; validateOnly changes nothing', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 't', 1, { 'retention.ms': '1000000' });
    const results = await alter(broker, 1, [
      { type: TOPIC, name: 't', configs: { 'no.such.config': '1' } },
      { type: TOPIC, name: 'nope', configs: { 'retention.ms': '1' } },
      { type: TOPIC, name: '', configs: {} },
      { type: TOPIC, name: 'bad/name', configs: {} },
    ]);
    expect(results).toEqual([
      { name: 't', type: TOPIC, errorCode: E.INVALID_CONFIG, errorMessage: 'Unknown topic config name: no.such.config' },
      { name: 'nope', type: TOPIC, errorCode: E.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: "The topic 'nope' does not exist." },
      { name: '', type: TOPIC, errorCode: E.INVALID_REQUEST, errorMessage: 'Default topic resources are not allowed.' },
      { name: 'bad/name', type: TOPIC, errorCode: E.INVALID_TOPIC_EXCEPTION, errorMessage: expect.stringContaining('illegal') },
    ]);
    const badValue = await alter(broker, 0, [{ type: TOPIC, name: 't', configs: { 'retention.ms': 'soon' } }]);
    expect(badValue[0]).toMatchObject({ errorCode: E.INVALID_CONFIG, errorMessage: expect.stringContaining('retention.ms') });
    const crossField = await alter(broker, 0, [{ type: TOPIC, name: 't', configs: { 'min.compaction.lag.ms': '10', 'max.compaction.lag.ms': '5' } }]);
    expect(crossField[0]).toMatchObject({ errorCode: E.INVALID_CONFIG, errorMessage: expect.stringContaining('min.compaction.lag.ms') });
    expect((await alter(broker, 1, [{ type: TOPIC, name: 't', configs: { 'retention.ms': '5' } }], true))[0]!.errorCode).toBe(0);
    expect(await configsFrom(broker, TOPIC, 't', 1)).toEqual({ 'retention.ms': '1000000' });
  });

  it('preprocessing errors: duplicate resources, duplicate keys, null values, resource types it cannot alter', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 't', 1);
    const r = await call(
      broker,
      33,
      1,
      AlterConfigsRequest.create({
        resources: [
          { resourceType: TOPIC, resourceName: 't', configs: [{ name: 'retention.ms', value: '1' }] },
          { resourceType: TOPIC, resourceName: 'u', configs: [{ name: 'retention.ms', value: '1' }, { name: 'retention.ms', value: '2' }] },
          { resourceType: TOPIC, resourceName: 't', configs: [] },
          { resourceType: TOPIC, resourceName: 'v', configs: [{ name: 'retention.ms', value: null }, { name: 'segment.ms', value: null }] },
          { resourceType: 8, resourceName: '1', configs: [] },
        ],
      }),
    );
    expect(r.responses.map((x) => [x.resourceName, x.errorCode, x.errorMessage])).toEqual([
      ['t', E.INVALID_REQUEST, 'Each resource must appear at most once.'],
      ['u', E.INVALID_REQUEST, 'Error due to duplicate config keys'],
      ['t', E.INVALID_REQUEST, 'Each resource must appear at most once.'],
      ['v', E.INVALID_REQUEST, 'Null value not supported for : retention.ms, segment.ms'],
      ['1', E.INVALID_REQUEST, 'Unknown resource type 8'],
    ]);
    expect(await configsFrom(broker, TOPIC, 't', 1)).toEqual({});
  });
});

describe('AlterConfigs (33) on brokers', () => {
  it('dynamic cluster defaults and per-broker overrides become the topic defaults at once', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'plain', 1);
    await createTopic(broker, 'own', 1, { 'max.message.bytes': '5000' });
    expect(await alter(broker, 1, [{ type: BROKER, name: '', configs: { 'message.max.bytes': '1000' } }])).toEqual([{ name: '', type: BROKER, errorCode: 0, errorMessage: null }]);
    expect((await produce(broker, 'plain', 0, 1, 2000)).errorCode).toBe(E.MESSAGE_TOO_LARGE);
    expect((await produce(broker, 'own', 0, 1, 2000)).errorCode).toBe(0);
    // A per-broker override wins over the cluster default.
    expect((await alter(broker, 0, [{ type: BROKER, name: '1', configs: { 'message.max.bytes': '3000' } }]))[0]!.errorCode).toBe(0);
    expect((await produce(broker, 'plain', 0, 1, 2000)).errorCode).toBe(0);
    expect(await configsFrom(broker, BROKER, '', 3)).toEqual({ 'message.max.bytes': '1000' });
    expect((await configsFrom(broker, BROKER, '1', 2))['message.max.bytes']).toBe('3000');
    // Replace semantics: naming only log.retention.ms drops the per-broker message.max.bytes.
    expect((await alter(broker, 1, [{ type: BROKER, name: '1', configs: { 'log.retention.ms': '86400000' } }]))[0]!.errorCode).toBe(0);
    expect(await configsFrom(broker, BROKER, '1', 2)).toEqual({ 'log.retention.ms': '86400000' });
    expect((await produce(broker, 'plain', 0, 1, 2000)).errorCode).toBe(E.MESSAGE_TOO_LARGE);
  });

  it('refuses read-only and unknown keys, bad values and other brokers with INVALID_REQUEST', async () => {
    const { broker } = await brokers.start();
    const results = await alter(broker, 1, [
      { type: BROKER, name: '1', configs: { 'node.id': '2', 'num.partitions': '3' } },
      { type: BROKER, name: '', configs: { 'foo.bar': '1' } },
      { type: BROKER, name: '2', configs: { 'log.retention.ms': '1' } },
      { type: BROKER, name: 'x', configs: { 'log.retention.ms': '1' } },
    ]);
    expect(results.map((x) => [x.errorCode, x.errorMessage])).toEqual([
      [E.INVALID_REQUEST, 'Cannot update these configs dynamically: Set(node.id, num.partitions)'],
      [E.INVALID_REQUEST, 'Unknown broker configs: Set(foo.bar)'],
      [E.INVALID_REQUEST, 'Unexpected broker id, expected 1, but received 2'],
      [E.INVALID_REQUEST, 'Node id must be an integer, but it is: x'],
    ]);
    const bad = await alter(broker, 1, [
      { type: BROKER, name: '', configs: { 'log.retention.ms': 'abc' } },
      { type: BROKER, name: '1', configs: { 'log.cleanup.policy': 'shred' } },
    ]);
    expect(bad).toEqual([
      expect.objectContaining({ errorCode: E.INVALID_REQUEST, errorMessage: expect.stringContaining('log.retention.ms') }),
      expect.objectContaining({ errorCode: E.INVALID_REQUEST, errorMessage: expect.stringContaining('log.cleanup.policy') }),
    ]);
    expect(await configsFrom(broker, BROKER, '', 3)).toEqual({});
  });

  it('refuses a broker default that would make a topic\'s overrides invalid', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'lagged', 1, { 'min.compaction.lag.ms': '1000' });
    const r = await alter(broker, 1, [{ type: BROKER, name: '', configs: { 'log.cleaner.max.compaction.lag.ms': '500' } }]);
    expect(r[0]).toMatchObject({ errorCode: E.INVALID_REQUEST, errorMessage: expect.stringContaining('lagged') });
  });
});

describe('AlterConfigs through kafkajs 2.2.4', () => {
  it('alters a topic and the broker, then describes the change', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'kjs', 1);
    const admin = await kafkajsAdmin(b.bootstrap);
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          { type: TOPIC, name: 'kjs', configEntries: [{ name: 'retention.ms', value: '123456' }] },
          { type: BROKER, name: '1', configEntries: [{ name: 'log.retention.ms', value: '7200000' }] },
        ],
      });
      const d = await admin.describeConfigs({ resources: [{ type: TOPIC, name: 'kjs', configNames: ['retention.ms'] }, { type: BROKER, name: '1', configNames: ['log.retention.ms'] }], includeSynonyms: false });
      const values = d.resources.map((r) => [r.resourceName, r.configEntries[0]!.configName, r.configEntries[0]!.configValue, r.configEntries[0]!.configSource]);
      expect(values).toEqual(
        expect.arrayContaining([
          ['kjs', 'retention.ms', '123456', 1],
          ['1', 'log.retention.ms', '7200000', 2],
        ]),
      );
      await expect(admin.alterConfigs({ validateOnly: false, resources: [{ type: TOPIC, name: 'kjs', configEntries: [{ name: 'retention.ms', value: 'never' }] }] })).rejects.toMatchObject({
        type: 'INVALID_CONFIG',
      });
    } finally {
      await admin.disconnect();
    }
  });
});
