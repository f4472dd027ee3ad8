import { DescribeConfigsRequest, IncrementalAlterConfigsRequest, type DescribeConfigsResponseDescribeConfigsResourceResult } from '@tributary/protocol';
import { CONFIG_TABLE } from '@tributary/storage';
import { brokerConfigDef } from '@tributary/broker';
import { describe, expect, it } from 'vitest';
import { E, call, createTopic, kafkajsAdmin, useBrokers } from './harness.js';

const brokers = useBrokers();

const TOPIC = 2;
const BROKER = 4;
const BROKER_LOGGER = 8;
const Source = { TOPIC: 1, DYNAMIC_BROKER: 2, DYNAMIC_DEFAULT: 3, STATIC: 4, DEFAULT: 5 };

/** A broker whose server.properties sets log.segment.bytes, with topic `cfg` overriding retention.ms. */
async function setup() {
  const b = await brokers.start({ 'log.segment.bytes': 1048576 });
  await createTopic(b.broker, 'cfg', 1, { 'retention.ms': '3600000' });
  return b;
}

function byName(configs: readonly DescribeConfigsResponseDescribeConfigsResourceResult[]) {
  return new Map(configs.map((c) => [c.name, c]));
}

async function describeTopic(b: Awaited<ReturnType<typeof setup>>, version: number, init: Partial<{ includeSynonyms: boolean; includeDocumentation: boolean; keys: string[] | null }> = {}) {
  const r = await call(
    b.broker,
    32,
    version,
    DescribeConfigsRequest.create({
      resources: [{ resourceType: TOPIC, resourceName: 'cfg', configurationKeys: init.keys ?? null }],
      includeSynonyms: init.includeSynonyms ?? false,
      includeDocumentation: init.includeDocumentation ?? false,
    }),
  );
  expect(r.results).toHaveLength(1);
  expect(r.results[0]!).toMatchObject({ errorCode: 0, errorMessage: null, resourceType: TOPIC, resourceName: 'cfg' });
  return byName(r.results[0]!.configs);
}

describe('DescribeConfigs (32) for topics', () => {
  it('v0: every topic config, defaults included, with isDefault', async () => {
    const b = await setup();
    const configs = await describeTopic(b, 0);
    expect([...configs.keys()].sort()).toEqual(CONFIG_TABLE.map((r) => r.name).sort());
    expect(configs.get('retention.ms')).toMatchObject({ value: '3600000', isDefault: false, readOnly: false, isSensitive: false, configSource: -1, synonyms: [] });
    expect(configs.get('segment.bytes')).toMatchObject({ value: '1048576', isDefault: false });
    expect(configs.get('cleanup.policy')).toMatchObject({ value: 'delete', isDefault: true });
    expect(configs.get('max.compaction.lag.ms')).toMatchObject({ value: '9223372036854775807', isDefault: true });
  });

  for (const version of [1, 2]) {
    it(`v${version}: configSource, and synonyms only with includeSynonyms`, async () => {
      const b = await setup();
      const plain = await describeTopic(b, version);
      expect(plain.get('retention.ms')).toMatchObject({ value: '3600000', configSource: Source.TOPIC, isDefault: false, synonyms: [] });
      expect(plain.get('segment.bytes')).toMatchObject({ configSource: Source.STATIC, synonyms: [] });
      const withSynonyms = await describeTopic(b, version, { includeSynonyms: true });
      // The override only: log.retention.ms is unset and the hours default is not its synonym (Kafka drops it).
      expect(withSynonyms.get('retention.ms')!.synonyms).toEqual([{ name: 'retention.ms', value: '3600000', source: Source.TOPIC }]);
      expect(withSynonyms.get('segment.bytes')!.synonyms).toEqual([
        { name: 'log.segment.bytes', value: '1048576', source: Source.STATIC },
        { name: 'log.segment.bytes', value: '1073741824', source: Source.DEFAULT },
      ]);
      expect(withSynonyms.get('cleanup.policy')).toMatchObject({ value: 'delete', configSource: Source.DEFAULT, synonyms: [{ name: 'log.cleanup.policy', value: 'delete', source: Source.DEFAULT }] });
      expect(withSynonyms.get('leader.replication.throttled.replicas')).toMatchObject({ value: '', configSource: Source.DEFAULT, synonyms: [] });
      // v1-2 have no configType/documentation: a client decodes the spec defaults.
      expect(withSynonyms.get('cleanup.policy')).toMatchObject({ configType: 0, documentation: '' });
    });
  }

  it('v3: configType always, documentation only with includeDocumentation', async () => {
    const b = await setup();
    const plain = await describeTopic(b, 3, { includeSynonyms: true });
    expect(plain.get('retention.ms')).toMatchObject({ configType: 5, documentation: null });
    expect(plain.get('cleanup.policy')).toMatchObject({ configType: 7 });
    expect(plain.get('preallocate')).toMatchObject({ configType: 1 });
    expect(plain.get('segment.bytes')).toMatchObject({ configType: 3 });
    expect(plain.get('min.cleanable.dirty.ratio')).toMatchObject({ configType: 6, value: '0.5' });
    expect(plain.get('compression.type')).toMatchObject({ configType: 2 });
    const documented = await describeTopic(b, 3, { includeDocumentation: true });
    for (const c of documented.values()) expect(c.documentation, c.name).toMatch(/\w+/);
  });

  it('configurationKeys filters; null or empty lists everything', async () => {
    const b = await setup();
    expect([...(await describeTopic(b, 1, { keys: ['retention.ms', 'no.such.config'] })).keys()]).toEqual(['retention.ms']);
    expect((await describeTopic(b, 1, { keys: [] })).size).toBe(CONFIG_TABLE.length);
  });

  it('per-resource errors: unknown topic (code only), illegal name, unsupported resource type', async () => {
    const b = await setup();
    const r = await call(
      b.broker,
      32,
      1,
      DescribeConfigsRequest.create({
        resources: [
          { resourceType: TOPIC, resourceName: 'nope', configurationKeys: null },
          { resourceType: TOPIC, resourceName: '', configurationKeys: null },
          { resourceType: 32, resourceName: 'group', configurationKeys: null },
          { resourceType: TOPIC, resourceName: 'cfg', configurationKeys: ['retention.ms'] },
        ],
      }),
    );
    expect(r.results.map((x) => [x.resourceName, x.errorCode, x.errorMessage, x.configs.length])).toEqual([
      ['nope', E.UNKNOWN_TOPIC_OR_PARTITION, null, 0],
      ['', E.INVALID_TOPIC_EXCEPTION, "Topic name is illegal, it can't be empty", 0],
      ['group', E.INVALID_REQUEST, 'Unsupported resource type: 32', 0],
      ['cfg', 0, null, 1],
    ]);
  });

  it('shows dynamic broker defaults as the synonyms of topic configs', async () => {
    const b = await setup();
    const alter = await call(
      b.broker,
      44,
      0,
      IncrementalAlterConfigsRequest.create({
        resources: [
          { resourceType: BROKER, resourceName: '', configs: [{ name: 'log.segment.bytes', configOperation: 0, value: '2097152' }] },
          { resourceType: BROKER, resourceName: '1', configs: [{ name: 'log.segment.bytes', configOperation: 0, value: '4194304' }] },
        ],
      }),
    );
    expect(alter.responses.map((x) => x.errorCode)).toEqual([0, 0]);
    const configs = await describeTopic(b, 2, { includeSynonyms: true, keys: ['segment.bytes'] });
    expect(configs.get('segment.bytes')).toMatchObject({
      value: '4194304',
      configSource: Source.DYNAMIC_BROKER,
      synonyms: [
        { name: 'log.segment.bytes', value: '4194304', source: Source.DYNAMIC_BROKER },
        { name: 'log.segment.bytes', value: '2097152', source: Source.DYNAMIC_DEFAULT },
        { name: 'log.segment.bytes', value: '1048576', source: Source.STATIC },
        { name: 'log.segment.bytes', value: '1073741824', source: Source.DEFAULT },
      ],
    });
  });
});

describe('DescribeConfigs (32) for brokers and broker loggers', () => {
  async function describeBroker(b: Awaited<ReturnType<typeof setup>>, version: number, name: string, includeSynonyms = true) {
    const r = await call(b.broker, 32, version, DescribeConfigsRequest.create({ resources: [{ resourceType: BROKER, resourceName: name, configurationKeys: null }], includeSynonyms }));
    return r.results[0]!;
  }

  for (const version of [0, 1, 2, 3]) {
    it(`v${version}: this broker's id lists every key with its value in force, read-only unless dynamic`, async () => {
      const b = await setup();
      const result = await describeBroker(b, version, '1');
      expect(result.errorCode).toBe(0);
      const configs = byName(result.configs);
      expect([...configs.keys()].sort()).toEqual(brokerConfigDef.names());
      const segment = configs.get('log.segment.bytes')!;
      expect(segment).toMatchObject({ value: '1048576', readOnly: false });
      expect(configs.get('node.id')).toMatchObject({ value: '1', readOnly: true });
      expect(configs.get('num.partitions')).toMatchObject({ value: '1', readOnly: true });
      expect(configs.get('log.retention.ms')).toMatchObject({ value: null, readOnly: false });
      expect(configs.get('log.retention.hours')).toMatchObject({ value: '168', readOnly: true });
      expect(configs.get('log.cleaner.max.compaction.lag.ms')).toMatchObject({ value: '9223372036854775807' });
      if (version === 0) {
        expect(segment).toMatchObject({ isDefault: false, configSource: -1, synonyms: [] });
        expect(configs.get('num.partitions')).toMatchObject({ isDefault: true });
      } else {
        expect(segment).toMatchObject({ isDefault: false, configSource: Source.STATIC });
        expect(segment.synonyms).toEqual([
          { name: 'log.segment.bytes', value: '1048576', source: Source.STATIC },
          { name: 'log.segment.bytes', value: '1073741824', source: Source.DEFAULT },
        ]);
        expect(configs.get('log.retention.ms')).toMatchObject({ configSource: Source.DEFAULT, synonyms: [] });
        expect(configs.get('log.retention.hours')!.synonyms).toEqual([{ name: 'log.retention.hours', value: '168', source: Source.DEFAULT }]);
      }
      if (version === 3) expect(segment).toMatchObject({ configType: 3 });
    });
  }

  it("'' lists only the dynamic cluster defaults, with that source", async () => {
    const b = await setup();
    expect((await describeBroker(b, 1, '')).configs).toEqual([]);
    await call(
      b.broker,
      44,
      0,
      IncrementalAlterConfigsRequest.create({ resources: [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.retention.ms', configOperation: 0, value: '7200000' }] }] }),
    );
    const result = await describeBroker(b, 1, '');
    expect(result.configs).toEqual([
      expect.objectContaining({ name: 'log.retention.ms', value: '7200000', configSource: Source.DYNAMIC_DEFAULT, readOnly: false, synonyms: [{ name: 'log.retention.ms', value: '7200000', source: Source.DYNAMIC_DEFAULT }] }),
    ]);
    const perBroker = byName((await describeBroker(b, 1, '1')).configs);
    expect(perBroker.get('log.retention.ms')).toMatchObject({ value: '7200000', configSource: Source.DYNAMIC_DEFAULT });
  });

  it('another broker id or a non-integer name is INVALID_REQUEST with Kafka\'s message', async () => {
    const b = await setup();
    expect(await describeBroker(b, 1, '2')).toMatchObject({ errorCode: E.INVALID_REQUEST, errorMessage: 'Unexpected broker id, expected 1 or empty string, but received 2', configs: [] });
    expect(await describeBroker(b, 1, 'x')).toMatchObject({ errorCode: E.INVALID_REQUEST, errorMessage: 'Broker id must be an integer, but it is: x' });
  });

  it('broker loggers: none for this broker; empty name or another id is INVALID_REQUEST', async () => {
    const b = await setup();
    const r = await call(
      b.broker,
      32,
      2,
      DescribeConfigsRequest.create({
        resources: [
          { resourceType: BROKER_LOGGER, resourceName: '1', configurationKeys: null },
          { resourceType: BROKER_LOGGER, resourceName: '', configurationKeys: null },
          { resourceType: BROKER_LOGGER, resourceName: '3', configurationKeys: null },
        ],
      }),
    );
    expect(r.results.map((x) => [x.errorCode, x.errorMessage, x.configs.length])).toEqual([
      [0, null, 0],
      [E.INVALID_REQUEST, 'Broker id must not be empty', 0],
      [E.INVALID_REQUEST, 'Unexpected broker id, expected 1 but received 3', 0],
    ]);
  });
});

describe('DescribeConfigs through kafkajs 2.2.4', () => {
  it('describes a topic with synonyms and this broker', async () => {
    const b = await setup();
    const admin = await kafkajsAdmin(b.bootstrap);
    try {
      const topic = await admin.describeConfigs({ resources: [{ type: TOPIC, name: 'cfg', configNames: ['retention.ms', 'segment.bytes', 'cleanup.policy'] }], includeSynonyms: true });
      const entries = new Map(topic.resources[0]!.configEntries.map((e) => [e.configName, e]));
      expect(entries.get('retention.ms')).toMatchObject({ configValue: '3600000', isDefault: false, configSource: Source.TOPIC, configSynonyms: [{ configName: 'retention.ms', configValue: '3600000', configSource: Source.TOPIC }] });
      expect(entries.get('segment.bytes')).toMatchObject({ configValue: '1048576', configSource: Source.STATIC });
      expect(entries.get('cleanup.policy')).toMatchObject({ configValue: 'delete', isDefault: true, configSource: Source.DEFAULT });
      const broker = await admin.describeConfigs({ resources: [{ type: BROKER, name: '1', configNames: ['log.segment.bytes', 'node.id'] }], includeSynonyms: false });
      const brokerEntries = new Map(broker.resources[0]!.configEntries.map((e) => [e.configName, e]));
      expect(brokerEntries.get('log.segment.bytes')).toMatchObject({ configValue: '1048576', readOnly: false, configSynonyms: [] });
      expect(brokerEntries.get('node.id')).toMatchObject({ configValue: '1', readOnly: true });
    } finally {
      await admin.disconnect();
    }
  });
});
