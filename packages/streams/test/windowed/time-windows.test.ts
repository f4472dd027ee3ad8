import { afterEach, describe, expect, it, vi } from 'vitest';
import { Consumed, Materialized, Named, Produced, StreamsBuilder, TimeWindows, UnlimitedWindows, WindowedSerdes } from '../../src/index.js';
import { L, S, start, type Run } from './harness.js';

// Tumbling and hopping windows as Kafka's developer guide and TimeWindows javadoc describe them: windows aligned to
// the epoch, a record in every window containing its timestamp, results keyed by Windowed<K> and stamped with the
// largest record timestamp of the window.

let run: Run | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
  vi.restoreAllMocks();
});

describe('TimeWindowedKStream over tumbling windows', () => {
  it('counts per key and window; every update is forwarded without a cache', async () => {
    const b = new StreamsBuilder();
    const counts = b.stream<string, string>('input', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count();
    counts.toStream().to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    run = start(b);
    await run.pipe('input', [['a', '1', 0], ['a', '2', 9], ['b', '1', 5], ['a', '3', 10], ['a', '4', 3]]);
    expect(run.readTimeWindowed('out', 10)).toEqual([
      ['a', 0, 10, 1, 0],
      ['a', 0, 10, 2, 9],
      ['b', 0, 10, 1, 5],
      ['a', 10, 20, 1, 10],
    ]);
    // The record at 3 came when stream time was 10: window [0,10) had closed (no grace), so it was dropped.
    expect(run.driver.metrics().get('dropped-records-total')).toBe(1);
  });

  it('admits out-of-order records until window end + grace, then drops them with a warning and the metric', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const b = new StreamsBuilder();
    b.stream<string, string>('input').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
      .count()
      .toStream()
      .to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    run = start(b);
    // Stream time 14: [0,10) is open until 15. At 15 it closes: the record at 9 is late.
    await run.pipe('input', [['a', '1', 1], ['a', '2', 14], ['a', '3', 8], ['a', '4', 15], ['a', '5', 9], [null, '6', 16]]);
    expect(run.readTimeWindowed('out', 10)).toEqual([
      ['a', 0, 10, 1, 1],
      ['a', 10, 20, 1, 14],
      ['a', 0, 10, 2, 8],
      ['a', 10, 20, 2, 15],
    ]);
    expect(run.driver.metrics().get('dropped-records-total')).toBe(2);
    expect(warn).toHaveBeenCalledWith(
      'Skipping record for expired window. topic=[input] partition=[0] offset=[4] timestamp=[9] window=[0,10) expiration=[10] streamTime=[15]',
    );
    expect(warn).toHaveBeenCalledWith('Skipping record due to null key. topic=[input] partition=[0] offset=[5]');
  });

  it('reduce and aggregate keep their timestamps as the max of record and aggregate', async () => {
    const b = new StreamsBuilder();
    const stream = b.stream<string, string>('input', Consumed.with(S, S));
    stream.groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 100))
      .reduce((agg, v) => `${agg}+${v}`)
      .toStream()
      .to('reduced', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), S));
    stream.groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 100))
      .aggregate(() => '', (_k, v, agg) => agg + v, Materialized.with(S, S))
      .toStream()
      .to('aggregated', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), S));
    run = start(b);
    await run.pipe('input', [['a', 'x', 7], ['a', 'y', 2], ['a', 'z', 12]]);
    expect(run.readTimeWindowed('reduced', 10, S.deserializer())).toEqual([
      ['a', 0, 10, 'x', 7],
      ['a', 0, 10, 'x+y', 7],
      ['a', 10, 20, 'z', 12],
    ]);
    expect(run.readTimeWindowed('aggregated', 10, S.deserializer())).toEqual([
      ['a', 0, 10, 'x', 7],
      ['a', 0, 10, 'xy', 7],
      ['a', 10, 20, 'z', 12],
    ]);
  });

  it('materializes into a queryable window store; windows expire after the retention (size + grace by default)', async () => {
    const b = new StreamsBuilder();
    const stream = b.stream<string, string>('input');
    stream.groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(60_000)).count(Materialized.as<string, number>('per-minute'));
    stream.groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(60_000)).count(Materialized.as<string, number>('kept').withRetention(600_000));
    run = start(b);
    await run.pipe('input', [['a', '1', 1_000], ['a', '2', 59_999]]);
    const store = run.driver.getWindowStore<string, number>('per-minute')!;
    expect(store.fetch('a', 0)).toBe(2);
    await run.pipe('input', [['a', '3', 60_000]]);
    // Stream time reached 60000 = start 0 + retention 60000: the first window expired from the default store.
    expect(store.fetch('a', 0)).toBeNull();
    expect(store.fetch('a', 60_000)).toBe(1);
    const kept: [string, number, number][] = [];
    for await (const kv of run.driver.getWindowStore<string, number>('kept')!.all()) kept.push([kv.key.key(), kv.key.window().startMs, kv.value]);
    expect(kept).toEqual([['a', 0, 2], ['a', 60_000, 1]]);
  });

  it('refuses a retention smaller than size + grace with Kafka\'s message', () => {
    const b = new StreamsBuilder();
    const grouped = b.stream<string, string>('input').groupByKey();
    expect(() => grouped.windowedBy(TimeWindows.ofSizeAndGrace(100, 50)).count(Materialized.as<string, number>('short').withRetention(120))).toThrow(
      'The retention period of the window store short must be no smaller than its window size plus the grace period. Got size=[100], grace=[50], retention=[120]',
    );
  });

  it('caches updates: with the default cache one result per key and window reaches the output at commit', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input').groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .count(Named.as('counter'))
      .toStream()
      .to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    run = start(b, { 'statestore.cache.max.bytes': 10 * 1024 * 1024 });
    await run.pipe('input', [['a', '1', 1], ['a', '2', 2]]);
    // The driver commits after each record, so each update is flushed - but through the cache's listener.
    expect(run.readTimeWindowed('out', 10)).toEqual([
      ['a', 0, 10, 1, 1],
      ['a', 0, 10, 2, 2],
    ]);
  });
});

describe('windowed results written with to()', () => {
  it("inherit the table's serdes: Windowed keys in Kafka's time-windowed layout, counts as longs", async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count().toStream().to('out');
    run = start(b, { 'default.key.serde': undefined, 'default.value.serde': undefined });
    await run.pipe('input', [['k', 'v', 12]]);
    expect(run.readTimeWindowed('out', 10)).toEqual([['k', 10, 20, 1, 12]]);
  });
});

describe('TimeWindowedKStream over hopping windows', () => {
  it('puts a record in every window containing it: size 5000, advance 3000 gives [0;5000),[3000;8000),...', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(5_000, 60_000).advanceBy(3_000))
      .count()
      .toStream()
      .to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 5_000), L));
    run = start(b);
    await run.pipe('input', [['k', 'v', 1_000], ['k', 'v', 4_000], ['k', 'v', 7_500]]);
    expect(run.readTimeWindowed('out', 5_000)).toEqual([
      ['k', 0, 5_000, 1, 1_000],
      ['k', 0, 5_000, 2, 4_000],
      ['k', 3_000, 8_000, 1, 4_000],
      ['k', 3_000, 8_000, 2, 7_500],
      ['k', 6_000, 11_000, 1, 7_500],
    ]);
  });
});

describe('UnlimitedWindows', () => {
  it('one window per key from the start, never closing', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input').groupByKey().windowedBy(UnlimitedWindows.of().startOn(100))
      .count()
      .toStream()
      .to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, Number.MAX_SAFE_INTEGER), L));
    run = start(b);
    await run.pipe('input', [['k', 'v', 50], ['k', 'v', 150], ['k', 'v', 10_000_000]]);
    expect(run.readTimeWindowed('out', Number.MAX_SAFE_INTEGER).map((r) => [r[0], r[1], r[3], r[4]])).toEqual([
      ['k', 100, 1, 150],
      ['k', 100, 2, 10_000_000],
    ]);
  });
});
