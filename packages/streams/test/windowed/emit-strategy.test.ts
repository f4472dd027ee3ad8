import { afterEach, describe, expect, it } from 'vitest';
import { Consumed, EmitStrategy, Materialized, Produced, SessionWindows, SlidingWindows, StreamsBuilder, TimeWindows, UnlimitedWindows, WindowedSerdes } from '../../src/index.js';
import { EMIT_EVERY_RECORD, L, S, start, type Run } from './harness.js';

// emitStrategy(onWindowClose) (KIP-825): no updates, only each window's final result once stream time passes its
// end + grace - read from the store, in window order, keys of one window in key order. Emission is throttled by
// the internal `__emit.interval.ms.kstreams.windowed.aggregation__` (wall clock); Kafka's own tests set it to 0.

let run: Run | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('emitStrategy(onWindowClose)', () => {
  it('tumbling windows: one final result per key and window', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in', Consumed.with(S, S))
      .groupByKey()
      .windowedBy(TimeWindows.ofSizeAndGrace(10, 2))
      .emitStrategy(EmitStrategy.onWindowClose())
      .count()
      .toStream()
      .to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    run = start(b, EMIT_EVERY_RECORD);
    await run.pipe('in', [['b', '', 2], ['a', '', 1], ['a', '', 5], ['a', '', 11], ['b', '', 9]]);
    expect(run.readTimeWindowed('out', 10)).toEqual([]); // stream time 11 < end 10 + grace 2
    await run.pipe('in', [['c', '', 12]]);
    expect(run.readTimeWindowed('out', 10)).toEqual([
      ['a', 0, 10, 2, 5],
      ['b', 0, 10, 2, 9],
    ]);
    await run.pipe('in', [['c', '', 13], ['c', '', 40]]);
    expect(run.readTimeWindowed('out', 10)).toEqual([
      ['a', 10, 20, 1, 11],
      ['c', 10, 20, 2, 13],
    ]);
  });

  it('session windows: each closed session once, by end time, stamped with its end', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in', Consumed.with(S, S))
      .groupByKey()
      .windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5))
      .emitStrategy(EmitStrategy.onWindowClose())
      .count()
      .toStream()
      .to('out', Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(S), L));
    run = start(b, EMIT_EVERY_RECORD);
    await run.pipe('in', [['A', '', 10], ['B', '', 13], ['A', '', 12]]);
    expect(run.readSessions('out')).toEqual([]);
    await run.pipe('in', [['A', '', 30]]); // sessions ending before 30 - 5 are closed
    expect(run.readSessions('out')).toEqual([
      ['A', 10, 12, 2, 12],
      ['B', 13, 13, 1, 13],
    ]);
  });

  it('sliding windows: a window [s, s + d] is final once s + d is before the close time', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('in', Consumed.with(S, S))
      .groupByKey()
      .windowedBy(SlidingWindows.ofTimeDifferenceWithNoGrace(10))
      .emitStrategy(EmitStrategy.onWindowClose())
      .count()
      .toStream()
      .to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    run = start(b, EMIT_EVERY_RECORD);
    await run.pipe('in', [['a', '', 10], ['a', '', 15], ['a', '', 40]]);
    expect(run.readTimeWindowed('out', 10)).toEqual([
      ['a', 0, 10, 1, 10],
      ['a', 5, 15, 2, 15],
      ['a', 11, 21, 1, 15],
    ]);
  });

  it('with the default 1 s interval the wall clock throttles the checks, unless closed windows are about to expire', async () => {
    const b = new StreamsBuilder();
    const windowed = b.stream<string, string>('in', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).emitStrategy(EmitStrategy.onWindowClose());
    windowed.count(Materialized.as<string, number>('kept').withRetention(20_000)).toStream().to('kept', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    windowed.count().toStream().to('default', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    run = start(b);
    await run.pipe('in', [['a', '', 1], ['a', '', 12]]);
    // The first record used the check of this second of wall clock: [0,10) closed at 12 but waits...
    expect(run.readTimeWindowed('kept', 10)).toEqual([]);
    // ...except in the store whose retention is size + grace: there the put at 12 would expire it, so it goes now.
    expect(run.readTimeWindowed('default', 10)).toEqual([['a', 0, 10, 1, 1]]);
    await run.driver.advanceWallClockTime(1_000);
    await run.pipe('in', [['a', '', 13]]);
    expect(run.readTimeWindowed('kept', 10)).toEqual([['a', 0, 10, 1, 1]]);
    expect(run.readTimeWindowed('default', 10)).toEqual([]);
  });

  it('is refused for unlimited windows, which never close', () => {
    const b = new StreamsBuilder();
    const windowed = b.stream<string, string>('in').groupByKey().windowedBy(UnlimitedWindows.of()).emitStrategy(EmitStrategy.onWindowClose());
    expect(() => windowed.count()).toThrow('ON_WINDOW_CLOSE strategy is only supported for TimeWindows and SlidingWindows for TimeWindowedKStream');
  });
});
