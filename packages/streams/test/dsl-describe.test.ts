import { describe, expect, it } from 'vitest';
import { Branched, Consumed, Named, Produced, Repartitioned, Serdes, StreamsBuilder, type Processor } from '../src/index.js';

// Expected texts: Kafka's documentation ("Naming Operators in a Kafka Streams DSL Application") and real
// applications' printed topologies for the same DSL programs; the split/merge/process cases follow Kafka's
// naming rules (BranchedKStreamImpl: split name + branch name or index, one index burnt per branch).

describe('StreamsBuilder.build().describe() prints what Kafka Streams prints', () => {
  it('filter -> mapValues -> to (Kafka\'s documentation)', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('input')
      .filter((_k, v) => v !== 'invalid_txn')
      .mapValues((v) => v.substring(0, 5))
      .to('output');
    expect(builder.build().describe().toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [input])\n' +
        '      --> KSTREAM-FILTER-0000000001\n' +
        '    Processor: KSTREAM-FILTER-0000000001 (stores: [])\n' +
        '      --> KSTREAM-MAPVALUES-0000000002\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: KSTREAM-MAPVALUES-0000000002 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000003\n' +
        '      <-- KSTREAM-FILTER-0000000001\n' +
        '    Sink: KSTREAM-SINK-0000000003 (topic: output)\n' +
        '      <-- KSTREAM-MAPVALUES-0000000002\n\n',
    );
  });

  it('peek -> filter -> peek -> to', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('my-input-topic', Consumed.with(Serdes.String(), Serdes.String()))
      .peek(() => {})
      .filter((_k, v) => v.toUpperCase() === 'BLUE')
      .peek(() => {})
      .to('my-output-topic');
    expect(builder.build().describe().toString()).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [my-input-topic])
      --> KSTREAM-PEEK-0000000001
    Processor: KSTREAM-PEEK-0000000001 (stores: [])
      --> KSTREAM-FILTER-0000000002
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000002 (stores: [])
      --> KSTREAM-PEEK-0000000003
      <-- KSTREAM-PEEK-0000000001
    Processor: KSTREAM-PEEK-0000000003 (stores: [])
      --> KSTREAM-SINK-0000000004
      <-- KSTREAM-FILTER-0000000002
    Sink: KSTREAM-SINK-0000000004 (topic: my-output-topic)
      <-- KSTREAM-PEEK-0000000003

`);
  });

  it('repartition(): generated names, a new sub-topology behind the repartition topic', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('customer-input', Consumed.with(Serdes.String(), Serdes.String()))
      .repartition(Repartitioned.numberOfPartitions(10))
      .foreach(() => {});
    expect(builder.build().describe().toString()).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [customer-input])
      --> KSTREAM-FILTER-0000000003
    Processor: KSTREAM-FILTER-0000000003 (stores: [])
      --> KSTREAM-SINK-0000000002
      <-- KSTREAM-SOURCE-0000000000
    Sink: KSTREAM-SINK-0000000002 (topic: KSTREAM-REPARTITION-0000000001-repartition)
      <-- KSTREAM-FILTER-0000000003

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000004 (topics: [KSTREAM-REPARTITION-0000000001-repartition])
      --> KSTREAM-FOREACH-0000000005
    Processor: KSTREAM-FOREACH-0000000005 (stores: [])
      --> none
      <-- KSTREAM-SOURCE-0000000004

`);
  });

  it('a named repartition names its sink, filter and source after the topic', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('input').map((k, v) => ({ key: v, value: k }), Named.as('map-key-when-null'))
      .repartition(Repartitioned.as('input'))
      .mapValues((v) => `Processed: ${v}`)
      .to('output');
    const text = builder.build().describe().toString();
    expect(text).toContain('    Processor: input-repartition-filter (stores: [])\n      --> input-repartition-sink\n      <-- map-key-when-null\n');
    expect(text).toContain('    Sink: input-repartition-sink (topic: input-repartition)\n');
    expect(text).toContain('    Source: input-repartition-source (topics: [input-repartition])\n      --> KSTREAM-MAPVALUES-0000000004\n');
    expect(text).toContain('    Sink: KSTREAM-SINK-0000000005 (topic: output)\n');
  });

  it('split: child names are the split name plus the index (default 0) or the branch name', () => {
    const builder = new StreamsBuilder();
    const branches = builder.stream<string, number>('numbers')
      .split()
      .branch((_k, v) => v > 0)
      .branch((_k, v) => v < 0)
      .defaultBranch();
    expect([...branches.keys()]).toEqual(['KSTREAM-BRANCH-00000000011', 'KSTREAM-BRANCH-00000000012', 'KSTREAM-BRANCH-00000000010']);
    branches.get('KSTREAM-BRANCH-00000000011')!.to('positive');
    branches.get('KSTREAM-BRANCH-00000000012')!.mapValues((v) => -v).to('negative');
    branches.get('KSTREAM-BRANCH-00000000010')!.to('zero');
    expect(builder.build().describe().toString()).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [numbers])
      --> KSTREAM-BRANCH-0000000001
    Processor: KSTREAM-BRANCH-0000000001 (stores: [])
      --> KSTREAM-BRANCH-00000000012, KSTREAM-BRANCH-00000000010, KSTREAM-BRANCH-00000000011
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-BRANCH-00000000012 (stores: [])
      --> KSTREAM-MAPVALUES-0000000006
      <-- KSTREAM-BRANCH-0000000001
    Processor: KSTREAM-BRANCH-00000000010 (stores: [])
      --> KSTREAM-SINK-0000000008
      <-- KSTREAM-BRANCH-0000000001
    Processor: KSTREAM-BRANCH-00000000011 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- KSTREAM-BRANCH-0000000001
    Processor: KSTREAM-MAPVALUES-0000000006 (stores: [])
      --> KSTREAM-SINK-0000000007
      <-- KSTREAM-BRANCH-00000000012
    Sink: KSTREAM-SINK-0000000005 (topic: positive)
      <-- KSTREAM-BRANCH-00000000011
    Sink: KSTREAM-SINK-0000000007 (topic: negative)
      <-- KSTREAM-MAPVALUES-0000000006
    Sink: KSTREAM-SINK-0000000008 (topic: zero)
      <-- KSTREAM-BRANCH-00000000010

`);
  });

  it('a named split with named branches and chains', () => {
    const builder = new StreamsBuilder();
    const branches = builder.stream<string, string>('input')
      .split(Named.as('Branch-'))
      .branch((_k, v) => v.startsWith('A'), Branched.as('A'))
      .branch((_k, v) => v.startsWith('B'), Branched.withFunction((s) => s.mapValues((v) => v.toLowerCase()), 'B'))
      .branch((_k, v) => v.startsWith('C'), Branched.withConsumer((s) => s.to('c-topic')))
      .defaultBranch(Branched.as('other'));
    expect([...branches.keys()]).toEqual(['Branch-A', 'Branch-B', 'Branch-other']);
    const text = builder.build().describe().toString();
    expect(text).toContain('    Processor: Branch- (stores: [])\n');
    expect(text).toContain('    Processor: Branch-3 (stores: [])\n      --> KSTREAM-SINK-0000000005\n');
    expect(text).toContain('    Processor: KSTREAM-MAPVALUES-0000000003 (stores: [])\n');
  });

  it('merge: one processor with both parents; process/processValues names', () => {
    const builder = new StreamsBuilder();
    const a = builder.stream<string, string>('a');
    const b = builder.stream<string, string>('b');
    const passThrough = (): Processor<string, string, string, string> => ({ process() {} });
    a.merge(b).process(passThrough).processValues(() => ({ process() {} })).to('out');
    expect(builder.build().describe().toString()).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [a])
      --> KSTREAM-MERGE-0000000002
    Source: KSTREAM-SOURCE-0000000001 (topics: [b])
      --> KSTREAM-MERGE-0000000002
    Processor: KSTREAM-MERGE-0000000002 (stores: [])
      --> KSTREAM-PROCESSOR-0000000003
      <-- KSTREAM-SOURCE-0000000000, KSTREAM-SOURCE-0000000001
    Processor: KSTREAM-PROCESSOR-0000000003 (stores: [])
      --> KSTREAM-PROCESSVALUES-0000000004
      <-- KSTREAM-MERGE-0000000002
    Processor: KSTREAM-PROCESSVALUES-0000000004 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- KSTREAM-PROCESSOR-0000000003
    Sink: KSTREAM-SINK-0000000005 (topic: out)
      <-- KSTREAM-PROCESSVALUES-0000000004

`);
  });

  it('named operators, sources and sinks; every generated prefix', () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('in', Consumed.as('source'))
      .filterNot(() => false).selectKey((k) => k).flatMap((k, v) => [{ key: k, value: v }]).flatMapValues((v) => [v])
      .map((k, v) => ({ key: k, value: v })).peek(() => {}, Named.as('look'))
      .to('out', Produced.as('sink'));
    const text = builder.build().describe().toString();
    for (const name of ['Source: source', 'KSTREAM-FILTER-0000000000', 'KSTREAM-KEY-SELECT-0000000001', 'KSTREAM-FLATMAP-0000000002',
      'KSTREAM-FLATMAPVALUES-0000000003', 'KSTREAM-MAP-0000000004', 'Processor: look', 'Sink: sink (topic: out)']) {
      expect(text).toContain(name);
    }
  });

  it('rejects illegal names as Kafka does', () => {
    expect(() => Named.as('a b')).toThrow(/contains a character other than ASCII alphanumerics/);
    expect(() => Named.as('x'.repeat(250))).toThrow(/can't be longer than 249/);
  });
});
