import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Branched,
  Consumed,
  KeyValue,
  Named,
  Printed,
  Produced,
  Record,
  Repartitioned,
  Serdes,
  StreamsBuilder,
  type FixedKeyProcessorContext,
  type KStream,
  type ProcessorContext,
} from '../src/index.js';
import { TestRecord, TopologyTestDriver } from '../src/testing/index.js';

const S = Serdes.String();
const L = Serdes.Long();
const props = { 'application.id': 'dsl', 'default.key.serde': S, 'default.value.serde': S };

function run(define: (input: KStream<string, string>, builder: StreamsBuilder) => void, inputs: [string | null, string][], outTopics = ['output']) {
  const builder = new StreamsBuilder();
  define(builder.stream<string, string>('input'), builder);
  const driver = new TopologyTestDriver(builder.build(), props, 0);
  const input = driver.createInputTopic('input', S.serializer(), S.serializer(), 100, 10);
  for (const [k, v] of inputs) input.pipeInput(k, v);
  const outputs = Object.fromEntries(outTopics.map((t) => [t, driver.createOutputTopic(t, S.deserializer(), S.deserializer()).readRecordsToList()]));
  driver.close();
  return outputs as { [topic: string]: TestRecord<string, string>[] };
}

const kv = (records: TestRecord<string, string>[] | undefined) => (records ?? []).map((r) => `${r.key()}=${r.value()}`);

describe('stateless DSL operators on the test driver', () => {
  afterEach(() => vi.restoreAllMocks());

  it('filter and filterNot', () => {
    const out = run((s) => {
      s.filter((_k, v) => v.startsWith('a')).to('output');
      s.filterNot((_k, v) => v.startsWith('a')).to('other');
    }, [['1', 'apple'], ['2', 'berry'], ['3', 'avocado']], ['output', 'other']);
    expect(kv(out['output'])).toEqual(['1=apple', '3=avocado']);
    expect(kv(out['other'])).toEqual(['2=berry']);
  });

  it('map, selectKey, mapValues with and without the key, keeping timestamps', () => {
    const out = run((s) => {
      s.map((k, v) => KeyValue.pair(v, k)).to('output');
      s.selectKey((_k, v) => v.length.toString()).mapValues((v) => v.toUpperCase()).mapValuesWithKey((k, v) => `${k}:${v}`).to('other');
    }, [['a', 'xy'], ['b', 'xyz']], ['output', 'other']);
    expect(kv(out['output'])).toEqual(['xy=a', 'xyz=b']);
    expect(kv(out['other'])).toEqual(['2=2:XY', '3=3:XYZ']);
    expect(out['other']!.map((r) => r.timestamp())).toEqual([100, 110]);
  });

  it('flatMap and flatMapValues forward in order, each with the input timestamp', () => {
    const out = run((s) => {
      s.flatMapValues((v) => v.split(' ')).to('output');
      s.flatMap((k, v) => [...v].map((c, i) => ({ key: `${k}${i}`, value: c }))).to('other');
      s.flatMapValuesWithKey((k, v) => (k === 'skip' ? [] : [v, v])).to('third');
    }, [['a', 'hello big world'], ['skip', 'x'], ['b', 'ok']], ['output', 'other', 'third']);
    expect(kv(out['output'])).toEqual(['a=hello', 'a=big', 'a=world', 'skip=x', 'b=ok']);
    expect(out['output']!.map((r) => r.timestamp())).toEqual([100, 100, 100, 110, 120]);
    expect(kv(out['other'])).toEqual(['a0=h', 'a1=e', 'a2=l', 'a3=l', 'a4=o', 'a5= ', 'a6=b', 'a7=i', 'a8=g', 'a9= ', 'a10=w', 'a11=o', 'a12=r', 'a13=l', 'a14=d', 'skip0=x', 'b0=o', 'b1=k']);
    expect(kv(out['third'])).toEqual(['a=hello big world', 'a=hello big world', 'b=ok', 'b=ok']);
  });

  it('peek and foreach see every record; peek passes it on', () => {
    const peeked: string[] = [];
    const each: string[] = [];
    const out = run((s) => {
      const p = s.peek((k, v) => peeked.push(`${k}=${v}`));
      p.foreach((k, v) => void each.push(`${k}:${v}`));
      p.to('output');
    }, [['a', '1'], [null, '2']]);
    expect(peeked).toEqual(['a=1', 'null=2']);
    expect(each).toEqual(['a:1', 'null:2']);
    expect(kv(out['output'])).toEqual(['a=1', 'null=2']);
  });

  it('split: first matching branch, default branch, chains', () => {
    const out = run((s) => {
      const branches = s.split(Named.as('by-'))
        .branch((_k, v) => v.startsWith('a'), Branched.as('a'))
        .branch((_k, v) => v.startsWith('b'), Branched.withFunction((b) => b.mapValues((v) => v.toUpperCase()), 'b'))
        .branch((_k, v) => v.startsWith('a') || v.startsWith('c'), Branched.withConsumer((c) => c.to('c')))
        .defaultBranch(Branched.as('rest'));
      branches.get('by-a')!.to('a');
      branches.get('by-b')!.to('b');
      branches.get('by-rest')!.to('rest');
    }, [['1', 'apple'], ['2', 'banana'], ['3', 'cherry'], ['4', 'date'], ['5', 'avocado']], ['a', 'b', 'c', 'rest']);
    expect(kv(out['a'])).toEqual(['1=apple', '5=avocado']);
    expect(kv(out['b'])).toEqual(['2=BANANA']);
    expect(kv(out['c'])).toEqual(['3=cherry']);
    expect(kv(out['rest'])).toEqual(['4=date']);
  });

  it('split without a default branch drops unmatched records', () => {
    const out = run((s) => {
      const branches = s.split().branch((_k, v) => v === 'keep').noDefaultBranch();
      for (const b of branches.values()) b.to('output');
    }, [['1', 'keep'], ['2', 'drop']]);
    expect(kv(out['output'])).toEqual(['1=keep']);
  });

  it('merge interleaves both streams in processing order', () => {
    const builder = new StreamsBuilder();
    const a = builder.stream<string, string>('a');
    const b = builder.stream<string, string>('b');
    a.mapValues((v) => `a:${v}`).merge(b.mapValues((v) => `b:${v}`)).to('output');
    const driver = new TopologyTestDriver(builder.build(), props, 0);
    const inA = driver.createInputTopic('a', S.serializer(), S.serializer());
    const inB = driver.createInputTopic('b', S.serializer(), S.serializer());
    inA.pipeInput('k', '1');
    inB.pipeInput('k', '2');
    inA.pipeInput('k', '3');
    expect(driver.createOutputTopic('output', S.deserializer(), S.deserializer()).readValuesToList()).toEqual(['a:1', 'b:2', 'a:3']);
  });

  it('repartition writes <application.id>-<name>-repartition and reads it back through the driver', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('input')
      .selectKey((_k, v) => v)
      .repartition(Repartitioned.as<string, string>('by-value').withNumberOfPartitions(3))
      .mapValuesWithKey((k, v) => `${k}/${v}`)
      .to('output');
    const driver = new TopologyTestDriver(builder.build(), props, 0);
    driver.createInputTopic('input', S.serializer(), S.serializer()).pipeInput('k', 'v', 5);
    expect([...driver.producedTopicNames()].sort()).toEqual(['dsl-by-value-repartition', 'output']);
    const rep = driver.createOutputTopic('dsl-by-value-repartition', S.deserializer(), S.deserializer()).readRecord();
    expect(rep).toEqual(new TestRecord('v', 'v', [], 5));
    expect(driver.createOutputTopic('output', S.deserializer(), S.deserializer()).readRecord()).toEqual(new TestRecord('v', 'v/v', [], 5));
  });

  it('serdes: Consumed serdes flow to to(); a new value drops the value serde (the default applies)', () => {
    const builder = new StreamsBuilder();
    const longs = builder.stream('nums', Consumed.with(S, L));
    longs.to('same');
    longs.mapValues((v) => String(v * 2)).to('doubled');
    longs.to('explicit', Produced.with(S, Serdes.Integer()));
    const driver = new TopologyTestDriver(builder.build(), props, 0);
    driver.createInputTopic('nums', S.serializer(), L.serializer()).pipeInput('k', 21);
    expect(driver.createOutputTopic('same', S.deserializer(), L.deserializer()).readValue()).toBe(21);
    expect(driver.createOutputTopic('doubled', S.deserializer(), S.deserializer()).readValue()).toBe('42');
    expect(driver.createOutputTopic('explicit', S.deserializer(), Serdes.Integer().deserializer()).readValue()).toBe(21);
  });

  it('to() with a TopicNameExtractor', () => {
    const out = run((s) => s.to((k) => `out-${k}`), [['a', '1'], ['b', '2'], ['a', '3']], ['out-a', 'out-b']);
    expect(kv(out['out-a'])).toEqual(['a=1', 'a=3']);
    expect(kv(out['out-b'])).toEqual(['b=2']);
  });

  it('process and processValues run Processor API processors inside the DSL', () => {
    const out = run((s) => {
      s.process(() => {
        let ctx!: ProcessorContext<string, number>;
        return {
          init: (c: ProcessorContext<string, number>) => void (ctx = c),
          process: (r: Record<string, string>) => ctx.forward(r.withKey(r.value()).withValue(r.value().length)),
        };
      }).mapValues(String).to('output');
      s.processValues(() => {
        let ctx!: FixedKeyProcessorContext<string, string>;
        return {
          init: (c: FixedKeyProcessorContext<string, string>) => void (ctx = c),
          process: (r) => ctx.forward(r.withValue(`${r.key()}!${r.value()}`).withTimestamp(r.timestamp() + 1)),
        };
      }).to('other');
    }, [['a', 'xyz']], ['output', 'other']);
    expect(kv(out['output'])).toEqual(['xyz=3']);
    expect(out['other']).toEqual([new TestRecord('a', 'a!xyz', [], 101)]);
  });

  it('print: [label]: key, value to stdout (label = the printed stream\'s processor name) or a file', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const file = join(mkdtempSync(join(tmpdir(), 'print-')), 'out.txt');
    run((s) => {
      s.print(Printed.toSysOut());
      s.mapValues((v) => v.length).print(Printed.toSysOut<string, number>().withLabel('len'));
      s.print(Printed.toFile<string, string>(file).withKeyValueMapper((k, v) => `${v}<-${k}`));
    }, [['a', 'hello'], [null, 'x']], []);
    vi.restoreAllMocks();
    expect(lines).toEqual(['[KSTREAM-SOURCE-0000000000]: a, hello\n', '[len]: a, 5\n', '[KSTREAM-SOURCE-0000000000]: null, x\n', '[len]: null, 1\n']);
    expect(readFileSync(file, 'utf8')).toBe('[KSTREAM-SOURCE-0000000000]: hello<-a\n[KSTREAM-SOURCE-0000000000]: x<-null\n');
  });

  it('options are immutable builders', () => {
    const base = Produced.with(S, S);
    const named = base.withName('sink');
    expect(base.processorName).toBeUndefined();
    expect(named.processorName).toBe('sink');
    const r = Repartitioned.as<string, string>('x');
    expect(r.withNumberOfPartitions(4).numberOfPartitions).toBe(4);
    expect(r.numberOfPartitions).toBeUndefined();
    expect(() => Repartitioned.numberOfPartitions(0)).toThrow();
    const c = Consumed.with(S, S);
    expect(c.withName('src').processorName).toBe('src');
    expect(c.processorName).toBeUndefined();
  });
});
