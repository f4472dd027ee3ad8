import { describe, expect, it } from 'vitest';
import { PunctuationType, Serdes, Topology, type Processor, type ProcessorContext, type Record } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

const S = Serdes.String();
const props = { 'application.id': 'time-test', 'default.key.serde': S, 'default.value.serde': S };

/** Forwards each record with what the processor saw: `value@timestamp st=<stream time>`. */
function observer(punctuations?: number[], intervalMs = 10): () => Processor<string, string, string, string> {
  return () => {
    let ctx!: ProcessorContext<string, string>;
    return {
      init(c) {
        ctx = c;
        if (punctuations !== undefined) c.schedule(intervalMs, PunctuationType.STREAM_TIME, (t) => void punctuations.push(t));
      },
      process: (r: Record<string, string>) => void ctx.forward(r.withValue(`${r.value()}@${r.timestamp()} st=${ctx.currentStreamTimeMs()}`)),
    };
  };
}

function twoTopicTopology(): Topology {
  return new Topology().addSource('a', 'left').addSource('b', 'right').addProcessor('obs', observer(), 'a', 'b').addSink('sink', 'output', 'obs');
}

describe('stream time', () => {
  it('out-of-order records keep their own timestamps and never move stream time back', () => {
    const t = new Topology().addSource('src', 'input').addProcessor('obs', observer(), 'src').addSink('sink', 'output', 'obs');
    const driver = new TopologyTestDriver(t, props, 0);
    const input = driver.createInputTopic('input', S.serializer(), S.serializer());
    for (const [v, ts] of [['a', 10], ['b', 30], ['late', 20], ['c', 40], ['later', 5]] as const) input.pipeInput('k', v, ts);
    const out = driver.createOutputTopic('output', S.deserializer(), S.deserializer());
    expect(out.readRecordsToList().map((r) => `${r.value()} -> ${r.timestamp()}`)).toEqual([
      'a@10 st=10 -> 10',
      'b@30 st=30 -> 30',
      'late@20 st=30 -> 20',
      'c@40 st=40 -> 40',
      'later@5 st=40 -> 5',
    ]);
    driver.close();
  });

  it('stream-time punctuation fires on the stream time, once per gap, and not for late records', () => {
    const punctuations: number[] = [];
    const t = new Topology().addSource('src', 'input').addProcessor('obs', observer(punctuations, 10), 'src').addSink('sink', 'output', 'obs');
    const driver = new TopologyTestDriver(t, props, 0);
    const input = driver.createInputTopic('input', S.serializer(), S.serializer());
    input.pipeInput('k', 'v', 5);
    input.pipeInput('k', 'v', 3);
    expect(punctuations).toEqual([5]);
    input.pipeInput('k', 'v', 12);
    input.pipeInput('k', 'v', 8);
    expect(punctuations).toEqual([5, 12]);
    // A gap of more than two intervals: one punctuation at 31, the next due at 40 (Kafka's missed-interval rule).
    input.pipeInput('k', 'v', 31);
    input.pipeInput('k', 'v', 39);
    expect(punctuations).toEqual([5, 12, 31]);
    input.pipeInput('k', 'v', 40);
    expect(punctuations).toEqual([5, 12, 31, 40]);
    driver.close();
  });

  it('a task with two input topics takes the head record with the smallest timestamp; stream time is the max over both', () => {
    // max.task.idle.ms > 0: the driver waits for both topics to have data (Kafka's driver does the same).
    const driver = new TopologyTestDriver(twoTopicTopology(), { ...props, 'max.task.idle.ms': 1000 }, 0);
    const left = driver.createInputTopic('left', S.serializer(), S.serializer());
    const right = driver.createInputTopic('right', S.serializer(), S.serializer());
    const out = driver.createOutputTopic('output', S.deserializer(), S.deserializer());
    left.pipeInput('k', 'L10', 10);
    left.pipeInput('k', 'L30', 30);
    expect(out.isEmpty()).toBe(true);
    right.pipeInput('k', 'R20', 20);
    // L10 (both buffered), R20 (both buffered), then L30 would run with "right" empty: it waits.
    expect(out.readValuesToList()).toEqual(['L10@10 st=10', 'R20@20 st=20']);
    right.pipeInput('k', 'R5', 5);
    // Out of order within "right": still chosen first by its head timestamp, stream time stays 20.
    expect(out.readValuesToList()).toEqual(['R5@5 st=20']);
    driver.close();
  });
});

describe('max.task.idle.ms on the test driver', () => {
  function run(idle: number | undefined) {
    const driver = new TopologyTestDriver(twoTopicTopology(), idle === undefined ? props : { ...props, 'max.task.idle.ms': idle }, 1_000);
    const left = driver.createInputTopic('left', S.serializer(), S.serializer());
    const right = driver.createInputTopic('right', S.serializer(), S.serializer());
    const out = driver.createOutputTopic('output', S.deserializer(), S.deserializer());
    const enforced = () => driver.metrics().get('enforced-processing-total');
    return { driver, left, right, out, enforced };
  }

  it('waits up to max.task.idle.ms of wall-clock time for an empty topic, then processes anyway (enforced processing)', () => {
    const { driver, left, right, out, enforced } = run(500);
    left.pipeInput('k', 'L1', 100);
    left.pipeInput('k', 'L2', 200);
    expect(out.isEmpty()).toBe(true);
    driver.advanceWallClockTime(499);
    expect(out.isEmpty()).toBe(true);
    expect(enforced()).toBe(0);
    driver.advanceWallClockTime(1);
    expect(out.readValuesToList()).toEqual(['L1@100 st=100', 'L2@200 st=200']);
    expect(enforced()).toBe(2);
    // Data on the other topic ends the wait; a new wait starts when a topic is empty again.
    right.pipeInput('k', 'R1', 150);
    expect(out.isEmpty()).toBe(true);
    left.pipeInput('k', 'L3', 300);
    expect(out.readValuesToList()).toEqual(['R1@150 st=200']);
    driver.advanceWallClockTime(500);
    expect(out.readValuesToList()).toEqual(['L3@300 st=300']);
    expect(enforced()).toBe(3);
    driver.close();
  });

  it('0 (the default): the driver\'s topics are caught up, so records run at once - counted as enforced while another topic is empty', () => {
    const { driver, left, right, out, enforced } = run(undefined);
    left.pipeInput('k', 'L1', 100);
    expect(out.readValuesToList()).toEqual(['L1@100 st=100']);
    expect(enforced()).toBe(1);
    right.pipeInput('k', 'R1', 50);
    expect(out.readValuesToList()).toEqual(['R1@50 st=100']);
    expect(enforced()).toBe(2);
    driver.close();
  });

  it('-1 disables waiting: records run at once and nothing counts as enforced', () => {
    const { driver, left, out, enforced } = run(-1);
    left.pipeInput('k', 'L1', 100);
    left.pipeInput('k', 'L2', 90);
    expect(out.readValuesToList()).toEqual(['L1@100 st=100', 'L2@90 st=100']);
    expect(enforced()).toBe(0);
    expect(driver.metrics().get('process-total')).toBe(2);
    driver.close();
  });

  it('rejects values below -1', () => {
    expect(() => new TopologyTestDriver(twoTopicTopology(), { ...props, 'max.task.idle.ms': -2 })).toThrow(/max.task.idle.ms/);
  });
});
