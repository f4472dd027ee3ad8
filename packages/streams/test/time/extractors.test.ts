import { describe, expect, it } from 'vitest';
import {
  Consumed,
  FailOnInvalidTimestamp,
  LogAndSkipOnInvalidTimestamp,
  Serdes,
  StreamsBuilder,
  StreamsException,
  Topology,
  UsePartitionTimeOnInvalidTimestamp,
  WallclockTimestampExtractor,
  type ConsumerRecord,
  type TimestampExtractor,
} from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

const S = Serdes.String();
const props = { 'application.id': 'extractor-test', 'default.key.serde': S, 'default.value.serde': S };

/**
 * The test driver (like Kafka's) refuses negative record timestamps, so these tests carry the "stored" timestamp
 * in the value: the wrapped extractor sees a record whose timestamp is the value.
 */
function storedInValue(inner: TimestampExtractor): TimestampExtractor {
  return {
    extract: (r: ConsumerRecord<unknown, unknown>, partitionTime: number) => inner.extract({ ...r, timestamp: Number(r.value) }, partitionTime),
  };
}

function run(extractor: TimestampExtractor | undefined, extra: object = {}) {
  const t = new Topology().addSource('src', ['input'], extractor === undefined ? {} : { timestampExtractor: extractor }).addSink('sink', 'output', 'src');
  const driver = new TopologyTestDriver(t, { ...props, ...extra }, 0);
  const input = driver.createInputTopic('input', S.serializer(), S.serializer());
  const out = driver.createOutputTopic('output', S.deserializer(), S.deserializer());
  const read = () => out.readRecordsToList().map((r) => `${r.value()}@${r.timestamp()}`);
  return { driver, input, read, dropped: () => driver.metrics().get('dropped-records-total') };
}

describe('timestamp extractors', () => {
  it('default (FailOnInvalidTimestamp): the record timestamp; a negative one fails the task', () => {
    const ok = run(undefined);
    ok.input.pipeInput('k', 'v', 42);
    expect(ok.read()).toEqual(['v@42']);
    ok.driver.close();
    const { driver, input } = run(storedInValue(new FailOnInvalidTimestamp()));
    input.pipeInput('k', '7');
    let error: unknown;
    try {
      input.pipeInput('k', '-1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StreamsException);
    expect((error as StreamsException).code).toBe('INVALID_TIMESTAMP');
    expect((error as Error).message).toContain('has invalid (negative) timestamp');
  });

  it('LogAndSkipOnInvalidTimestamp drops records with a negative timestamp and counts them in dropped-records-total', () => {
    const { driver, input, read, dropped } = run(storedInValue(new LogAndSkipOnInvalidTimestamp()));
    input.pipeInput('k', '10');
    input.pipeInput('k', '-1');
    input.pipeInput('k', '-5');
    input.pipeInput('k', '20');
    expect(read()).toEqual(['10@10', '20@20']);
    expect(dropped()).toBe(2);
    expect(driver.metrics().get('process-total')).toBe(2);
    driver.close();
  });

  it('UsePartitionTimeOnInvalidTimestamp gives a negative-timestamp record the partition time (the largest processed), failing while it is unknown', () => {
    const { driver, input, read } = run(storedInValue(new UsePartitionTimeOnInvalidTimestamp()));
    expect(() => input.pipeInput('k', '-1')).toThrow('Could not infer new timestamp for input record because partition time is unknown.');
    expect(read()).toEqual([]);
    const again = run(storedInValue(new UsePartitionTimeOnInvalidTimestamp()));
    again.input.pipeInput('k', '100');
    again.input.pipeInput('k', '50');
    again.input.pipeInput('k', '-1');
    expect(again.read()).toEqual(['100@100', '50@50', '-1@100']);
    expect(again.dropped()).toBe(0);
    again.driver.close();
  });

  it('WallclockTimestampExtractor stamps records with the real wall clock (not the driver\'s mock clock)', () => {
    const { driver, input, read } = run(new WallclockTimestampExtractor());
    const before = Date.now();
    input.pipeInput('k', 'v', 5);
    const after = Date.now();
    const ts = Number(read()[0]!.split('@')[1]);
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(after);
    driver.close();
  });

  it('an extractor sees the partition time: -1 before the first record, then the largest timestamp processed', () => {
    const seen: number[] = [];
    const { driver, input, read } = run({ extract: (r, pt) => (seen.push(pt), r.timestamp) });
    for (const ts of [30, 10, 40, 20]) input.pipeInput('k', String(ts), ts);
    expect(seen).toEqual([-1, 30, 30, 40]);
    expect(read()).toEqual(['30@30', '10@10', '40@40', '20@20']);
    driver.close();
  });

  it('per source: Consumed.with(extractor) and addSource options win over default.timestamp.extractor', () => {
    const fromValue: TimestampExtractor = { extract: (r) => Number(r.value) };
    const plus1000: TimestampExtractor = { extract: (r) => r.timestamp + 1000 };
    const builder = new StreamsBuilder();
    builder.stream<string, string>('a', Consumed.with(fromValue)).to('out-a');
    builder.stream<string, string>('b').to('out-b');
    const driver = new TopologyTestDriver(builder.build(), { ...props, 'default.timestamp.extractor': plus1000, 'max.task.idle.ms': -1 }, 0);
    driver.createInputTopic('a', S.serializer(), S.serializer()).pipeInput('k', '77', 5);
    driver.createInputTopic('b', S.serializer(), S.serializer()).pipeInput('k', '77', 5);
    expect(driver.createOutputTopic('out-a', S.deserializer(), S.deserializer()).readRecord().timestamp()).toBe(77);
    expect(driver.createOutputTopic('out-b', S.deserializer(), S.deserializer()).readRecord().timestamp()).toBe(1005);
    driver.close();
    const t = new Topology().addSource('src', ['input'], { timestampExtractor: fromValue }).addSink('sink', 'output', 'src');
    const d2 = new TopologyTestDriver(t, { ...props, 'default.timestamp.extractor': plus1000 }, 0);
    d2.createInputTopic('input', S.serializer(), S.serializer()).pipeInput('k', '33', 5);
    expect(d2.createOutputTopic('output', S.deserializer(), S.deserializer()).readRecord().timestamp()).toBe(33);
    d2.close();
  });
});
