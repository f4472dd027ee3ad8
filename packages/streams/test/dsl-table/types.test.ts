import { describe, expectTypeOf, it } from 'vitest';
import {
  Consumed,
  Grouped,
  KeyValue,
  Materialized,
  Serdes,
  StreamsBuilder,
  type CogroupedKStream,
  type GlobalKTable,
  type KGroupedStream,
  type KGroupedTable,
  type KStream,
  type KTable,
} from '../../src/index.js';

// Type tests of the table DSL: they pass when `tsc -p packages/streams/test` compiles this file
// (dsl-typecheck.test.ts runs it).

describe('table DSL generics', () => {
  const builder = new StreamsBuilder();
  const stream = builder.stream('t', Consumed.with(Serdes.String(), Serdes.Long()));

  it('grouping and aggregating keep or change key and value types as Kafka\'s do', () => {
    expectTypeOf(stream.groupByKey()).toEqualTypeOf<KGroupedStream<string, number>>();
    expectTypeOf(stream.groupBy((_k, v) => v > 0)).toEqualTypeOf<KGroupedStream<boolean, number>>();
    expectTypeOf(stream.groupBy((k) => k.length, Grouped.with(Serdes.Integer(), Serdes.Long()))).toEqualTypeOf<KGroupedStream<number, number>>();
    expectTypeOf(stream.groupByKey().count()).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(stream.groupByKey().reduce((a, b) => a + b)).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(stream.groupByKey().aggregate(() => [] as string[], (k, _v, agg) => [...agg, k])).toEqualTypeOf<KTable<string, string[]>>();
    expectTypeOf(stream.groupByKey().cogroup((_k, v, agg: string) => agg + v)).toEqualTypeOf<CogroupedKStream<string, string>>();
    expectTypeOf(stream.toTable()).toEqualTypeOf<KTable<string, number>>();
  });

  it('table operators', () => {
    const table = builder.table('t', Consumed.with(Serdes.String(), Serdes.String()));
    expectTypeOf(table).toEqualTypeOf<KTable<string, string>>();
    expectTypeOf(table.filter((k, v) => k === v)).toEqualTypeOf<KTable<string, string>>();
    expectTypeOf(table.mapValues((v) => v.length)).toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(table.toStream()).toEqualTypeOf<KStream<string, string>>();
    expectTypeOf(table.groupBy((k, v) => KeyValue.pair(v, k.length))).toEqualTypeOf<KGroupedTable<string, number>>();
    expectTypeOf(table.groupBy((k, v) => KeyValue.pair(v, k)).aggregate(() => 0, (_k, v, agg) => agg + v.length, (_k, v, agg) => agg - v.length))
      .toEqualTypeOf<KTable<string, number>>();
    expectTypeOf(builder.globalTable('g', Consumed.with(Serdes.String(), Serdes.Long()))).toEqualTypeOf<GlobalKTable<string, number>>();
    expectTypeOf(table.queryableStoreName()).toEqualTypeOf<string | null>();
  });

  it('a Materialized must match the result types', () => {
    stream.groupByKey().count(Materialized.as<string, number>('ok'));
    // @ts-expect-error the count is a number, not a string
    stream.groupByKey().count(Materialized.as<string, string>('wrong'));
    // @ts-expect-error an aggregation needs an aggregator, not a reducer
    stream.groupByKey().aggregate(() => 0, (a: number, b: number) => a + b);
  });
});
