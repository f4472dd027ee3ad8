import { describe, expect, it } from 'vitest';
import { BufferConfig, Consumed, Grouped, KeyValue, Materialized, Produced, Serdes, SessionWindows, StreamsBuilder, Suppressed, TimeWindows } from '../../src/index.js';

// describe() of windowed aggregations and suppressions: the expected texts are those of Kafka's own suite
// (SuppressTopologyTest for the four suppression topologies, TopologyTest for a windowed count).

const S = Serdes.String();

function finalSuppression(name?: string): string {
  const b = new StreamsBuilder();
  const suppressed = Suppressed.untilWindowCloses(BufferConfig.unbounded());
  b.stream<string, string>('input', Consumed.with(S, S))
    .groupBy((k) => k, Grouped.with(S, S))
    .windowedBy(SessionWindows.with(5).grace(5))
    .count(Materialized.as<string, number>('counts').withCachingDisabled())
    .suppress(name === undefined ? suppressed : suppressed.withName(name))
    .toStream()
    .map((k, v) => KeyValue.pair(k.toString(), v))
    .to('output-suppressed', Produced.with(S, Serdes.Long()));
  return b.build().describe().toString();
}

function intermediateSuppression(name?: string): string {
  const b = new StreamsBuilder();
  const suppressed = Suppressed.untilTimeLimit<string>(1_000, BufferConfig.unbounded());
  b.stream<string, string>('input', Consumed.with(S, S))
    .groupByKey()
    .count()
    .suppress(name === undefined ? suppressed : suppressed.withName(name))
    .toStream()
    .to('output', Produced.with(S, Serdes.Long()));
  return b.build().describe().toString();
}

const finalTopology = (suppress: string, suppressStore: string, toStream: number) => `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> KSTREAM-KEY-SELECT-0000000001
    Processor: KSTREAM-KEY-SELECT-0000000001 (stores: [])
      --> counts-repartition-filter
      <-- KSTREAM-SOURCE-0000000000
    Processor: counts-repartition-filter (stores: [])
      --> counts-repartition-sink
      <-- KSTREAM-KEY-SELECT-0000000001
    Sink: counts-repartition-sink (topic: counts-repartition)
      <-- counts-repartition-filter

  Sub-topology: 1
    Source: counts-repartition-source (topics: [counts-repartition])
      --> KSTREAM-AGGREGATE-0000000002
    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [counts])
      --> ${suppress}
      <-- counts-repartition-source
    Processor: ${suppress} (stores: [${suppressStore}])
      --> KTABLE-TOSTREAM-000000000${toStream}
      <-- KSTREAM-AGGREGATE-0000000002
    Processor: KTABLE-TOSTREAM-000000000${toStream} (stores: [])
      --> KSTREAM-MAP-000000000${toStream + 1}
      <-- ${suppress}
    Processor: KSTREAM-MAP-000000000${toStream + 1} (stores: [])
      --> KSTREAM-SINK-${String(toStream + 2).padStart(10, '0')}
      <-- KTABLE-TOSTREAM-000000000${toStream}
    Sink: KSTREAM-SINK-${String(toStream + 2).padStart(10, '0')} (topic: output-suppressed)
      <-- KSTREAM-MAP-000000000${toStream + 1}

`;

const intermediateTopology = (suppress: string, suppressStore: string, toStream: number) => `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input])
      --> KSTREAM-AGGREGATE-0000000002
    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])
      --> ${suppress}
      <-- KSTREAM-SOURCE-0000000000
    Processor: ${suppress} (stores: [${suppressStore}])
      --> KTABLE-TOSTREAM-000000000${toStream}
      <-- KSTREAM-AGGREGATE-0000000002
    Processor: KTABLE-TOSTREAM-000000000${toStream} (stores: [])
      --> KSTREAM-SINK-000000000${toStream + 1}
      <-- ${suppress}
    Sink: KSTREAM-SINK-000000000${toStream + 1} (topic: output)
      <-- KTABLE-TOSTREAM-000000000${toStream}

`;

describe('describe() of windowed aggregations and suppressions prints what Kafka Streams prints', () => {
  it('an anonymous final-results suppression takes two indexes (processor and store)', () => {
    expect(finalSuppression()).toBe(finalTopology('KTABLE-SUPPRESS-0000000006', 'KTABLE-SUPPRESS-STATE-STORE-0000000007', 8));
  });

  it('a named final-results suppression takes none: its store is <name>-store', () => {
    expect(finalSuppression('myname')).toBe(finalTopology('myname', 'myname-store', 6));
  });

  it('an anonymous time-limit suppression of a plain count', () => {
    expect(intermediateSuppression()).toBe(intermediateTopology('KTABLE-SUPPRESS-0000000003', 'KTABLE-SUPPRESS-STATE-STORE-0000000004', 5));
  });

  it('a named time-limit suppression', () => {
    expect(intermediateSuppression('asdf')).toBe(intermediateTopology('asdf', 'asdf-store', 3));
  });

  it('a windowed count: store index before the processor index', () => {
    const b = new StreamsBuilder();
    b.stream('input-topic').groupByKey().windowedBy(TimeWindows.of(1)).count();
    expect(b.build().describe().toString()).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic])
      --> KSTREAM-AGGREGATE-0000000002
    Processor: KSTREAM-AGGREGATE-0000000002 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000001])
      --> none
      <-- KSTREAM-SOURCE-0000000000

`);
  });
});
