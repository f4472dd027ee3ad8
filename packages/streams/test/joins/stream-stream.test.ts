import { describe, expect, it } from 'vitest';
import { Consumed, JoinWindows, Produced, Serdes, StreamJoined, StreamsBuilder, type KStream, type Topology } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';
import { EMIT_INTERVAL_CONFIG } from '../../src/internal/kstream/joins/kstream-kstream-join.js';
import { streamJoin } from './dsl.js';
import { bracket, GUIDE_ROWS, type Out, type Row } from './table-rows.js';

// Kafka Streams' developer guide, "Semantics of stream-stream joins": every row of the table, record for record,
// with the output timestamps (the larger of the two joined records' timestamps).

const S = Serdes.String();
type Kind = 'join' | 'leftJoin' | 'outerJoin';

function topology(kind: Kind, windows: JoinWindows): Topology {
  const builder = new StreamsBuilder();
  const left = builder.stream<string, string>('left', Consumed.with(S, S));
  const right = builder.stream<string, string>('right', Consumed.with(S, S));
  const joined: KStream<string, string> = streamJoin(kind, left, right, bracket, windows, StreamJoined.with(S, S, S));
  joined.to('out', Produced.with(S, S));
  return builder.build();
}

/** Pipes the rows (key "k") and returns, per row, what the join emitted on it. */
async function run(kind: Kind, windows: JoinWindows, rows: readonly Row[]): Promise<Map<number, Out[]>> {
  const driver = new TopologyTestDriver(topology(kind, windows), { 'application.id': 'ss-join', [EMIT_INTERVAL_CONFIG]: 0 });
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

const at = (pairs: readonly (readonly [string, string, number])[]): Out[] => pairs.map(([l, r, ts]) => ({ value: bracket(l === 'null' ? null : l, r === 'null' ? null : r), ts }));

/** The INNER JOIN column, with output timestamps. */
const INNER = new Map<number, Out[]>([
  [4, at([['A', 'a', 4]])],
  [5, at([['B', 'a', 5]])],
  [6, at([['A', 'b', 6], ['B', 'b', 6]])],
  [9, at([['C', 'a', 9], ['C', 'b', 9]])],
  [10, at([['A', 'c', 10], ['B', 'c', 10], ['C', 'c', 10]])],
  [14, at([['A', 'd', 14], ['B', 'd', 14], ['C', 'd', 14]])],
  [15, at([['D', 'a', 15], ['D', 'b', 15], ['D', 'c', 15], ['D', 'd', 15]])],
]);

describe('stream-stream joins: the developer guide table (all records in one window)', () => {
  // The guide's table shows the eager unmatched result [A, null] at timestamp 3: the behaviour of the deprecated
  // JoinWindows.of, which has no spurious-result fix (as in Kafka before 3.1, and in Kafka 3.1+ with `of`).
  const legacy = JoinWindows.of(100);

  it('INNER JOIN', async () => {
    expect(await run('join', legacy, GUIDE_ROWS)).toEqual(INNER);
  });

  it('LEFT JOIN', async () => {
    expect(await run('leftJoin', legacy, GUIDE_ROWS)).toEqual(new Map([[3, at([['A', 'null', 3]])], ...INNER]));
  });

  it('OUTER JOIN', async () => {
    expect(await run('outerJoin', legacy, GUIDE_ROWS)).toEqual(new Map([[3, at([['A', 'null', 3]])], ...INNER]));
  });
});

describe('stream-stream left/outer joins without spurious results (Kafka 3.1+, ofTimeDifference windows)', () => {
  // The wiki's "improved left/outer stream-stream join" table: rows 1-15 as the inner join (A found a partner
  // before its window closed), then E, F, f and G, whose unmatched results appear once stream time passes the
  // window end (15 ms after the record, no grace).
  const windows = JoinWindows.ofTimeDifferenceWithNoGrace(15);
  const LATE: Row[] = [
    { ts: 40, side: 'left', value: 'E' },
    { ts: 60, side: 'left', value: 'F' },
    { ts: 80, side: 'right', value: 'f' },
    { ts: 100, side: 'left', value: 'G' },
  ];

  it('INNER JOIN: the late rows join nothing', async () => {
    expect(await run('join', windows, [...GUIDE_ROWS, ...LATE])).toEqual(INNER);
  });

  it('LEFT JOIN: [E, null] when F closes E\'s window, [F, null] when f closes F\'s', async () => {
    expect(await run('leftJoin', windows, [...GUIDE_ROWS, ...LATE])).toEqual(
      new Map([...INNER, [60, at([['E', 'null', 40]])], [80, at([['F', 'null', 60]])]]),
    );
  });

  it('OUTER JOIN: also [null, f] when G closes f\'s window', async () => {
    expect(await run('outerJoin', windows, [...GUIDE_ROWS, ...LATE])).toEqual(
      new Map([...INNER, [60, at([['E', 'null', 40]])], [80, at([['F', 'null', 60]])], [100, at([['null', 'f', 80]])]]),
    );
  });

  it('an unmatched record waits for the grace period too', async () => {
    const graced = JoinWindows.ofTimeDifferenceAndGrace(15, 10);
    const rows: Row[] = [
      { ts: 40, side: 'left', value: 'E' },
      { ts: 60, side: 'left', value: 'F' }, // 40 + 15 + 10 = 65 >= 60: E's window is still open
      { ts: 66, side: 'left', value: 'G' },
    ];
    expect(await run('leftJoin', graced, rows)).toEqual(new Map([[66, at([['E', 'null', 40]])]]));
  });
});

describe('stream-stream join windows', () => {
  it('before/after bound the other side\'s timestamps: other.ts in [ts - before, ts + after]', async () => {
    const windows = JoinWindows.ofTimeDifferenceWithNoGrace(0).before(5).after(2);
    const rows: Row[] = [
      { ts: 100, side: 'left', value: 'L' },
      { ts: 94, side: 'right', value: 'early' }, // 100 - 94 = 6 > before: no join
      { ts: 95, side: 'right', value: 'r95' },
      { ts: 102, side: 'right', value: 'r102' },
      { ts: 103, side: 'right', value: 'r103' }, // 103 - 100 = 3 > after: no join
    ];
    expect(await run('join', windows, rows)).toEqual(new Map([[95, at([['L', 'r95', 100]])], [102, at([['L', 'r102', 102]])]]));
  });

  it('records older than the retention (window size + grace) are gone from the store', async () => {
    const windows = JoinWindows.ofTimeDifferenceAndGrace(10, 5);
    const rows: Row[] = [
      { ts: 100, side: 'left', value: 'old' },
      { ts: 200, side: 'left', value: 'new' }, // stream time 200: retention 25 keeps only ts > 175
      { ts: 105, side: 'right', value: 'late' }, // within 10 of "old", but "old" expired
      { ts: 195, side: 'right', value: 'r' },
    ];
    expect(await run('join', windows, rows)).toEqual(new Map([[195, at([['new', 'r', 200]])]]));
  });

  it('out-of-order records on one side are visited in timestamp order', async () => {
    const windows = JoinWindows.ofTimeDifferenceWithNoGrace(50);
    const rows: Row[] = [
      { ts: 30, side: 'left', value: 'x30' },
      { ts: 10, side: 'left', value: 'x10' },
      { ts: 20, side: 'left', value: 'x20' },
      { ts: 25, side: 'right', value: 'y' },
    ];
    expect(await run('join', windows, rows)).toEqual(new Map([[25, at([['x10', 'y', 25], ['x20', 'y', 25], ['x30', 'y', 30]])]]));
  });
});
