import { afterEach, describe, expect, it, vi } from 'vitest';
import { Consumed, Materialized, Produced, SessionWindows, SlidingWindows, StreamsBuilder, WindowedSerdes } from '../../src/index.js';
import { L, S, start, type Run } from './harness.js';

// Sliding windows (each distinct set of records within the time difference, both ends inclusive) and session
// windows (records closer than the inactivity gap, merged when a record bridges two sessions), with Kafka's
// forwarding: sliding windows in the order Kafka's reverse scan updates them, merged sessions as deletes first.

let run: Run | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
  vi.restoreAllMocks();
});

describe('SlidingWindows', () => {
  it('creates left and right windows around each record and updates the windows an out-of-order record falls in', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in', Consumed.with(S, S))
      .groupByKey()
      .windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 100))
      .count()
      .toStream()
      .to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    run = start(b);
    await run.pipe('in', [['a', '', 10], ['a', '', 15], ['a', '', 30], ['a', '', 12]]);
    expect(run.readTimeWindowed('out', 10)).toEqual([
      ['a', 0, 10, 1, 10], // record 10: its left window
      ['a', 11, 21, 1, 15], // record 15: the right window of 10, then its own left window
      ['a', 5, 15, 2, 15],
      ['a', 20, 30, 1, 30], // record 30: alone in its left window
      ['a', 11, 21, 2, 15], // record 12 (late): the windows containing it, newest first
      ['a', 5, 15, 3, 15],
      ['a', 2, 12, 2, 12], // its left window holds 10 and 12
      ['a', 13, 23, 1, 15], // its right window holds what follows it: 15
    ]);
  });

  it('puts records earlier than the time difference into the window [0, d]', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in', Consumed.with(S, S))
      .groupByKey()
      .windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10))
      .reduce((agg, v) => agg + v)
      .toStream()
      .to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), S));
    run = start(b);
    await run.pipe('in', [['a', 'x', 3], ['a', 'y', 6]]);
    expect(run.readTimeWindowed('out', 10, S.deserializer())).toEqual([
      ['a', 0, 10, 'x', 3],
      ['a', 4, 14, 'y', 6], // the right window of 3 holds 6
      ['a', 0, 10, 'xy', 6],
    ]);
  });

  it('drops records whose windows have all closed and validates the retention as Kafka does', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const b = new StreamsBuilder();
    const grouped = b.stream<string, string>('in', Consumed.with(S, S)).groupByKey();
    grouped.windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10)).count().toStream().to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    expect(() => grouped.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10, 5)).count(Materialized.as<string, number>('s').withRetention(20))).toThrow(
      'The retention period of the window store s must be no smaller than 2 * time difference plus the grace period. Got time difference=[10], grace=[5], retention=[20]',
    );
    run = start(b);
    await run.pipe('in', [['a', '', 100], ['a', '', 89]]); // 89 + 1 + 10 <= 100: every window of it has closed
    expect(run.readTimeWindowed('out', 10)).toEqual([['a', 90, 100, 1, 100]]);
    expect(run.driver.metrics().get('dropped-records-total')).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Skipping record for expired window.'));
  });
});

describe('SessionWindows', () => {
  it("the javadoc's example: gap 5, A at 10, 12 and 20 make two sessions; a record at 16 merges them into [10,20]", async () => {
    const b = new StreamsBuilder();
    // A grace of 10 keeps [10,12] in the store (retention = gap + grace) until the record at 16 arrives; with no
    // grace it would have expired at stream time 20, as in Kafka's in-memory session store.
    b.stream<string, string>('in', Consumed.with(S, S))
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 10))
      .count()
      .toStream()
      .to('out', Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(S), L));
    run = start(b);
    await run.pipe('in', [['A', '1', 10], ['A', '2', 12], ['A', '3', 20]]);
    expect(run.readSessions('out')).toEqual([
      ['A', 10, 10, 1, 10],
      ['A', 10, 10, null, 10], // merged away: a delete, stamped with the session's end
      ['A', 10, 12, 2, 12],
      ['A', 20, 20, 1, 20],
    ]);
    await run.pipe('in', [['A', '4', 16]]);
    expect(run.readSessions('out')).toEqual([
      ['A', 10, 12, null, 12],
      ['A', 20, 20, null, 20],
      ['A', 10, 20, 4, 20], // the aggregate of all four values
    ]);
  });

  it('aggregates with the merger, keeps keys apart, and drops records for closed sessions', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const b = new StreamsBuilder();
    b.stream<string, string>('in', Consumed.with(S, S))
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 2))
      .aggregate(() => '', (_k, v, agg) => agg + v, (_k, one, two) => `${one}|${two}`, Materialized.as<string, string>('sessions').withValueSerde(S))
      .toStream()
      .to('out', Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(S), S));
    run = start(b);
    await run.pipe('in', [['A', 'a', 0], ['B', 'b', 3], ['A', 'c', 4], ['A', 'd', 20], ['A', 'e', 12]]);
    // At stream time 20 sessions ending before 20 - 5 - 2 = 13 are closed: [0,4] is, so 'e' (12) cannot join it,
    // and its own session [12,12] ends before 13 too: dropped.
    expect(run.readSessions('out', S.deserializer())).toEqual([
      ['A', 0, 0, 'a', 0],
      ['B', 3, 3, 'b', 3],
      ['A', 0, 0, null, 0],
      ['A', 0, 4, '|ac', 4], // merger(initial '', 'a') then the aggregator adds 'c'
      ['A', 20, 20, 'd', 20],
    ]);
    expect(run.driver.metrics().get('dropped-records-total')).toBe(1);
    const store = run.driver.getSessionStore<string, string>('sessions')!;
    // The store keeps sessions for gap + grace = 7 after stream time: [0,4] has expired from it.
    expect(store.findSessions('A', 0, 100).map((kv) => [kv.key.window().startMs, kv.key.window().endMs, kv.value])).toEqual([[20, 20, 'd']]);
  });
});
