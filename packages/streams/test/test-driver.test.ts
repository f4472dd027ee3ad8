import { describe, expect, it, vi } from 'vitest';
import { KeyValue, Serdes, StreamsBuilder, Topology } from '../src/index.js';
import { TestRecord, TopologyTestDriver } from '../src/testing/index.js';

const S = Serdes.String();
const props = { 'application.id': 'ttd', 'default.key.serde': S, 'default.value.serde': S };

function passThrough(): TopologyTestDriver {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('input').to('output');
  return new TopologyTestDriver(builder.build(), props, 0);
}

describe('TopologyTestDriver semantics (Kafka\'s kafka-streams-test-utils)', () => {
  it('input topics: start timestamp, auto-advance, explicit timestamps and advanceTime', () => {
    const driver = passThrough();
    const input = driver.createInputTopic('input', S.serializer(), S.serializer(), 1000, 5);
    const output = driver.createOutputTopic('output', S.deserializer(), S.deserializer());
    input.pipeInput('a', '1');
    input.pipeInput('b', '2');
    input.pipeInput('c', '3', 7);
    input.advanceTime(100);
    input.pipeInput('d', '4');
    input.pipeInput(new TestRecord('e', '5', [], new Date(42)));
    input.pipeInput('only-value');
    expect(output.readRecordsToList().map((r) => `${r.key()}=${r.value()}@${r.timestamp()}`)).toEqual([
      'a=1@1000', 'b=2@1005', 'c=3@7', 'd=4@1110', 'e=5@42', 'null=only-value@1115',
    ]);
  });

  it('pipeKeyValueList and pipeValueList, with and without a start time', () => {
    const driver = passThrough();
    const input = driver.createInputTopic('input', S.serializer(), S.serializer(), 0, 1);
    const output = driver.createOutputTopic('output', S.deserializer(), S.deserializer());
    input.pipeKeyValueList([KeyValue.pair('a', '1'), KeyValue.pair('b', '2')]);
    input.pipeKeyValueList([KeyValue.pair('c', '3'), KeyValue.pair('d', '4')], 500, 100);
    input.pipeValueList(['x', 'y'], 900, 10);
    input.pipeRecordList([new TestRecord('z', 'z', null, 3)]);
    expect(output.readRecordsToList().map((r) => `${r.key()}=${r.value()}@${r.timestamp()}`)).toEqual([
      'a=1@0', 'b=2@1', 'c=3@500', 'd=4@600', 'null=x@900', 'null=y@910', 'z=z@3',
    ]);
  });

  it('output topics: readValue, readKeyValue, readKeyValuesToMap (last value wins), sizes, errors', () => {
    const driver = passThrough();
    const input = driver.createInputTopic('input', S.serializer(), S.serializer(), 0);
    const output = driver.createOutputTopic('output', S.deserializer(), S.deserializer());
    input.pipeKeyValueList([KeyValue.pair('a', '1'), KeyValue.pair('b', '2'), KeyValue.pair('a', '3'), KeyValue.pair('c', '4')]);
    expect(output.getQueueSize()).toBe(4);
    expect(output.readValue()).toBe('1');
    expect(output.readKeyValue()).toEqual(KeyValue.pair('b', '2'));
    expect(output.readKeyValuesToMap()).toEqual(new Map([['a', '3'], ['c', '4']]));
    expect(output.isEmpty()).toBe(true);
    expect(() => output.readValue()).toThrow('Empty topic: output');
    input.pipeInput(null, 'no key');
    expect(() => output.readKeyValuesToMap()).toThrow('Null keys not allowed with readKeyValuesToMap method');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const never = driver.createOutputTopic('never-written', S.deserializer(), S.deserializer());
    expect(() => never.readRecord()).toThrow('Uninitialized topic: never-written');
    expect(never.isEmpty()).toBe(true);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('a pattern source takes every topic the pattern fully matches', () => {
    const t = new Topology().addSource('src', /in-.*/).addSink('sink', 'output', 'src');
    const driver = new TopologyTestDriver(t, props, 0);
    driver.createInputTopic('in-1', S.serializer(), S.serializer()).pipeInput('a', '1');
    driver.createInputTopic('in-2', S.serializer(), S.serializer()).pipeInput('b', '2');
    expect(() => driver.createInputTopic('xin-3', S.serializer(), S.serializer()).pipeInput('c', '3')).toThrow('Unknown topic: xin-3');
    expect(driver.createOutputTopic('output', S.deserializer(), S.deserializer()).readValuesToList()).toEqual(['1', '2']);
  });

  it('the application id defaults to dummy-topology-test-driver-app-id-<n>, naming repartition topics', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('input').repartition().to('output');
    const driver = new TopologyTestDriver(builder.build(), { 'default.key.serde': S, 'default.value.serde': S }, 0);
    driver.createInputTopic('input', S.serializer(), S.serializer()).pipeInput('k', 'v');
    const names = [...driver.producedTopicNames()].sort();
    expect(names[0]).toMatch(/^dummy-topology-test-driver-app-id--?\d+-KSTREAM-REPARTITION-0000000001-repartition$/);
    expect(names[1]).toBe('output');
  });

  it('a closed driver refuses input; closing twice is harmless', () => {
    const driver = passThrough();
    const input = driver.createInputTopic('input', S.serializer(), S.serializer());
    driver.close();
    driver.close();
    expect(() => input.pipeInput('k', 'v')).toThrow('TopologyTestDriver is closed');
  });
});
