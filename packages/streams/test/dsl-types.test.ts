import { describe, expectTypeOf, it } from 'vitest';
import {
  Branched,
  Consumed,
  KeyValue,
  Produced,
  Serdes,
  StreamsBuilder,
  type FixedKeyProcessor,
  type KStream,
  type Processor,
} from '../src/index.js';

// Type tests: they pass when `npx tsc -p packages/streams/test` compiles this file (see dsl-typecheck.test.ts).

describe('DSL generics', () => {
  const builder = new StreamsBuilder();

  it('streams take their types from Consumed serdes or explicit type arguments', () => {
    expectTypeOf(builder.stream('t', Consumed.with(Serdes.String(), Serdes.Long()))).toEqualTypeOf<KStream<string, number>>();
    expectTypeOf(builder.stream<Buffer, boolean>(['a', 'b'])).toEqualTypeOf<KStream<Buffer, boolean>>();
  });

  it('operators change the key and value types as Kafka\'s do', () => {
    const s = builder.stream('t', Consumed.with(Serdes.String(), Serdes.Long()));
    expectTypeOf(s.filter((k, v) => k.length > v)).toEqualTypeOf<KStream<string, number>>();
    expectTypeOf(s.mapValues((v) => v.toFixed(1))).toEqualTypeOf<KStream<string, string>>();
    expectTypeOf(s.mapValuesWithKey((k, v) => ({ k, v }))).toEqualTypeOf<KStream<string, { k: string; v: number }>>();
    expectTypeOf(s.map((k, v) => KeyValue.pair(v, k))).toEqualTypeOf<KStream<number, string>>();
    expectTypeOf(s.map((k, v) => ({ key: v > 0, value: [k] }))).toEqualTypeOf<KStream<boolean, string[]>>();
    expectTypeOf(s.selectKey((_k, v) => v * 2)).toEqualTypeOf<KStream<number, number>>();
    expectTypeOf(s.flatMap((k, v) => [KeyValue.pair(v, k)])).toEqualTypeOf<KStream<number, string>>();
    expectTypeOf(s.flatMapValues((v) => [v, String(v)])).toEqualTypeOf<KStream<string, string | number>>();
    expectTypeOf(s.flatMapValuesWithKey((k) => k.split(''))).toEqualTypeOf<KStream<string, string>>();
    expectTypeOf(s.peek(() => {})).toEqualTypeOf<KStream<string, number>>();
    expectTypeOf(s.repartition()).toEqualTypeOf<KStream<string, number>>();
    expectTypeOf(s.merge(s)).toEqualTypeOf<KStream<string, number>>();
    expectTypeOf(s.foreach(() => {})).toEqualTypeOf<void>();
  });

  it('split returns the branches by name with the stream\'s types', () => {
    const s = builder.stream<string, number>('t');
    const branches = s.split().branch((_k, v) => v > 0, Branched.withFunction((b) => b.mapValues((v) => v + 1))).defaultBranch();
    expectTypeOf(branches).toEqualTypeOf<Map<string, KStream<string, number>>>();
  });

  it('process and processValues take their output types from the processor', () => {
    const s = builder.stream<string, number>('t');
    const p = (): Processor<string, number, boolean, Date> => ({ process() {} });
    expectTypeOf(s.process(p)).toEqualTypeOf<KStream<boolean, Date>>();
    const fk = (): FixedKeyProcessor<string, number, string[]> => ({ process() {} });
    expectTypeOf(s.processValues(fk)).toEqualTypeOf<KStream<string, string[]>>();
  });

  it('mismatches are compile errors', () => {
    const s = builder.stream<string, number>('t');
    // @ts-expect-error a two-parameter mapper belongs to mapValuesWithKey
    s.mapValues((k, v) => k + v);
    // @ts-expect-error the value is a number
    s.filter((_k, v) => v.startsWith('x'));
    // @ts-expect-error Produced serdes must match the stream's types
    s.to('out', Produced.with(Serdes.String(), Serdes.String()));
    // @ts-expect-error merge needs the same types
    s.merge(builder.stream<string, string>('u'));
    const p = (): Processor<string, string, string, string> => ({ process() {} });
    // @ts-expect-error the processor expects string values
    s.process(p);
  });
});
