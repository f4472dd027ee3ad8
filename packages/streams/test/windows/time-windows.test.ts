import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IllegalArgumentException, IllegalStateException, TimeWindow, TimeWindows } from '../../src/index.js';

/** The windows of `timestamp` as [start, end] pairs, in the map's order. */
function spans(windows: TimeWindows, timestamp: number): [number, number][] {
  return [...windows.windowsFor(timestamp)].map(([start, w]) => {
    expect(w.start()).toBe(start);
    expect(w).toBeInstanceOf(TimeWindow);
    return [w.start(), w.end()];
  });
}

const MIN = 60_000;

describe('TimeWindows.windowsFor (tumbling)', () => {
  const tumbling = TimeWindows.ofSizeWithNoGrace(5000);

  it('puts a record in exactly one epoch-aligned window [N*size, N*size+size)', () => {
    expect(spans(tumbling, 0)).toEqual([[0, 5000]]);
    expect(spans(tumbling, 4999)).toEqual([[0, 5000]]);
    expect(spans(tumbling, 5000)).toEqual([[5000, 10000]]); // the end is exclusive
    expect(spans(tumbling, 12_345)).toEqual([[10_000, 15_000]]);
  });

  it('size 12 at timestamp 21 is [12, 24)', () => {
    expect(spans(TimeWindows.ofSizeWithNoGrace(12), 21)).toEqual([[12, 24]]);
  });

  it('returns no window for a negative timestamp', () => {
    expect(tumbling.windowsFor(-1).size).toBe(0);
  });
});

describe('TimeWindows.windowsFor (hopping)', () => {
  it('size 5000 advance 3000: boundaries [0;5000), [3000;8000), ... as in Kafka\'s javadoc', () => {
    const hopping = TimeWindows.ofSizeWithNoGrace(5000).advanceBy(3000);
    expect(spans(hopping, 1000)).toEqual([[0, 5000]]);
    expect(spans(hopping, 4000)).toEqual([[0, 5000], [3000, 8000]]);
    expect(spans(hopping, 5000)).toEqual([[3000, 8000]]);
    expect(spans(hopping, 6500)).toEqual([[3000, 8000], [6000, 11000]]);
  });

  it('size 5 minutes advance 1 minute: every record is in five windows, ascending by start', () => {
    const hopping = TimeWindows.ofSizeWithNoGrace(5 * MIN).advanceBy(MIN);
    expect(spans(hopping, 7.5 * MIN)).toEqual([
      [3 * MIN, 8 * MIN],
      [4 * MIN, 9 * MIN],
      [5 * MIN, 10 * MIN],
      [6 * MIN, 11 * MIN],
      [7 * MIN, 12 * MIN],
    ]);
    // On a boundary the window starting there is included and the one ending there is not.
    expect(spans(hopping, 10 * MIN).map(([s]) => s / MIN)).toEqual([6, 7, 8, 9, 10]);
  });

  it('a timestamp smaller than the size falls only in windows starting at 0 or later', () => {
    const hopping = TimeWindows.ofSizeWithNoGrace(5 * MIN).advanceBy(MIN);
    expect(spans(hopping, 2 * MIN)).toEqual([
      [0, 5 * MIN],
      [MIN, 6 * MIN],
      [2 * MIN, 7 * MIN],
    ]);
    expect(spans(hopping, 0)).toEqual([[0, 5 * MIN]]);
    expect(spans(hopping, MIN - 1)).toEqual([[0, 5 * MIN]]);
  });

  it('size 12 advance 5 at 21 is [10,22), [15,27), [20,32); barely overlapping size 6 advance 5 at 7 is [5,11)', () => {
    expect(spans(TimeWindows.ofSizeWithNoGrace(12).advanceBy(5), 21)).toEqual([[10, 22], [15, 27], [20, 32]]);
    expect(spans(TimeWindows.ofSizeWithNoGrace(6).advanceBy(5), 7)).toEqual([[5, 11]]);
    expect(spans(TimeWindows.ofSizeWithNoGrace(6).advanceBy(5), 5)).toEqual([[0, 6], [5, 11]]);
  });

  it('matches a brute-force enumeration for any size, advance and timestamp', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: -1000, max: 100_000 }),
        (size, advanceRaw, ts) => {
          const advance = Math.min(advanceRaw, size);
          const expected: [number, number][] = [];
          for (let start = 0; start <= ts; start += advance) {
            if (ts < start + size) expected.push([start, start + size]);
          }
          expect(spans(TimeWindows.ofSizeWithNoGrace(size).advanceBy(advance), ts)).toEqual(expected);
        },
      ),
    );
  });

  it('works at large epoch timestamps without precision loss', () => {
    const ts = 1_700_000_123_456;
    const hopping = TimeWindows.ofSizeWithNoGrace(10_000).advanceBy(5000);
    expect(spans(hopping, ts)).toEqual([
      [1_700_000_115_000, 1_700_000_125_000],
      [1_700_000_120_000, 1_700_000_130_000],
    ]);
  });
});

describe('TimeWindows accessors and validation', () => {
  it('size, advance and grace', () => {
    const w = TimeWindows.ofSizeAndGrace(5000, 700).advanceBy(1000);
    expect([w.size(), w.sizeMs, w.advanceMs, w.gracePeriodMs()]).toEqual([5000, 5000, 1000, 700]);
    expect(TimeWindows.ofSizeWithNoGrace(5000).gracePeriodMs()).toBe(0);
    expect(TimeWindows.ofSizeWithNoGrace(5000).advanceMs).toBe(5000);
  });

  it('refuses a size of zero or less, with Kafka\'s message', () => {
    expect(() => TimeWindows.ofSizeWithNoGrace(0)).toThrow('Window size (sizeMs) must be larger than zero.');
    expect(() => TimeWindows.ofSizeAndGrace(-1, 0)).toThrow(IllegalArgumentException);
  });

  it('refuses an advance of zero, negative or larger than the size, with Kafka\'s message', () => {
    const w = TimeWindows.ofSizeWithNoGrace(10);
    const msg = (a: number) =>
      `Window advancement interval should be more than zero and less than window duration which is 10 ms, but given advancement interval is: ${a} ms`;
    expect(() => w.advanceBy(0)).toThrow(msg(0));
    expect(() => w.advanceBy(-3)).toThrow(msg(-3));
    expect(() => w.advanceBy(11)).toThrow(msg(11));
    expect(w.advanceBy(10).advanceMs).toBe(10);
  });

  it('refuses a negative grace period', () => {
    expect(() => TimeWindows.ofSizeAndGrace(10, -1)).toThrow('Grace period must not be negative.');
  });

  it('refuses non-millisecond arguments with Kafka\'s ApiUtils messages', () => {
    expect(() => TimeWindows.ofSizeWithNoGrace(1.5)).toThrow('Invalid value for parameter "size" (value was: 1.5). It can\'t be converted to milliseconds.');
    expect(() => TimeWindows.ofSizeAndGrace(10, Number.NaN)).toThrow('Invalid value for parameter "afterWindowEnd" (value was: NaN).');
    expect(() => TimeWindows.ofSizeWithNoGrace(null as unknown as number)).toThrow(
      'Invalid value for parameter "size" (value was: null). It shouldn\'t be null.',
    );
    expect(() => TimeWindows.ofSizeWithNoGrace(10).advanceBy(Infinity)).toThrow('Invalid value for parameter "advance"');
    expect(() => TimeWindows.ofSizeWithNoGrace(-5)).toThrow(expect.objectContaining({ code: 'ILLEGAL_ARGUMENT' }));
  });

  it('the deprecated of() defaults grace to 24h minus the size; grace() then sets it, but not after ofSize...', () => {
    const day = 24 * 60 * 60 * 1000;
    expect(TimeWindows.of(1000).gracePeriodMs()).toBe(day - 1000);
    expect(TimeWindows.of(2 * day).gracePeriodMs()).toBe(0);
    expect(TimeWindows.of(1000).grace(50).gracePeriodMs()).toBe(50);
    expect(() => TimeWindows.ofSizeWithNoGrace(1000).grace(50)).toThrow(IllegalStateException);
    expect(() => TimeWindows.ofSizeAndGrace(1000, 5).grace(50)).toThrow(
      'Cannot call grace() after setting grace value via ofSizeAndGrace or ofSizeWithNoGrace.',
    );
    // advanceBy keeps the grace but forgets how it was set, as Kafka's does.
    expect(TimeWindows.ofSizeAndGrace(1000, 5).advanceBy(500).grace(7).gracePeriodMs()).toBe(7);
  });

  it('equals compares size, advance and grace; toString is Kafka\'s', () => {
    expect(TimeWindows.ofSizeAndGrace(10, 0).equals(TimeWindows.ofSizeWithNoGrace(10))).toBe(true);
    expect(TimeWindows.ofSizeWithNoGrace(10).equals(TimeWindows.ofSizeWithNoGrace(10).advanceBy(5))).toBe(false);
    expect(TimeWindows.ofSizeWithNoGrace(10).equals(TimeWindows.ofSizeAndGrace(10, 1))).toBe(false);
    expect(TimeWindows.ofSizeAndGrace(10, 3).advanceBy(5).toString()).toBe('TimeWindows{, sizeMs=10, advanceMs=5, graceMs=3}');
  });
});
