import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferConfig, Consumed, Materialized, Produced, StreamsBuilder, Suppressed, TimeWindows, WindowedSerdes, type KTable, type Windowed } from '../../src/index.js';
import { L, S, start, type Run } from './harness.js';

// KTable.suppress as Kafka's developer guide describes it ("Window Final Results" and rate limiting): updates are
// held in a buffer and only the last one per key leaves it - when its window closes (stream time passes window end
// + grace) or its time limit passes - and a full buffer emits early or fails the task.

let run: Run | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
  vi.restoreAllMocks();
});

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

describe('suppress(untilWindowCloses)', () => {
  it("the docs' example: one final count per user and hour, after the 10-minute grace, filtered to counts < 3", async () => {
    const b = new StreamsBuilder();
    const counts = b.stream<string, string>('events', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(HOUR, 10 * MINUTE)).count();
    counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))
      .filter((_user, count) => count < 3)
      .toStream()
      .to('alerts', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, HOUR), L));
    run = start(b);
    await run.pipe('events', [
      ['alice', 'click', 5 * MINUTE],
      ['bob', 'click', 10 * MINUTE],
      ['alice', 'click', 20 * MINUTE],
      ['alice', 'click', 30 * MINUTE],
      ['bob', 'click', HOUR + 5 * MINUTE], // stream time 1:05 - the first hour is still in its grace period
      ['alice', 'click', 55 * MINUTE], // late but within grace: counted in the first hour
    ]);
    expect(run.readTimeWindowed('alerts', HOUR)).toEqual([]);
    await run.pipe('events', [['carol', 'click', HOUR + 10 * MINUTE]]); // 1:10 = end + grace: the first hour closes
    // alice's final count, 4, fails the filter: a KTable filter forwards that as a delete (null), stamped with the
    // window's last update. Final results leave the buffer by window end, then key.
    expect(run.readTimeWindowed('alerts', HOUR)).toEqual([
      ['alice', 0, HOUR, null, 55 * MINUTE],
      ['bob', 0, HOUR, 1, 10 * MINUTE],
    ]);
    await run.pipe('events', [['alice', 'click', 2 * HOUR + 10 * MINUTE]]);
    expect(run.readTimeWindowed('alerts', HOUR)).toEqual([
      ['bob', HOUR, 2 * HOUR, 1, HOUR + 5 * MINUTE],
      ['carol', HOUR, 2 * HOUR, 1, HOUR + 10 * MINUTE],
    ]);
  });

  it('emits the final result of each window exactly once, in window-end then key order', async () => {
    const b = new StreamsBuilder();
    const counts = b.stream<string, string>('in', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count();
    counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())).toStream().to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    run = start(b);
    await run.pipe('in', [['b', '', 1], ['a', '', 2], ['b', '', 3], ['a', '', 12], ['c', '', 25], ['a', '', 26]]);
    expect(run.readTimeWindowed('out', 10)).toEqual([
      ['a', 0, 10, 1, 2],
      ['b', 0, 10, 2, 3],
      ['a', 10, 20, 1, 12],
    ]);
  });

  it('needs a windowed table upstream', () => {
    const b = new StreamsBuilder();
    const table = b.table<string, string>('t', Consumed.with(S, S)) as unknown as KTable<Windowed<string>, string>;
    expect(() => table.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded()))).toThrow(
      'Invalid topology: Window close time is only defined for windowed computations. Got [root->KTABLE-SOURCE-0000000002].',
    );
  });
});

describe('suppress(untilTimeLimit)', () => {
  it("forwards a key's latest value once the limit has passed since its first buffered update", async () => {
    const b = new StreamsBuilder();
    const table = b.table<string, string>('t', Consumed.with(S, S), Materialized.as('t-store'));
    table.suppress(Suppressed.untilTimeLimit<string>(10, BufferConfig.unbounded())).toStream().to('out');
    run = start(b);
    await run.pipe('t', [['a', '1', 0], ['a', '2', 5], ['b', '1', 6], ['a', '3', 9]]);
    expect(run.read('out')).toEqual([]);
    await run.pipe('t', [['c', '1', 10]]); // a was first buffered at 0: due at 10
    expect(run.read('out')).toEqual([['a', '3', 9]]);
    await run.pipe('t', [['a', '4', 15], ['c', '2', 16]]); // b due at 16; a re-buffered at 15
    expect(run.read('out')).toEqual([['b', '1', 6]]);
    await run.pipe('t', [['d', '1', 30]]);
    // c kept the buffer time of its first update (10), so it leaves before a (15).
    expect(run.read('out')).toEqual([['c', '2', 16], ['a', '4', 15]]);
  });

  it('a full eager buffer emits its oldest entries early', async () => {
    const b = new StreamsBuilder();
    const table = b.table<string, string>('t', Consumed.with(S, S), Materialized.as('t-store'));
    table.suppress(Suppressed.untilTimeLimit<string>(1_000, BufferConfig.maxRecords(2))).toStream().to('out');
    run = start(b);
    await run.pipe('t', [['a', '1', 1], ['b', '1', 2], ['a', '2', 3]]);
    expect(run.read('out')).toEqual([]);
    await run.pipe('t', [['c', '1', 4]]); // three keys: over the limit of 2, the oldest (a) goes
    expect(run.read('out')).toEqual([['a', '2', 3]]);
  });

  it("a full strict buffer fails the task with Kafka's message", async () => {
    const b = new StreamsBuilder();
    const table = b.table<string, string>('t', Consumed.with(S, S), Materialized.as('t-store'));
    table.suppress(Suppressed.untilTimeLimit<string>(1_000, BufferConfig.maxRecords(1).shutDownWhenFull()).withName('limited')).toStream().to('out');
    run = start(b);
    await run.pipe('t', [['a', '1', 1]]);
    await expect(async () => run!.pipe('t', [['b', '1', 2]])).rejects.toThrow(
      'limited buffer exceeded its max capacity. Currently [2/1] records and [',
    );
  });

  it('byte limits count what Kafka counts: 8 + key + values + context', async () => {
    const b = new StreamsBuilder();
    const table = b.table<string, string>('t', Consumed.with(S, S), Materialized.as('t-store'));
    // One entry: 8 (time) + 1 (key) + 1 (new value) + 8 + 8 + 1 ('t') + 4 = 31 bytes (no old value, no headers).
    table.suppress(Suppressed.untilTimeLimit<string>(1_000, BufferConfig.maxBytes(31).shutDownWhenFull())).toStream().to('out');
    run = start(b);
    await run.pipe('t', [['a', '1', 1]]);
    await expect(async () => run!.pipe('t', [['b', '1', 2]])).rejects.toThrow(
      'KTABLE-SUPPRESS-0000000002 buffer exceeded its max capacity. Currently [2/9223372036854775807] records and [62/31] bytes.',
    );
  });
});
