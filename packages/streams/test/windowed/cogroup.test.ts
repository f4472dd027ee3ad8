import { afterEach, describe, expect, it } from 'vitest';
import { Consumed, Materialized, Produced, SessionWindows, StreamsBuilder, TimeWindows, WindowedSerdes } from '../../src/index.js';
import { S, start, type Run } from './harness.js';

// CogroupedKStream.windowedBy: every grouped stream's aggregator folds into one aggregate per key and window, in
// one store shared by the per-stream processors; the merge node's table is what suppress and toStream see.

let run: Run | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('CogroupedKStream.windowedBy', () => {
  it('time windows: two streams fold into one windowed aggregate', async () => {
    const b = new StreamsBuilder();
    const clicks = b.stream<string, string>('clicks', Consumed.with(S, S)).groupByKey();
    const views = b.stream<string, string>('views', Consumed.with(S, S)).groupByKey();
    clicks
      .cogroup<string>((_k, v, agg) => `${agg}c${v}`)
      .cogroup(views, (_k, v, agg) => `${agg}v${v}`)
      .windowedBy(TimeWindows.ofSizeWithNoGrace(10))
      .aggregate(() => '', Materialized.as<string, string>('activity').withKeySerde(S).withValueSerde(S))
      .toStream()
      .to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), S));
    run = start(b);
    await run.pipe('clicks', [['u', '1', 1]]);
    await run.pipe('views', [['u', '2', 5]]);
    await run.pipe('clicks', [['u', '3', 12]]);
    expect(run.readTimeWindowed('out', 10, S.deserializer())).toEqual([
      ['u', 0, 10, 'c1', 1],
      ['u', 0, 10, 'c1v2', 5],
      ['u', 10, 20, 'c3', 12],
    ]);
    expect(run.driver.getWindowStore<string, string>('activity')!.fetch('u', 10)).toBe('c3');
  });

  it('session windows: sessions of either stream merge with the merger', async () => {
    const b = new StreamsBuilder();
    const left = b.stream<string, string>('l', Consumed.with(S, S)).groupByKey();
    const right = b.stream<string, string>('r', Consumed.with(S, S)).groupByKey();
    left
      .cogroup<string>((_k, v, agg) => agg + v)
      .cogroup(right, (_k, v, agg) => agg + v.toUpperCase())
      .windowedBy(SessionWindows.ofInactivityGapAndGrace(5, 100))
      .aggregate(() => '', (_k, a, b2) => a + b2, Materialized.with(S, S))
      .toStream()
      .to('out', Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(S), S));
    run = start(b);
    await run.pipe('l', [['k', 'a', 0]]);
    await run.pipe('r', [['k', 'b', 10]]);
    await run.pipe('l', [['k', 'c', 5]]);
    expect(run.readSessions('out', S.deserializer())).toEqual([
      ['k', 0, 0, 'a', 0],
      ['k', 10, 10, 'B', 10],
      ['k', 0, 0, null, 0],
      ['k', 10, 10, null, 10],
      ['k', 0, 10, 'aBc', 10],
    ]);
  });
});
