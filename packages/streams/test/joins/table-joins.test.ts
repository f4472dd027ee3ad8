import { describe, expect, it } from 'vitest';
import { Consumed, Materialized, Produced, Serdes, StreamsBuilder, type Topology } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';
import { globalJoin, streamTableJoin, tableJoin, type TableJoinKind } from './dsl.js';
import { bracket, GUIDE_ROWS, type Out, type Row } from './table-rows.js';

// Kafka Streams' developer guide, "Semantics of table-table equi-joins" and "Semantics of stream-table joins":
// every row, record for record, with timestamps. A null output value is a tombstone of the result table.

const S = Serdes.String();
const PROPS = { 'application.id': 'table-join', 'statestore.cache.max.bytes': 0 };

async function run(topology: Topology, rows: readonly Row[]): Promise<Map<number, Out[]>> {
  const driver = new TopologyTestDriver(topology, PROPS);
  try {
    const inputs = { left: driver.createInputTopic('left', S.serializer(), S.serializer()), right: driver.createInputTopic('right', S.serializer(), S.serializer()) };
    const output = driver.createOutputTopic('out', S.deserializer(), S.deserializer());
    const byRow = new Map<number, Out[]>();
    for (const row of rows) {
      await inputs[row.side].pipeInput('k', row.value as string, row.ts);
      const out = output.readRecordsToList().map((r) => ({ value: r.value(), ts: r.timestamp() ?? -1 }));
      if (out.length > 0) byRow.set(row.ts, out);
    }
    return byRow;
  } finally {
    await driver.close();
  }
}

function tableTopology(kind: TableJoinKind, materialize = false): Topology {
  const builder = new StreamsBuilder();
  const left = builder.table<string, string>('left', Consumed.with(S, S));
  const right = builder.table<string, string>('right', Consumed.with(S, S));
  const joined = materialize
    ? tableJoin(kind, left, right, bracket, Materialized.as<string, string>('joined').withKeySerde(S).withValueSerde(S))
    : tableJoin(kind, left, right, bracket);
  joined.toStream().to('out', Produced.with(S, S));
  return builder.build();
}

const o = (value: string | null, ts: number): Out[] => [{ value, ts }];

describe('table-table joins: the developer guide table', () => {
  const INNER = new Map<number, Out[]>([
    [4, o('[A, a]', 4)],
    [5, o('[B, a]', 5)],
    [6, o('[B, b]', 6)],
    [7, o(null, 7)],
    [10, o('[C, c]', 10)],
    [11, o(null, 11)],
    [15, o('[D, d]', 15)],
  ]);
  const LEFT = new Map<number, Out[]>([
    [3, o('[A, null]', 3)],
    [4, o('[A, a]', 4)],
    [5, o('[B, a]', 5)],
    [6, o('[B, b]', 6)],
    [7, o(null, 7)],
    [9, o('[C, null]', 9)],
    [10, o('[C, c]', 10)],
    [11, o('[C, null]', 11)],
    [12, o(null, 12)],
    [15, o('[D, d]', 15)],
  ]);
  const OUTER = new Map<number, Out[]>([
    [3, o('[A, null]', 3)],
    [4, o('[A, a]', 4)],
    [5, o('[B, a]', 5)],
    [6, o('[B, b]', 6)],
    [7, o('[null, b]', 7)],
    [8, o(null, 8)],
    [9, o('[C, null]', 9)],
    [10, o('[C, c]', 10)],
    [11, o('[C, null]', 11)],
    [12, o(null, 12)],
    [14, o('[null, d]', 14)],
    [15, o('[D, d]', 15)],
  ]);

  it('INNER JOIN', async () => {
    expect(await run(tableTopology('join'), GUIDE_ROWS)).toEqual(INNER);
  });

  it('LEFT JOIN', async () => {
    expect(await run(tableTopology('leftJoin'), GUIDE_ROWS)).toEqual(LEFT);
  });

  it('OUTER JOIN', async () => {
    expect(await run(tableTopology('outerJoin'), GUIDE_ROWS)).toEqual(OUTER);
  });

  it.each([
    ['join', INNER],
    ['leftJoin', LEFT],
    ['outerJoin', OUTER],
  ] as const)('materialized %s: the same results, and the store holds the current row', async (kind, expected) => {
    const topology = tableTopology(kind, true);
    expect(await run(topology, GUIDE_ROWS)).toEqual(expected);
  });
});

describe('stream-table joins: the developer guide table', () => {
  function topology(kind: 'join' | 'leftJoin'): Topology {
    const builder = new StreamsBuilder();
    const stream = builder.stream<string, string>('left', Consumed.with(S, S));
    const table = builder.table<string, string>('right', Consumed.with(S, S));
    streamTableJoin(kind, stream, table, bracket).to('out', Produced.with(S, S));
    return builder.build();
  }

  it('INNER JOIN', async () => {
    expect(await run(topology('join'), GUIDE_ROWS)).toEqual(new Map([[5, o('[B, a]', 5)], [15, o('[D, d]', 15)]]));
  });

  it('LEFT JOIN', async () => {
    expect(await run(topology('leftJoin'), GUIDE_ROWS)).toEqual(
      new Map([[3, o('[A, null]', 3)], [5, o('[B, a]', 5)], [9, o('[C, null]', 9)], [15, o('[D, d]', 15)]]),
    );
  });
});

describe('stream-globalTable joins', () => {
  function topology(kind: 'join' | 'leftJoin'): Topology {
    const builder = new StreamsBuilder();
    const stream = builder.stream<string, string>('left', Consumed.with(S, S));
    const table = builder.globalTable<string, string>('right', Consumed.with(S, S));
    // The KeyValueMapper keeps the stream's key: the table is looked up by it, as in the stream-table table.
    globalJoin(kind, stream, table, (k) => k, bracket).to('out', Produced.with(S, S));
    return builder.build();
  }

  it('INNER JOIN follows the stream-table table', async () => {
    expect(await run(topology('join'), GUIDE_ROWS)).toEqual(new Map([[5, o('[B, a]', 5)], [15, o('[D, d]', 15)]]));
  });

  it('LEFT JOIN follows the stream-table table', async () => {
    expect(await run(topology('leftJoin'), GUIDE_ROWS)).toEqual(
      new Map([[3, o('[A, null]', 3)], [5, o('[B, a]', 5)], [9, o('[C, null]', 9)], [15, o('[D, d]', 15)]]),
    );
  });

  it('the KeyValueMapper picks the table key from the stream record', async () => {
    const builder = new StreamsBuilder();
    const orders = builder.stream<string, string>('orders', Consumed.with(S, S));
    const customers = builder.globalTable<string, string>('customers', Consumed.with(S, S));
    globalJoin('join', orders, customers, (_orderId, value) => value.split(':')[0]!, (order, customer) => `${order} by ${customer}`).to('out', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build(), PROPS);
    try {
      await driver.createInputTopic('customers', S.serializer(), S.serializer()).pipeInput('c1', 'Alice', 1);
      const input = driver.createInputTopic('orders', S.serializer(), S.serializer());
      await input.pipeInput('o1', 'c1:book', 5);
      await input.pipeInput('o2', 'c2:pen', 6);
      const out = driver.createOutputTopic('out', S.deserializer(), S.deserializer()).readRecordsToList();
      expect(out.map((r) => [r.key(), r.value(), r.timestamp()])).toEqual([['o1', 'c1:book by Alice', 5]]);
    } finally {
      await driver.close();
    }
  });
});
