import { IncrementalAlterConfigsRequest, ProduceRequest, encodeRecordBatch } from '@tributary/protocol';
import type { Broker } from '@tributary/broker';
import { describe, expect, it } from 'vitest';
import { E, call, configsFrom, createTopic, produce, useBrokers } from './harness.js';

const brokers = useBrokers();
const TOPIC = 2;
const BROKER = 4;
const BROKER_LOGGER = 8;
const Op = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 };

type OpSpec = [name: string, op: number, value: string | null];

async function incremental(broker: Broker, version: number, resources: Array<{ type: number; name: string; ops: OpSpec[] }>, validateOnly = false) {
  const r = await call(
    broker,
    44,
    version,
    IncrementalAlterConfigsRequest.create({
      resources: resources.map((x) => ({ resourceType: x.type, resourceName: x.name, configs: x.ops.map(([name, configOperation, value]) => ({ name, configOperation, value })) })),
      validateOnly,
    }),
  );
  return r.responses.map((x) => [x.resourceName, x.errorCode, x.errorMessage]);
}

describe('IncrementalAlterConfigs (44)', () => {
  for (const version of [0, 1]) {
    it(`v${version}: SET, DELETE, APPEND and SUBTRACT change only the named topic configs`, async () => {
      const { broker } = await brokers.start();
      await createTopic(broker, 't', 1, { 'retention.ms': '1000000' });
      expect(await incremental(broker, version, [{ type: TOPIC, name: 't', ops: [['cleanup.policy', Op.APPEND, 'compact'], ['segment.ms', Op.SET, '60000']] }])).toEqual([['t', 0, null]]);
      // APPEND starts from the value in force (the default "delete").
      expect(await configsFrom(broker, TOPIC, 't', 1)).toEqual({ 'retention.ms': '1000000', 'cleanup.policy': 'delete,compact', 'segment.ms': '60000' });
      expect((await produce(broker, 't', 0, 1)).errorCode).toBe(0);
      expect(await incremental(broker, version, [{ type: TOPIC, name: 't', ops: [['cleanup.policy', Op.SUBTRACT, 'delete'], ['retention.ms', Op.DELETE, null]] }])).toEqual([['t', 0, null]]);
      expect(await configsFrom(broker, TOPIC, 't', 1)).toEqual({ 'cleanup.policy': 'compact', 'segment.ms': '60000' });
      // Now compacted: the log refuses records without a key.
      const keyless = await call(
        broker,
        0,
        8,
        ProduceRequest.create({ acks: 1, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records: encodeRecordBatch({ records: [{ value: Buffer.from('x') }] }) }] }] }),
      );
      expect(keyless.responses[0]!.partitionResponses[0]!.errorCode).toBe(E.INVALID_RECORD);
      expect(await incremental(broker, version, [{ type: TOPIC, name: 't', ops: [['cleanup.policy', Op.DELETE, null]] }])).toEqual([['t', 0, null]]);
      expect(await configsFrom(broker, TOPIC, 't', 1)).toEqual({ 'segment.ms': '60000' });
    });
  }

  it('APPEND/SUBTRACT on a non-list config is INVALID_CONFIG; unknown operations and missing values INVALID_REQUEST', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 't', 1);
    expect(
      await incremental(broker, 1, [
        { type: TOPIC, name: 't', ops: [['retention.ms', Op.APPEND, '5']] },
        { type: BROKER, name: '', ops: [['log.retention.ms', Op.SUBTRACT, '5']] },
        { type: TOPIC, name: 'u', ops: [['retention.ms', 9, '5']] },
        { type: TOPIC, name: 'v', ops: [['retention.ms', Op.SET, null]] },
        { type: TOPIC, name: 'w', ops: [['retention.ms', Op.DELETE, null]] },
      ]),
    ).toEqual([
      ['t', E.INVALID_CONFIG, "Can't APPEND to key retention.ms because its type is not LIST."],
      ['', E.INVALID_CONFIG, 'Config value subtract is not allowed for config key: log.retention.ms'],
      ['u', E.INVALID_REQUEST, 'Unknown operations type 9'],
      ['v', E.INVALID_REQUEST, 'Null value not supported for : retention.ms'],
      ['w', E.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'w' does not exist."],
    ]);
  });

  it('alters dynamic broker configs, list operations included; validateOnly changes nothing', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'plain', 1);
    expect(await incremental(broker, 1, [{ type: BROKER, name: '', ops: [['log.cleanup.policy', Op.APPEND, 'compact']] }], true)).toEqual([['', 0, null]]);
    expect(await configsFrom(broker, BROKER, '', 3)).toEqual({});
    expect(await incremental(broker, 1, [{ type: BROKER, name: '', ops: [['log.cleanup.policy', Op.APPEND, 'compact'], ['message.max.bytes', Op.SET, '1000']] }])).toEqual([['', 0, null]]);
    expect(await configsFrom(broker, BROKER, '', 3)).toEqual({ 'log.cleanup.policy': 'delete,compact', 'message.max.bytes': '1000' });
    expect((await configsFrom(broker, TOPIC, 'plain', 3))['cleanup.policy']).toBe('delete,compact');
    expect((await produce(broker, 'plain', 0, 1, 2000)).errorCode).toBe(E.MESSAGE_TOO_LARGE);
    expect(await incremental(broker, 0, [{ type: BROKER, name: '', ops: [['message.max.bytes', Op.DELETE, null]] }])).toEqual([['', 0, null]]);
    expect(await configsFrom(broker, BROKER, '', 3)).toEqual({ 'log.cleanup.policy': 'delete,compact' });
    expect((await produce(broker, 'plain', 0, 1, 2000)).errorCode).toBe(0);
    expect(await incremental(broker, 1, [{ type: BROKER, name: '1', ops: [['background.threads', Op.SET, '3']] }])).toEqual([
      ['1', E.INVALID_REQUEST, 'Cannot update these configs dynamically: Set(background.threads)'],
    ]);
  });

  it('broker loggers: Kafka\'s resource-name checks; there are no loggers to change', async () => {
    const { broker } = await brokers.start();
    expect(
      await incremental(broker, 1, [
        { type: BROKER_LOGGER, name: '1', ops: [] },
        { type: BROKER_LOGGER, name: '1 ', ops: [['root', Op.SET, 'DEBUG']] },
        { type: BROKER_LOGGER, name: '2', ops: [['root', Op.SET, 'DEBUG']] },
      ]),
    ).toEqual([
      ['1', 0, null],
      ['1 ', E.INVALID_REQUEST, 'Node id must be an integer, but it is: 1 '],
      ['2', E.INVALID_REQUEST, 'Unexpected broker id, expected 1, but received 2'],
    ]);
    expect(await incremental(broker, 0, [{ type: BROKER_LOGGER, name: '1', ops: [['root', Op.SET, 'DEBUG']] }])).toEqual([['1', E.INVALID_CONFIG, 'Logger root does not exist!']]);
  });
});
