import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, KeyValue, Materialized, Named, Produced, Serdes, StreamsBuilder } from '../../src/index.js';

// Expected texts: what Kafka Streams prints for the same DSL programs - its WordCountDemo (modern naming of the
// repartition nodes after the store), and the topology tests of Kafka's own suite (TopologyTest,
// CogroupedKStreamImplTest) for counts, filters, mapValues and cogroups.

const S = Serdes.String();

function text(build: (b: StreamsBuilder) => void): string {
  const builder = new StreamsBuilder();
  build(builder);
  return builder.build().describe().toString();
}

describe('describe() of table topologies prints what Kafka Streams prints', () => {
  it('word count: repartition nodes named after the store, aggregate in sub-topology 1', () => {
    const out = text((b) => {
      b.stream<string, string>('streams-plaintext-input', Consumed.with(S, S))
        .flatMapValues((v) => v.toLowerCase().split(/\W+/))
        .groupBy((_k, w) => w)
        .count(Materialized.as<string, number>('counts-store'))
        .toStream()
        .to('streams-wordcount-output', Produced.with(S, Serdes.Long()));
    });
    expect(out).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [streams-plaintext-input])
      --> KSTREAM-FLATMAPVALUES-0000000001
    Processor: KSTREAM-FLATMAPVALUES-0000000001 (stores: [])
      --> KSTREAM-KEY-SELECT-0000000002
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])
      --> counts-store-repartition-filter
      <-- KSTREAM-FLATMAPVALUES-0000000001
    Processor: counts-store-repartition-filter (stores: [])
      --> counts-store-repartition-sink
      <-- KSTREAM-KEY-SELECT-0000000002
    Sink: counts-store-repartition-sink (topic: counts-store-repartition)
      <-- counts-store-repartition-filter

  Sub-topology: 1
    Source: counts-store-repartition-source (topics: [counts-store-repartition])
      --> KSTREAM-AGGREGATE-0000000003
    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [counts-store])
      --> KTABLE-TOSTREAM-0000000007
      <-- counts-store-repartition-source
    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-AGGREGATE-0000000003
    Sink: KSTREAM-SINK-0000000008 (topic: streams-wordcount-output)
      <-- KTABLE-TOSTREAM-0000000007

`);
  });

  it('groupByKey().count() with no, a named and an unnamed Materialized', () => {
    const one = (store: string, processor: string) => `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])
      --> ${processor}
    Processor: ${processor} (stores: [${store}])
      --> none
      <-- KSTREAM-SOURCE-0000000000

`;
    expect(text((b) => b.stream('input-topic').groupByKey().count())).toBe(one('KSTREAM-AGGREGATE-STATE-STORE-0000000001', 'KSTREAM-AGGREGATE-0000000002'));
    expect(text((b) => b.stream('input-topic').groupByKey().count(Materialized.as<unknown, number>('count-store')))).toBe(one('count-store', 'KSTREAM-AGGREGATE-0000000001'));
    // Kafka burns one more index for count(Materialized) without a name.
    expect(text((b) => b.stream('input-topic').groupByKey().count(Materialized.with(undefined, Serdes.Long()))))
      .toBe(one('KSTREAM-AGGREGATE-STATE-STORE-0000000002', 'KSTREAM-AGGREGATE-0000000003'));
  });

  it('table().groupBy().count(): the source table is materialized for old values; the Change repartition has no filter', () => {
    const table = (store: string, sink: number) => `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [input-topic-STATE-STORE-0000000000])
      --> KTABLE-SELECT-0000000003
      <-- KSTREAM-SOURCE-0000000001
    Processor: KTABLE-SELECT-0000000003 (stores: [])
      --> KSTREAM-SINK-000000000${sink}
      <-- KTABLE-SOURCE-0000000002
    Sink: KSTREAM-SINK-000000000${sink} (topic: ${store}-repartition)
      <-- KTABLE-SELECT-0000000003

  Sub-topology: 1
    Source: KSTREAM-SOURCE-000000000${sink + 1} (topics: [${store}-repartition])
      --> KTABLE-AGGREGATE-000000000${sink + 2}
    Processor: KTABLE-AGGREGATE-000000000${sink + 2} (stores: [${store}])
      --> none
      <-- KSTREAM-SOURCE-000000000${sink + 1}

`;
    const select = (k: unknown, v: unknown) => KeyValue.pair(v, k);
    expect(text((b) => b.table('input-topic').groupBy(select).count())).toBe(table('KTABLE-AGGREGATE-STATE-STORE-0000000004', 5));
    expect(text((b) => b.table('input-topic').groupBy(select).count(Materialized.as<unknown, number>('count-store')))).toBe(table('count-store', 4));
    expect(text((b) => b.table('input-topic').groupBy(select).count(Materialized.with(undefined, Serdes.Long()))))
      .toBe(table('KTABLE-AGGREGATE-STATE-STORE-0000000004', 5));
  });

  it('KTable filter and mapValues: a store only for a named Materialized; an unnamed one burns an index', () => {
    const one = (op: string, stores: string) => `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic])
      --> ${op}
    Processor: KTABLE-SOURCE-0000000002 (stores: [])
      --> ${op}
      <-- KSTREAM-SOURCE-0000000001
    Processor: ${op} (stores: [${stores}])
      --> none
      <-- KTABLE-SOURCE-0000000002

`.replace(`--> ${op}\n    Processor: KTABLE-SOURCE`, '--> KTABLE-SOURCE-0000000002\n    Processor: KTABLE-SOURCE');
    expect(text((b) => b.table('input-topic').filter(() => false))).toBe(one('KTABLE-FILTER-0000000003', ''));
    expect(text((b) => b.table('input-topic').filter(() => false, Materialized.with(undefined, undefined)))).toBe(one('KTABLE-FILTER-0000000004', ''));
    expect(text((b) => b.table('input-topic').filter(() => false, Materialized.as('store-name')))).toBe(one('KTABLE-FILTER-0000000003', 'store-name'));
    expect(text((b) => b.table('input-topic').mapValues(() => null))).toBe(one('KTABLE-MAPVALUES-0000000003', ''));
    expect(text((b) => b.table('input-topic').mapValues(() => null, Materialized.with(undefined, undefined)))).toBe(one('KTABLE-MAPVALUES-0000000004', ''));
    expect(text((b) => b.table('input-topic').mapValuesWithKey(() => null, Materialized.as('store-name')))).toBe(one('KTABLE-MAPVALUES-0000000003', 'store-name'));
  });

  it('cogroup of a repartitioned (Grouped name) and a plain grouped stream', () => {
    const out = text((b) => {
      const one = b.stream<string, string>('one', Consumed.with(S, S));
      const two = b.stream<string, string>('two', Consumed.with(S, S));
      const groupedOne = one.map((k, v) => KeyValue.pair(v, k)).groupByKey(Grouped.as('repartition-test'));
      const groupedTwo = two.groupByKey();
      groupedOne.cogroup<string>((_k, v, agg) => agg + v).cogroup(groupedTwo, (_k, v, agg) => agg + v).aggregate(() => '').toStream().to('output');
    });
    expect(out).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [one])
      --> KSTREAM-MAP-0000000002
    Processor: KSTREAM-MAP-0000000002 (stores: [])
      --> repartition-test-repartition-filter
      <-- KSTREAM-SOURCE-0000000000
    Processor: repartition-test-repartition-filter (stores: [])
      --> repartition-test-repartition-sink
      <-- KSTREAM-MAP-0000000002
    Sink: repartition-test-repartition-sink (topic: repartition-test-repartition)
      <-- repartition-test-repartition-filter

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000001 (topics: [two])
      --> COGROUPKSTREAM-AGGREGATE-0000000008
    Source: repartition-test-repartition-source (topics: [repartition-test-repartition])
      --> COGROUPKSTREAM-AGGREGATE-0000000007
    Processor: COGROUPKSTREAM-AGGREGATE-0000000007 (stores: [COGROUPKSTREAM-AGGREGATE-STATE-STORE-0000000003])
      --> COGROUPKSTREAM-MERGE-0000000009
      <-- repartition-test-repartition-source
    Processor: COGROUPKSTREAM-AGGREGATE-0000000008 (stores: [COGROUPKSTREAM-AGGREGATE-STATE-STORE-0000000003])
      --> COGROUPKSTREAM-MERGE-0000000009
      <-- KSTREAM-SOURCE-0000000001
    Processor: COGROUPKSTREAM-MERGE-0000000009 (stores: [])
      --> KTABLE-TOSTREAM-0000000010
      <-- COGROUPKSTREAM-AGGREGATE-0000000007, COGROUPKSTREAM-AGGREGATE-0000000008
    Processor: KTABLE-TOSTREAM-0000000010 (stores: [])
      --> KSTREAM-SINK-0000000011
      <-- COGROUPKSTREAM-MERGE-0000000009
    Sink: KSTREAM-SINK-0000000011 (topic: output)
      <-- KTABLE-TOSTREAM-0000000010

`);
  });

  it('named cogroup: processors named <name>-cogroup-agg-<i> and <name>-cogroup-merge, repartition after the store', () => {
    const out = text((b) => {
      const one = b.stream<string, string>('one', Consumed.with(S, S));
      const two = b.stream<string, string>('two', Consumed.with(S, S));
      one.map((k, v) => KeyValue.pair(v, k)).groupByKey()
        .cogroup<string>((_k, v, agg) => agg + v)
        .cogroup(two.groupByKey(), (_k, v, agg) => agg + v)
        .aggregate(() => '', Named.as('test'), Materialized.as('store'))
        .toStream().to('output');
    });
    expect(out).toContain(`  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000001 (topics: [two])
      --> test-cogroup-agg-1
    Source: store-repartition-source (topics: [store-repartition])
      --> test-cogroup-agg-0
    Processor: test-cogroup-agg-0 (stores: [store])
      --> test-cogroup-merge
      <-- store-repartition-source
    Processor: test-cogroup-agg-1 (stores: [store])
      --> test-cogroup-merge
      <-- KSTREAM-SOURCE-0000000001
    Processor: test-cogroup-merge (stores: [])
      --> KTABLE-TOSTREAM-0000000009
      <-- test-cogroup-agg-0, test-cogroup-agg-1
    Processor: KTABLE-TOSTREAM-0000000009 (stores: [])
      --> KSTREAM-SINK-0000000010
      <-- test-cogroup-merge
    Sink: KSTREAM-SINK-0000000010 (topic: output)
      <-- KTABLE-TOSTREAM-0000000009
`);
    expect(out).toContain('    Sink: store-repartition-sink (topic: store-repartition)\n');
  });

  it('toTable after a key change repartitions through KSTREAM-TOTABLE-<n>-repartition with generated names', () => {
    const out = text((b) => {
      b.stream<string, string>('input', Consumed.with(S, S)).selectKey((_k, v) => v).toTable().toStream().to('output');
    });
    expect(out).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> KSTREAM-KEY-SELECT-0000000001
    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])
      --> KSTREAM-FILTER-0000000005
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000005 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-KEY-SELECT-0000000001
    Sink: KSTREAM-SINK-0000000004 (topic: KSTREAM-TOTABLE-0000000002-repartition)
      <-- KSTREAM-FILTER-0000000005

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000006 (topics: [KSTREAM-TOTABLE-0000000002-repartition])
      --> KSTREAM-TOTABLE-0000000002
    Processor: KSTREAM-TOTABLE-0000000002 (stores: [])
      --> KTABLE-TOSTREAM-0000000007
      <-- KSTREAM-SOURCE-0000000006
    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-TOTABLE-0000000002
    Sink: KSTREAM-SINK-0000000008 (topic: output)
      <-- KTABLE-TOSTREAM-0000000007

`);
  });

  it('a named table source keeps its store; Grouped names the key selector and the repartition topic', () => {
    const out = text((b) => {
      b.table('input', Materialized.as<string, string>('table-store')).toStream().to('out');
      b.stream<string, string>('words').groupBy((_k, v) => v, Grouped.as('by-word')).count(Named.as('counter'));
    });
    expect(out).toContain('    Processor: KTABLE-SOURCE-0000000001 (stores: [table-store])\n');
    expect(out).toContain('    Processor: by-word (stores: [])\n      --> by-word-repartition-filter\n');
    expect(out).toContain('    Sink: by-word-repartition-sink (topic: by-word-repartition)\n');
    expect(out).toContain('    Processor: counter (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000005])\n');
  });
});
