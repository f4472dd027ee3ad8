import { describe, expect, it } from 'vitest';
import { Consumed, JoinWindows, Produced, Serdes, StreamJoined, StreamsBuilder } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

// describe() of join topologies against the texts Kafka Streams prints for the same programs.

const S = Serdes.String();

describe('describe() of stream-stream joins', () => {
  it('join -> filter -> mapValues -> to prints Kafka\'s text (Kafka\'s StreamsBuilderTest expectedFullTopology)', () => {
    const builder = new StreamsBuilder();
    const stream1 = builder.stream<string, string>('topic');
    const stream2 = builder.stream<string, string>('other-topic');
    stream1
      .join(stream2, (a, b) => a + b, JoinWindows.ofTimeDifferenceWithNoGrace(100))
      .filter(() => true)
      .mapValues((v) => v)
      .to('output-topic');
    expect(builder.build().describe().toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [topic])\n' +
        '      --> KSTREAM-WINDOWED-0000000002\n' +
        '    Source: KSTREAM-SOURCE-0000000001 (topics: [other-topic])\n' +
        '      --> KSTREAM-WINDOWED-0000000003\n' +
        '    Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-JOINTHIS-0000000004-store])\n' +
        '      --> KSTREAM-JOINTHIS-0000000004\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-JOINOTHER-0000000005-store])\n' +
        '      --> KSTREAM-JOINOTHER-0000000005\n' +
        '      <-- KSTREAM-SOURCE-0000000001\n' +
        '    Processor: KSTREAM-JOINOTHER-0000000005 (stores: [KSTREAM-JOINTHIS-0000000004-store])\n' +
        '      --> KSTREAM-MERGE-0000000006\n' +
        '      <-- KSTREAM-WINDOWED-0000000003\n' +
        '    Processor: KSTREAM-JOINTHIS-0000000004 (stores: [KSTREAM-JOINOTHER-0000000005-store])\n' +
        '      --> KSTREAM-MERGE-0000000006\n' +
        '      <-- KSTREAM-WINDOWED-0000000002\n' +
        '    Processor: KSTREAM-MERGE-0000000006 (stores: [])\n' +
        '      --> KSTREAM-FILTER-0000000007\n' +
        '      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-JOINOTHER-0000000005\n' +
        '    Processor: KSTREAM-FILTER-0000000007 (stores: [])\n' +
        '      --> KSTREAM-MAPVALUES-0000000008\n' +
        '      <-- KSTREAM-MERGE-0000000006\n' +
        '    Processor: KSTREAM-MAPVALUES-0000000008 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000009\n' +
        '      <-- KSTREAM-FILTER-0000000007\n' +
        '    Sink: KSTREAM-SINK-0000000009 (topic: output-topic)\n' +
        '      <-- KSTREAM-MAPVALUES-0000000008\n\n',
    );
  });

  it('left join: JOINTHIS/OUTEROTHER processors and the shared store KSTREAM-OUTERSHARED-<this index>-store (Kafka\'s generated names)', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('a').leftJoin(builder.stream<string, string>('b'), (x, y) => `${x}${y}`, JoinWindows.ofTimeDifferenceWithNoGrace(10)).to('out');
    const text = builder.build().describe().toString();
    expect(text).toContain('Processor: KSTREAM-WINDOWED-0000000002 (stores: [KSTREAM-JOINTHIS-0000000004-store])');
    expect(text).toContain('Processor: KSTREAM-WINDOWED-0000000003 (stores: [KSTREAM-OUTEROTHER-0000000005-store])');
    expect(text).toMatch(/Processor: KSTREAM-JOINTHIS-0000000004 \(stores: \[[^\]]*KSTREAM-OUTERSHARED-0000000004-store/);
    expect(text).toMatch(/Processor: KSTREAM-OUTEROTHER-0000000005 \(stores: \[[^\]]*KSTREAM-OUTERSHARED-0000000004-store/);
  });

  it('a named join names its processors <name>-this-windowed, -this-join, -outer-other-join, -merge (Kafka\'s StreamJoined.withName)', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('a')
      .leftJoin(builder.stream<string, string>('b'), (x, y) => `${x}${y}`, JoinWindows.ofTimeDifferenceWithNoGrace(10), StreamJoined.with(S, S, S).withName('op'))
      .to('out');
    const text = builder.build().describe().toString();
    for (const name of ['op-this-windowed', 'op-other-windowed', 'op-this-join', 'op-outer-other-join', 'op-merge']) expect(text).toContain(`Processor: ${name} `);
    // Store names stay generated unless withStoreName is given (Kafka).
    expect(text).toContain('KSTREAM-JOINTHIS-0000000004-store');
    expect(text).toContain('KSTREAM-OUTERSHARED-0000000004-store');
  });

  it('withStoreName names the stores <store>-this-join-store, -outer-other-join-store and -left-shared-join-store', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('a')
      .leftJoin(builder.stream<string, string>('b'), (x, y) => `${x}${y}`, JoinWindows.ofTimeDifferenceWithNoGrace(10), StreamJoined.with(S, S, S).withStoreName('st'))
      .to('out');
    const text = builder.build().describe().toString();
    for (const store of ['st-this-join-store', 'st-outer-other-join-store', 'st-left-shared-join-store']) expect(text).toContain(store);
  });
});

describe('joins after a key change repartition first (Kafka\'s repartitionForJoin)', () => {
  it('selectKey before a stream-stream join: <name>-repartition topic, then the join reads it', async () => {
    const builder = new StreamsBuilder();
    const left = builder.stream<string, string>('left', Consumed.with(S, S)).selectKey((_k, v) => v.split(':')[0]!);
    const right = builder.stream<string, string>('right', Consumed.with(S, S));
    left.join(right, (l, r) => `${l}&${r}`, JoinWindows.ofTimeDifferenceWithNoGrace(100), StreamJoined.with(S, S, S)).to('out', Produced.with(S, S));
    const topology = builder.build();
    const text = topology.describe().toString();
    // Indexes: left source 0, key-select 1, right source 2, then sink 3, filter 4 and source 5 of the repartition.
    expect(text).toContain('Sink: KSTREAM-SINK-0000000003 (topic: KSTREAM-KEY-SELECT-0000000001-repartition)');
    expect(text).toContain('Source: KSTREAM-SOURCE-0000000005 (topics: [KSTREAM-KEY-SELECT-0000000001-repartition])');
    expect(text).toContain('Processor: KSTREAM-WINDOWED-0000000006 (stores: [KSTREAM-JOINTHIS-0000000008-store])');

    const driver = new TopologyTestDriver(topology, { 'application.id': 'repartition-join' });
    try {
      await driver.createInputTopic('right', S.serializer(), S.serializer()).pipeInput('u1', 'R', 10);
      await driver.createInputTopic('left', S.serializer(), S.serializer()).pipeInput('x', 'u1:L', 20);
      const out = driver.createOutputTopic('out', S.deserializer(), S.deserializer()).readRecordsToList();
      expect(out.map((r) => [r.key(), r.value(), r.timestamp()])).toEqual([['u1', 'u1:L&R', 20]]);
    } finally {
      await driver.close();
    }
  });

  it('selectKey before a stream-table join: the stream side is repartitioned', () => {
    const builder = new StreamsBuilder();
    const stream = builder.stream<string, string>('s').selectKey((_k, v) => v);
    stream.join(builder.table<string, string>('t'), (a, b) => `${a}${b}`).to('out');
    const text = builder.build().describe().toString();
    expect(text).toContain('KSTREAM-KEY-SELECT-0000000001-repartition');
    expect(text).toMatch(/Processor: KSTREAM-JOIN-\d{10} \(stores: \[t-STATE-STORE-0000000002\]\)/);
  });
});
