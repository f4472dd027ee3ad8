import { describe, expect, it } from 'vitest';
import {
  Headers,
  KeyValue,
  LogAndContinueExceptionHandler,
  LogAndFailExceptionHandler,
  PunctuationType,
  Record,
  Serdes,
  StreamsException,
  Topology,
  type Processor,
  type ProcessorContext,
  type StateStore,
  type StoreBuilder,
} from '../src/index.js';
import { TestRecord, TopologyTestDriver } from '../src/testing/index.js';

const S = Serdes.String();
const props = { 'application.id': 'papi-test', 'default.key.serde': S, 'default.value.serde': S };

/** A processor from a process function, keeping its context. */
function proc<KO = string, VO = string>(
  body: (ctx: ProcessorContext<KO, VO>, r: Record<string, string>) => void | Promise<void>,
  init?: (ctx: ProcessorContext<KO, VO>) => void,
): () => Processor<string, string, KO, VO> {
  return () => {
    let ctx!: ProcessorContext<KO, VO>;
    return {
      init(c) {
        ctx = c;
        init?.(c);
      },
      process: (r) => body(ctx, r),
    };
  };
}

function driverFor(t: Topology, extra = {}) {
  const driver = new TopologyTestDriver(t, { ...props, ...extra }, 1_000);
  const input = driver.createInputTopic('input', S.serializer(), S.serializer(), 0, 1);
  const out = (topic = 'output') => driver.createOutputTopic(topic, S.deserializer(), S.deserializer());
  return { driver, input, out };
}

describe('Processor API on the test driver', () => {
  it('source -> processor -> sink, keeping timestamps and headers', () => {
    const t = new Topology()
      .addSource('src', 'input')
      .addProcessor('upper', proc((ctx, r) => void ctx.forward(r.withValue(r.value().toUpperCase()))), 'src')
      .addSink('sink', 'output', 'upper');
    const { driver, input, out } = driverFor(t);
    input.pipeInput(new TestRecord('k1', 'hello', [{ key: 'h', value: Buffer.from('x') }], 42));
    input.pipeInput('k2', 'world');
    const output = out();
    const first = output.readRecord();
    expect(first).toEqual(new TestRecord('k1', 'HELLO', [{ key: 'h', value: Buffer.from('x') }], 42));
    expect(output.readRecord()).toEqual(new TestRecord('k2', 'WORLD', [], 0));
    expect(output.isEmpty()).toBe(true);
    expect(() => output.readRecord()).toThrow('Empty topic: output');
    driver.close();
  });

  it('forwards depth first, children in the order they were added, and to a named child', () => {
    const log: string[] = [];
    const tap = (name: string) => proc((ctx, r) => {
      log.push(`${name}:${r.value()}`);
      return ctx.forward(r);
    });
    const t = new Topology()
      .addSource('src', 'input')
      .addProcessor('A', tap('A'), 'src')
      .addProcessor('A1', tap('A1'), 'A')
      .addProcessor('B', tap('B'), 'src')
      .addProcessor('A2', tap('A2'), 'A')
      .addProcessor('router', proc((ctx, r) => ctx.forward(r, r.value() === 'x' ? 'toX' : 'toY')), 'src')
      .addProcessor('toX', tap('toX'), 'router')
      .addProcessor('toY', tap('toY'), 'router');
    const { input } = driverFor(t);
    input.pipeInput('k', 'x');
    input.pipeInput('k', 'y');
    expect(log).toEqual(['A:x', 'A1:x', 'A2:x', 'B:x', 'toX:x', 'A:y', 'A1:y', 'A2:y', 'B:y', 'toY:y']);
  });

  it('an unknown child name fails the record with Kafka\'s message', () => {
    const t = new Topology().addSource('src', 'input').addProcessor('p', proc((ctx, r) => ctx.forward(r, 'nope')), 'src');
    const { input } = driverFor(t);
    expect(() => input.pipeInput('k', 'v')).toThrow(/Exception caught in process. taskId=0_0, processor=p, topic=input, partition=0, offset=0/);
    try {
      input.pipeInput('k', 'v');
    } catch (e) {
      expect((e as StreamsException).code).toBe('STREAMS');
      expect(((e as StreamsException).cause as Error).message).toBe('Unknown downstream node: nope either does not exist or is not connected to this processor.');
    }
  });

  it('record metadata, stream time and wall-clock time as the processor sees them', () => {
    const seen: string[] = [];
    const t = new Topology()
      .addSource('src', 'input')
      .addProcessor('p', proc((ctx, r) => {
        const m = ctx.recordMetadata()!;
        seen.push(`${m.topic()}/${m.partition()}/${m.offset()} ts=${r.timestamp()} stream=${ctx.currentStreamTimeMs()} wall=${ctx.currentSystemTimeMs()} task=${ctx.taskId().toString()} app=${ctx.applicationId()}`);
      }), 'src');
    const { input } = driverFor(t);
    input.pipeInput('a', '1', 10);
    input.pipeInput('b', '2', 5);
    expect(seen).toEqual([
      'input/0/0 ts=10 stream=10 wall=1000 task=0_0 app=papi-test',
      'input/0/1 ts=5 stream=10 wall=1000 task=0_0 app=papi-test',
    ]);
  });

  it('stream-time punctuation: aligned to 0, fires on data, skips missed intervals', () => {
    const fired: number[] = [];
    const t = new Topology().addSource('src', 'input').addProcessor('p', proc(() => {}, (ctx) => void ctx.schedule(10, PunctuationType.STREAM_TIME, (ts) => void fired.push(ts))), 'src');
    const { input, driver } = driverFor(t);
    driver.advanceWallClockTime(1_000_000);
    expect(fired).toEqual([]);
    for (const ts of [5, 12, 13, 35, 36]) input.pipeInput('k', 'v', ts);
    expect(fired).toEqual([5, 12, 35]);
  });

  it('wall-clock punctuation: first after the interval, on the mock clock; forwards reach sinks with the punctuation time', () => {
    const fired: string[] = [];
    const t = new Topology()
      .addSource('src', 'input')
      .addProcessor('p', proc(() => {}, (ctx) => {
        ctx.schedule(100, PunctuationType.WALL_CLOCK_TIME, (ts) => {
          fired.push(`${ts}:${String(ctx.recordMetadata())}`);
          ctx.forward(new Record('tick', String(ts), ts));
        });
      }), 'src')
      .addSink('sink', 'output', 'p');
    const { driver, out } = driverFor(t);
    driver.advanceWallClockTime(50);
    expect(fired).toEqual([]);
    driver.advanceWallClockTime(60);
    driver.advanceWallClockTime(300);
    expect(fired).toEqual(['1110:undefined', '1410:undefined']);
    expect(out().readRecordsToList()).toEqual([new TestRecord('tick', '1110', [], 1110), new TestRecord('tick', '1410', [], 1410)]);
  });

  it('a cancelled punctuation stops firing', () => {
    const fired: number[] = [];
    const t = new Topology().addSource('src', 'input').addProcessor('p', proc(() => {}, (ctx) => {
      const c = ctx.schedule(10, PunctuationType.WALL_CLOCK_TIME, (ts) => {
        fired.push(ts);
        if (fired.length === 2) c.cancel();
      });
    }), 'src');
    const { driver } = driverFor(t);
    for (let i = 0; i < 5; i++) driver.advanceWallClockTime(10);
    expect(fired).toEqual([1010, 1020]);
  });

  it('records written to a topic the topology reads are fed back in, output keeps them too', () => {
    const t = new Topology()
      .addSource('src', 'input')
      .addSink('toLoop', 'loop', 'src')
      .addSource('loopSrc', 'loop')
      .addProcessor('mark', proc((ctx, r) => void ctx.forward(r.withValue(`${r.value()}!`))), 'loopSrc')
      .addSink('sink', 'output', 'mark');
    const { driver, input, out } = driverFor(t);
    input.pipeInput('k', 'v', 7);
    expect(out().readKeyValue()).toEqual(KeyValue.pair('k', 'v!'));
    expect(out('loop').readRecord().timestamp()).toBe(7);
    expect([...driver.producedTopicNames()].sort()).toEqual(['loop', 'output']);
  });

  it('a TopicNameExtractor picks the topic per record, with the record context', () => {
    const t = new Topology()
      .addSource('src', 'input')
      .addSink('sink', (k: string, _v: string, ctx) => `${ctx.topic()}-${k}`, 'src');
    const { input, out } = driverFor(t);
    input.pipeInput('a', '1');
    input.pipeInput('b', '2');
    expect(out('input-a').readValuesToList()).toEqual(['1']);
    expect(out('input-b').readValuesToList()).toEqual(['2']);
  });

  it('headers: a processor\'s changes reach the sink, the input record\'s headers stay untouched', () => {
    const seen: string[] = [];
    const t = new Topology()
      .addSource('src', 'input')
      .addProcessor('p', proc((ctx, r) => {
        const copy = r.withValue(r.value());
        copy.headers().add('added', 'yes');
        seen.push(String(r.headers().size));
        ctx.forward(copy);
      }), 'src')
      .addSink('sink', 'output', 'p');
    const { input, out } = driverFor(t);
    input.pipeInput(new TestRecord('k', 'v', new Headers().add('orig', '1'), 3));
    const rec = out().readRecord();
    expect(rec.headers().toArray().map((h) => `${h.key}=${h.value?.toString()}`)).toEqual(['orig=1', 'added=yes']);
    expect(seen).toEqual(['1']);
  });

  it('a deserialization error fails by default and is skipped with LogAndContinueExceptionHandler', () => {
    const t2 = new Topology()
      .addSource('src', ['input'], { valueDeserializer: Serdes.Integer().deserializer() })
      .addSink('sink', 'output', { valueSerializer: Serdes.Integer().serializer() }, 'src');
    const failing = new TopologyTestDriver(t2, { ...props, 'deserialization.exception.handler': new LogAndFailExceptionHandler(() => {}) });
    const bytesIn = failing.createInputTopic('input', S.serializer(), Serdes.Buffer().serializer());
    expect(() => bytesIn.pipeInput('k', Buffer.from([1, 2]))).toThrow('Deserialization exception handler is set to fail');
    const warnings: string[] = [];
    const skipping = new TopologyTestDriver(t2, { ...props, 'deserialization.exception.handler': new LogAndContinueExceptionHandler((m) => warnings.push(m)) });
    const input = skipping.createInputTopic('input', S.serializer(), Serdes.Buffer().serializer());
    input.pipeInput('bad', Buffer.from([1, 2]));
    input.pipeInput('good', Buffer.from([0, 0, 0, 7]));
    const output = skipping.createOutputTopic('output', S.deserializer(), Serdes.Integer().deserializer());
    expect(output.readKeyValuesToList()).toEqual([KeyValue.pair('good', 7)]);
    expect(warnings).toHaveLength(1);
  });

  it('a timestamp extractor can drop records (negative) and read the value', () => {
    const t = new Topology()
      .addSource('src', ['input'], { timestampExtractor: { extract: (r) => Number(r.value) } })
      .addSink('sink', 'output', 'src');
    const { input, out } = driverFor(t);
    input.pipeInput('a', '100');
    input.pipeInput('b', '-1');
    input.pipeInput('c', '50');
    expect(out().readRecordsToList().map((r) => `${r.key()}@${r.timestamp()}`)).toEqual(['a@100', 'c@50']);
  });

  it('stores: built per task, initialised, reachable only from connected processors, closed at the end', () => {
    const events: string[] = [];
    const store = (name: string): StoreBuilder => ({
      name: () => name,
      loggingEnabled: () => false,
      logConfig: () => ({}),
      build: (): StateStore => ({
        name: () => name,
        init: () => void events.push(`init ${name}`),
        flush: () => void events.push(`flush ${name}`),
        close: () => void events.push(`close ${name}`),
        persistent: () => false,
        isOpen: () => true,
      }),
    });
    const t = new Topology()
      .addSource('src', 'input')
      .addProcessor('good', proc((ctx) => void events.push(`got ${ctx.getStateStore('s1').name()}`)), 'src')
      .addProcessor('bad', proc((ctx) => void ctx.getStateStore('s1')), 'src')
      .addStateStore(store('s1'), 'good');
    const { driver, input } = driverFor(t);
    expect(driver.getStateStore('s1')?.name()).toBe('s1');
    expect(() => input.pipeInput('k', 'v')).toThrow(/processor=bad/);
    driver.close();
    expect(events).toEqual(['init s1', 'got s1', 'close s1']);
  });

  it('a processor failing in init fails the driver with Kafka\'s message; a missing serde likewise', () => {
    const t = new Topology().addSource('src', 'input').addProcessor('badGuy', () => ({ init() { throw new Error('boom'); }, process() {} }), 'src');
    expect(() => new TopologyTestDriver(t, props)).toThrow('failed to initialize processor badGuy');
    const noSerde = new Topology().addSource('src', 'input');
    expect(() => new TopologyTestDriver(noSerde, { 'application.id': 'x' })).toThrow('failed to initialize processor src');
  });

  it('pipes into an unknown topic fail, as in Kafka', () => {
    const { driver } = driverFor(new Topology().addSource('src', 'input'));
    const other = driver.createInputTopic('other', S.serializer(), S.serializer());
    expect(() => other.pipeInput('k', 'v')).toThrow('Unknown topic: other');
  });
});

describe('the async escape hatch', () => {
  const tick = () => new Promise<void>((r) => setTimeout(r, 1));

  it('never starts the next record before the previous one and all it forwarded have settled; sibling order is kept', async () => {
    const log: string[] = [];
    const t = new Topology()
      .addSource('src', 'input')
      .addProcessor('slow', proc(async (ctx, r) => {
        log.push(`slow start ${r.value()}`);
        await tick();
        await ctx.forward(r.withValue(`${r.value()}-slow`));
        log.push(`slow end ${r.value()}`);
      }), 'src')
      .addProcessor('fast', proc((ctx, r) => {
        log.push(`fast ${r.value()}`);
        ctx.forward(r.withValue(`${r.value()}-fast`));
      }), 'src')
      .addSink('sink', 'output', 'slow', 'fast');
    const { driver, input, out } = driverFor(t);
    const p1 = input.pipeInput('k', '1');
    const p2 = input.pipeInput('k', '2');
    expect(p1).toBeInstanceOf(Promise);
    expect(() => out().readRecord()).toThrow(/still processing asynchronously/);
    await p2;
    expect(log).toEqual(['slow start 1', 'slow end 1', 'fast 1', 'slow start 2', 'slow end 2', 'fast 2']);
    expect(out().readValuesToList()).toEqual(['1-slow', '1-fast', '2-slow', '2-fast']);
    await driver.close();
  });

  it('a synchronous parent forwarding to an async child several times keeps the order (flatMap-like)', async () => {
    const t = new Topology()
      .addSource('src', 'input')
      .addProcessor('explode', proc((ctx, r) => {
        for (const part of r.value().split(',')) ctx.forward(r.withValue(part));
      }), 'src')
      .addProcessor('async', proc(async (ctx, r) => {
        await new Promise<void>((res) => setTimeout(res, r.value() === 'a' ? 5 : 0));
        ctx.forward(r.withValue(r.value().toUpperCase()));
      }), 'explode')
      .addSink('sink', 'output', 'async');
    const { input, out } = driverFor(t);
    await input.pipeInput('k', 'a,b,c');
    expect(out().readValuesToList()).toEqual(['A', 'B', 'C']);
  });

  it('a rejected promise fails the record like a throw', async () => {
    const t = new Topology().addSource('src', 'input').addProcessor('p', proc(async () => {
      await tick();
      throw new Error('async boom');
    }), 'src');
    const { input } = driverFor(t);
    await expect(input.pipeInput('k', 'v')).rejects.toThrow(/Exception caught in process. taskId=0_0, processor=p/);
  });

  it('stays synchronous when nothing returns a Promise', () => {
    const t = new Topology().addSource('src', 'input').addSink('sink', 'output', 'src');
    const { input } = driverFor(t);
    expect(input.pipeInput('k', 'v')).toBeUndefined();
  });

  it('forward outside process() or a punctuation is refused', async () => {
    let saved!: ProcessorContext<string, string>;
    const t = new Topology().addSource('src', 'input').addProcessor('p', proc((ctx) => { saved = ctx; }), 'src');
    const { input } = driverFor(t);
    input.pipeInput('k', 'v');
    expect(() => saved.forward(new Record('k', 'v', 0))).toThrow(/outside of process/);
  });
});
