import { describe, expect, it } from 'vitest';
import { Topology, TopologyException, type Processor, type StateStore, type StoreBuilder } from '../src/index.js';

// Expected texts are Kafka Streams' own output for the same structures (TopologyTest, user reports of real
// applications); the structures are rebuilt here with the Processor API, in the order Kafka's DSL adds them.

const noop = (): Processor<unknown, unknown> => ({ process() {} });

function store(name: string): StoreBuilder {
  const built: StateStore = { name: () => name, init() {}, flush() {}, close() {}, persistent: () => false, isOpen: () => true };
  return { name: () => name, build: () => built, loggingEnabled: () => false, logConfig: () => ({}) };
}

function streamStreamJoin(left: string, right: string, thisStore: string, otherStore: string, shared?: string): Topology {
  const t = new Topology()
    .addSource('KSTREAM-SOURCE-0000000000', 'input-topic1')
    .addSource('KSTREAM-SOURCE-0000000001', 'input-topic2')
    .addProcessor('KSTREAM-WINDOWED-0000000002', noop, 'KSTREAM-SOURCE-0000000000')
    .addProcessor('KSTREAM-WINDOWED-0000000003', noop, 'KSTREAM-SOURCE-0000000001')
    .addProcessor(left, noop, 'KSTREAM-WINDOWED-0000000002')
    .addProcessor(right, noop, 'KSTREAM-WINDOWED-0000000003')
    .addProcessor('KSTREAM-MERGE-0000000006', noop, left, right)
    .addStateStore(store(thisStore), 'KSTREAM-WINDOWED-0000000002', right)
    .addStateStore(store(otherStore), 'KSTREAM-WINDOWED-0000000003', left);
  if (shared !== undefined) t.addStateStore(store(shared), left, right);
  return t;
}

describe('Topology.describe() prints Kafka\'s text', () => {
  it('a stream-stream join: stores join sources into one sub-topology; TreeSet order as Kafka builds it', () => {
    const t = streamStreamJoin('KSTREAM-JOINTHIS-0000000004', 'KSTREAM-JOINOTHER-0000000005', 'KSTREAM-JOINTHIS-0000000004-store', 'KSTREAM-JOINOTHER-0000000005-store');
    expect(t.describe().toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [input-topic1])\n' +
        '      --> KSTREAM-WINDOWED-0000000002\n' +
        '    Source: KSTREAM-SOURCE-0000000001 (topics: [input-topic2])\n' +
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
        '      --> none\n' +
        // Not name order: Kafka's TreeSet compared JOINOTHER while its sub-tree size was still 1.
        '      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-JOINOTHER-0000000005\n\n',
    );
  });

  it('store sets print in Java HashSet order (left join with a shared store, three namings)', () => {
    const cases: [string, string, string, string, string][] = [
      ['KSTREAM-JOINTHIS-0000000004-store', 'KSTREAM-OUTEROTHER-0000000005-store', 'KSTREAM-OUTERSHARED-0000000004-store',
        '[KSTREAM-OUTEROTHER-0000000005-store, KSTREAM-OUTERSHARED-0000000004-store]', '[KSTREAM-JOINTHIS-0000000004-store, KSTREAM-OUTERSHARED-0000000004-store]'],
      ['custom-name-this-join-store', 'custom-name-outer-other-join-store', 'custom-name-left-shared-join-store',
        '[custom-name-outer-other-join-store, custom-name-left-shared-join-store]', '[custom-name-this-join-store, custom-name-left-shared-join-store]'],
      ['in-memory-join-store', 'in-memory-join-store-other', 'in-memory-join-store-left-shared-join-store',
        '[in-memory-join-store-other, in-memory-join-store-left-shared-join-store]', '[in-memory-join-store, in-memory-join-store-left-shared-join-store]'],
    ];
    for (const [thisStore, otherStore, shared, joinThisStores, outerOtherStores] of cases) {
      const text = streamStreamJoin('KSTREAM-JOINTHIS-0000000004', 'KSTREAM-OUTEROTHER-0000000005', thisStore, otherStore, shared).describe().toString();
      expect(text).toContain(`    Processor: KSTREAM-JOINTHIS-0000000004 (stores: ${joinThisStores})\n`);
      expect(text).toContain(`    Processor: KSTREAM-OUTEROTHER-0000000005 (stores: ${outerOtherStores})\n`);
      expect(text).toContain('      <-- KSTREAM-JOINTHIS-0000000004, KSTREAM-OUTEROTHER-0000000005\n\n');
    }
  });

  it('a branch/merge/repartition application (a real Kafka Streams description)', () => {
    const t = new Topology()
      .addSource('KSTREAM-SOURCE-0000000000', 'payment-topic')
      .addProcessor('KSTREAM-PEEK-0000000001', noop, 'KSTREAM-SOURCE-0000000000')
      .addProcessor('KSTREAM-FILTER-0000000002', noop, 'KSTREAM-PEEK-0000000001')
      .addProcessor('KSTREAM-PEEK-0000000003', noop, 'KSTREAM-FILTER-0000000002')
      .addProcessor('KSTREAM-BRANCH-0000000004', noop, 'KSTREAM-PEEK-0000000003')
      .addProcessor('KSTREAM-BRANCHCHILD-0000000005', noop, 'KSTREAM-BRANCH-0000000004')
      .addProcessor('KSTREAM-BRANCHCHILD-0000000006', noop, 'KSTREAM-BRANCH-0000000004')
      .addProcessor('KSTREAM-MAPVALUES-0000000007', noop, 'KSTREAM-BRANCHCHILD-0000000006')
      .addProcessor('KSTREAM-MERGE-0000000008', noop, 'KSTREAM-BRANCHCHILD-0000000005', 'KSTREAM-MAPVALUES-0000000007')
      .addProcessor('KSTREAM-PEEK-0000000009', noop, 'KSTREAM-MERGE-0000000008')
      .addProcessor('KSTREAM-MAP-0000000010', noop, 'KSTREAM-PEEK-0000000009')
      .addProcessor('balance-repartition-filter', noop, 'KSTREAM-MAP-0000000010')
      .addSink('balance-repartition-sink', 'balance-repartition', 'balance-repartition-filter')
      .addSource('balance-repartition-source', 'balance-repartition')
      .addProcessor('KSTREAM-AGGREGATE-0000000011', noop, 'balance-repartition-source')
      .addStateStore(store('balance'), 'KSTREAM-AGGREGATE-0000000011')
      .addProcessor('KSTREAM-BRANCH-0000000015', noop, 'KSTREAM-PEEK-0000000009')
      .addProcessor('KSTREAM-BRANCHCHILD-0000000016', noop, 'KSTREAM-BRANCH-0000000015')
      .addProcessor('KSTREAM-BRANCHCHILD-0000000017', noop, 'KSTREAM-BRANCH-0000000015')
      .addSink('KSTREAM-SINK-0000000018', 'rails-foo-topic', 'KSTREAM-BRANCHCHILD-0000000016')
      .addSink('KSTREAM-SINK-0000000019', 'rails-bar-topic', 'KSTREAM-BRANCHCHILD-0000000017');
    expect(t.describe().toString()).toBe(`Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [payment-topic])
      --> KSTREAM-PEEK-0000000001
    Processor: KSTREAM-PEEK-0000000001 (stores: [])
      --> KSTREAM-FILTER-0000000002
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000002 (stores: [])
      --> KSTREAM-PEEK-0000000003
      <-- KSTREAM-PEEK-0000000001
    Processor: KSTREAM-PEEK-0000000003 (stores: [])
      --> KSTREAM-BRANCH-0000000004
      <-- KSTREAM-FILTER-0000000002
    Processor: KSTREAM-BRANCH-0000000004 (stores: [])
      --> KSTREAM-BRANCHCHILD-0000000006, KSTREAM-BRANCHCHILD-0000000005
      <-- KSTREAM-PEEK-0000000003
    Processor: KSTREAM-BRANCHCHILD-0000000006 (stores: [])
      --> KSTREAM-MAPVALUES-0000000007
      <-- KSTREAM-BRANCH-0000000004
    Processor: KSTREAM-BRANCHCHILD-0000000005 (stores: [])
      --> KSTREAM-MERGE-0000000008
      <-- KSTREAM-BRANCH-0000000004
    Processor: KSTREAM-MAPVALUES-0000000007 (stores: [])
      --> KSTREAM-MERGE-0000000008
      <-- KSTREAM-BRANCHCHILD-0000000006
    Processor: KSTREAM-MERGE-0000000008 (stores: [])
      --> KSTREAM-PEEK-0000000009
      <-- KSTREAM-BRANCHCHILD-0000000005, KSTREAM-MAPVALUES-0000000007
    Processor: KSTREAM-PEEK-0000000009 (stores: [])
      --> KSTREAM-BRANCH-0000000015, KSTREAM-MAP-0000000010
      <-- KSTREAM-MERGE-0000000008
    Processor: KSTREAM-BRANCH-0000000015 (stores: [])
      --> KSTREAM-BRANCHCHILD-0000000016, KSTREAM-BRANCHCHILD-0000000017
      <-- KSTREAM-PEEK-0000000009
    Processor: KSTREAM-MAP-0000000010 (stores: [])
      --> balance-repartition-filter
      <-- KSTREAM-PEEK-0000000009
    Processor: KSTREAM-BRANCHCHILD-0000000016 (stores: [])
      --> KSTREAM-SINK-0000000018
      <-- KSTREAM-BRANCH-0000000015
    Processor: KSTREAM-BRANCHCHILD-0000000017 (stores: [])
      --> KSTREAM-SINK-0000000019
      <-- KSTREAM-BRANCH-0000000015
    Processor: balance-repartition-filter (stores: [])
      --> balance-repartition-sink
      <-- KSTREAM-MAP-0000000010
    Sink: KSTREAM-SINK-0000000018 (topic: rails-foo-topic)
      <-- KSTREAM-BRANCHCHILD-0000000016
    Sink: KSTREAM-SINK-0000000019 (topic: rails-bar-topic)
      <-- KSTREAM-BRANCHCHILD-0000000017
    Sink: balance-repartition-sink (topic: balance-repartition)
      <-- balance-repartition-filter

  Sub-topology: 1
    Source: balance-repartition-source (topics: [balance-repartition])
      --> KSTREAM-AGGREGATE-0000000011
    Processor: KSTREAM-AGGREGATE-0000000011 (stores: [balance])
      --> none
      <-- balance-repartition-source

`);
  });

  it('topic sets and patterns', () => {
    const t = new Topology().addSource('s', 'b', 'a').addSource('p', /topic[0-9]/).addSink('sink', (k: unknown) => String(k), 's');
    expect(t.describe().toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: s (topics: [a, b])\n' +
        '      --> sink\n' +
        '    Sink: sink (extractor class: anonymous)\n' +
        '      <-- s\n\n' +
        '  Sub-topology: 1\n' +
        '    Source: p (topics: topic[0-9])\n' +
        '      --> none\n\n',
    );
  });

  it('an empty topology', () => {
    expect(new Topology().describe().toString()).toBe('Topologies:\n ');
  });
});

describe('Topology: sub-topologies are connected components, as Kafka computes them', () => {
  const groups = (t: Topology) => [...t.describe().subtopologies()].map((s) => [...s.nodes()].map((n) => n.name()).sort());

  it('separate sources make separate sub-topologies, numbered in insertion order', () => {
    const t = new Topology().addSource('source1', 'topic1').addProcessor('processor1', noop, 'source1')
      .addSource('source2', 'topic2').addProcessor('processor2', noop, 'source2')
      .addSource('source3', 'topic3').addSink('sink3', 'sinkTopic3', 'source3');
    expect(groups(t)).toEqual([['processor1', 'source1'], ['processor2', 'source2'], ['sink3', 'source3']]);
  });

  it('a shared sink or a shared store joins them', () => {
    const viaSink = new Topology().addSource('source', 'topic').addProcessor('processor1', noop, 'source')
      .addSource('source2', 'topic2').addProcessor('processor2', noop, 'source2')
      .addSink('sink', 'sinkTopic', 'processor1', 'processor2');
    expect(groups(viaSink)).toHaveLength(1);
    const viaStore = new Topology().addSource('source', 'topic').addProcessor('processor1', noop, 'source').addStateStore(store('store1'), 'processor1')
      .addSource('source2', 'topic2').addProcessor('processor2', noop, 'source2').addStateStore(store('store2'), 'processor2')
      .addSource('source3', 'topic3').addProcessor('processor3', noop, 'source3').connectProcessorAndStateStores('processor3', 'store1', 'store2');
    expect(groups(viaStore)).toEqual([['processor1', 'processor2', 'processor3', 'source', 'source2', 'source3']]);
  });

  it('the description exposes nodes, topics, stores and edges', () => {
    const t = new Topology().addSource('src', 'in').addProcessor('p', noop, 'src').addStateStore(store('st'), 'p').addSink('out', 'topic-out', 'p');
    const [sub] = [...t.describe().subtopologies()];
    const nodes = [...sub!.nodes()];
    expect(nodes.map((n) => n.name())).toEqual(['src', 'p', 'out']);
    const [src, p, out] = nodes as [import('../src/index.js').SourceNode, import('../src/index.js').ProcessorNode, import('../src/index.js').SinkNode];
    expect([...src.topicSet()!]).toEqual(['in']);
    expect([...p.stores()]).toEqual(['st']);
    expect(out.topic()).toBe('topic-out');
    expect([...p.predecessors()].map((n) => n.name())).toEqual(['src']);
    expect([...p.successors()].map((n) => n.name())).toEqual(['out']);
  });
});

describe('Topology: Kafka\'s validation', () => {
  const code = (f: () => unknown) => {
    try { f(); } catch (e) { return (e as TopologyException).code; }
    return 'no error';
  };

  it('refuses what Kafka refuses', () => {
    expect(code(() => new Topology().addSource('s'))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addSource('s', 't1').addSource('s', 't2'))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addSource('s', 't1').addSource('s2', 't1'))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addSource('s1', 'foo').addSource('s2', /f.*/))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addSource('s1', /f.*/).addSource('s2', 'foo'))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addSource('s', 't').addProcessor('p', noop))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addProcessor('p', noop, 'source'))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addProcessor('p', noop, 'p'))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addSource('s', 't').addSink('k', 't2', 's').addSink('k2', 't3', 'k'))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addSource('s', 't').addStateStore(store('x'), 's'))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addStateStore(store('x'), 'nope'))).toBe('TOPOLOGY');
    expect(code(() => new Topology().addStateStore(store('x')).addStateStore(store('x')))).toBe('TOPOLOGY');
    expect(code(() => new Topology().connectProcessorAndStateStores('p'))).toBe('TOPOLOGY');
    expect(() => new Topology().addSource('s', 't1').addSource('s', 't2')).toThrow('Invalid topology: Processor s is already added.');
  });

  it('allows the same store builder twice (a supplier providing its store to two processors)', () => {
    const b = store('shared');
    const supplier = { get: noop, stores: () => [b] };
    const t = new Topology().addSource('source', 'topic-1').addProcessor('processor-1', supplier, 'source').addProcessor('processor-2', supplier, 'source');
    const [sub] = [...t.describe().subtopologies()];
    expect([...sub!.nodes()].filter((n) => n.name().startsWith('processor')).map((n) => [...(n as import('../src/index.js').ProcessorNode).stores()])).toEqual([['shared'], ['shared']]);
  });
});
