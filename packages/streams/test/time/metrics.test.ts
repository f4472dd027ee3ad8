import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogAndContinueExceptionHandler, Materialized, Serdes, StreamsBuilder, TimeWindows, Topology, serdeFrom, type Deserializer, type MetricName } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

const S = Serdes.String();
const props = { 'application.id': 'metrics-test', 'default.key.serde': S, 'default.value.serde': S };
const TAGS = { 'thread-id': 'main', 'task-id': '0_0' };
const metric = (name: string): MetricName => ({ name, group: 'stream-task-metrics', description: '', tags: TAGS });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('task-level metrics', () => {
  it('are Kafka\'s stream-task-metrics with thread-id and task-id tags, found by MetricName or by name', () => {
    const t = new Topology().addSource('src', 'input').addSink('sink', 'output', 'src');
    const driver = new TopologyTestDriver(t, props, 0);
    const input = driver.createInputTopic('input', S.serializer(), S.serializer());
    input.pipeInput('k', 'v', 1);
    input.pipeInput('k', 'v', 2);
    const metrics = driver.metrics();
    const names = [...metrics.keys()].map((m) => `${m.group}:${m.name}`).sort();
    expect(names).toEqual([
      'stream-task-metrics:dropped-records-rate',
      'stream-task-metrics:dropped-records-total',
      'stream-task-metrics:enforced-processing-rate',
      'stream-task-metrics:enforced-processing-total',
      'stream-task-metrics:process-rate',
      'stream-task-metrics:process-total',
    ]);
    for (const m of metrics.keys()) expect(m.tags).toEqual(TAGS);
    expect(metrics.get(metric('process-total'))).toBe(2);
    expect(metrics.get('process-total')).toBe(2);
    expect(metrics.get(metric('dropped-records-total'))).toBe(0);
    expect(metrics.get({ ...metric('process-total'), tags: { ...TAGS, 'task-id': '1_0' } })).toBeUndefined();
    expect(metrics.named('process-total')).toHaveLength(1);
    expect([...metrics.keys()].find((m) => m.name === 'dropped-records-total')!.description).toBe('The total number of dropped records');
    driver.close();
  });

  it('dropped-records counts every kind of skipped record in one sensor: deserialization errors, null keys, late window records', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const failing: Deserializer<string> = {
      deserialize: (_t, data) => {
        if (data?.toString() === 'bad') throw new Error('bad bytes');
        return data?.toString() ?? '';
      },
    };
    const b = new StreamsBuilder();
    // Count per key (null keys dropped by the aggregation) and per 10 ms window without grace (late records dropped).
    const input = b.stream<string, string>('input');
    input.groupByKey().count(Materialized.as<string, number>('counts'));
    input.groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count();
    const t = b.build();
    const driver = new TopologyTestDriver(t, { ...props, 'default.value.serde': serdeFrom(S.serializer(), failing), 'deserialization.exception.handler': new LogAndContinueExceptionHandler() }, 0);
    const pipe = driver.createInputTopic('input', S.serializer(), S.serializer());
    await pipe.pipeInput('a', 'x', 20);
    await pipe.pipeInput('a', 'bad', 21); // deserialization error, continued: 1
    await pipe.pipeInput(null, 'y', 22); // null key: dropped by both aggregations: 2
    await pipe.pipeInput('a', 'z', 5); // window [0,10) closed at stream time 22: 1
    expect(driver.metrics().get('dropped-records-total')).toBe(4);
    expect(driver.metrics().get('process-total')).toBe(3);
    expect(driver.getKeyValueStore<string, number>('counts')!.get('a')).toBe(2);
    await driver.close();
  });

  it('-rate is per second over Kafka\'s 2 x 30 s sample windows, on the driver\'s mock clock', () => {
    const t = new Topology().addSource('src', 'input').addSink('sink', 'output', 'src');
    const driver = new TopologyTestDriver(t, props, 0);
    const input = driver.createInputTopic('input', S.serializer(), S.serializer());
    for (let i = 0; i < 6; i++) input.pipeInput('k', 'v', i);
    // Right after start the elapsed time counts as one full window (30 s), as Kafka's Rate does.
    expect(driver.metrics().get('process-rate')).toBeCloseTo(6 / 30);
    driver.advanceWallClockTime(60_000);
    expect(driver.metrics().get('process-rate')).toBeCloseTo(6 / 60);
    driver.advanceWallClockTime(60_000);
    // The events are older than the 60 s window now.
    expect(driver.metrics().get('process-rate')).toBe(0);
    expect(driver.metrics().get('process-total')).toBe(6);
    driver.close();
  });
});
