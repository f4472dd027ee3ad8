import { describe, expect, it } from 'vitest';
import {
  EmitStrategy,
  IllegalArgumentException,
  IllegalStateException,
  JoinWindows,
  SessionWindow,
  SessionWindows,
  SlidingWindows,
  TimeWindow,
  UnlimitedWindow,
  UnlimitedWindows,
  UnsupportedOperationException,
  MAX_WINDOW_END_MS,
  Windows,
} from '../../src/index.js';

const DAY = 24 * 60 * 60 * 1000;

describe('SlidingWindows', () => {
  it('time difference and grace', () => {
    const w = SlidingWindows.ofTimeDifferenceAndGrace(10_000, 2000);
    expect([w.timeDifferenceMs(), w.gracePeriodMs()]).toEqual([10_000, 2000]);
    expect(SlidingWindows.ofTimeDifferenceWithNoGrace(10).gracePeriodMs()).toBe(0);
    expect(SlidingWindows.ofTimeDifferenceWithNoGrace(0).timeDifferenceMs()).toBe(0); // zero is allowed
  });

  it('validation messages are Kafka\'s', () => {
    expect(() => SlidingWindows.ofTimeDifferenceWithNoGrace(-1)).toThrow('Window time difference must not be negative.');
    expect(() => SlidingWindows.ofTimeDifferenceAndGrace(5, -1)).toThrow('Window grace period must not be negative.');
    expect(() => SlidingWindows.ofTimeDifferenceAndGrace(0.5, 0)).toThrow(
      'Invalid value for parameter "timeDifference" (value was: 0.5). It can\'t be converted to milliseconds.',
    );
  });

  it('equals and toString', () => {
    expect(SlidingWindows.ofTimeDifferenceAndGrace(5, 0).equals(SlidingWindows.ofTimeDifferenceWithNoGrace(5))).toBe(true);
    expect(SlidingWindows.ofTimeDifferenceAndGrace(5, 1).equals(SlidingWindows.ofTimeDifferenceWithNoGrace(5))).toBe(false);
    expect(SlidingWindows.ofTimeDifferenceAndGrace(5, 1).toString()).toBe('SlidingWindows{, sizeMs=5, graceMs=1}');
  });
});

describe('SessionWindows', () => {
  it('inactivity gap and grace', () => {
    const w = SessionWindows.ofInactivityGapAndGrace(300_000, 30_000);
    expect([w.inactivityGap(), w.gracePeriodMs()]).toEqual([300_000, 30_000]);
    expect(SessionWindows.ofInactivityGapWithNoGrace(5).gracePeriodMs()).toBe(0);
  });

  it('validation messages are Kafka\'s', () => {
    expect(() => SessionWindows.ofInactivityGapWithNoGrace(0)).toThrow('Gap time cannot be zero or negative.');
    expect(() => SessionWindows.ofInactivityGapWithNoGrace(-1)).toThrow('Gap time cannot be zero or negative.');
    expect(() => SessionWindows.ofInactivityGapAndGrace(5, -1)).toThrow('Grace period must not be negative.');
    expect(() => SessionWindows.ofInactivityGapAndGrace(undefined as unknown as number, 0)).toThrow(
      'Invalid value for parameter "inactivityGap" (value was: undefined). It shouldn\'t be null.',
    );
  });

  it('deprecated with() has 24h minus the gap; grace() only after with()', () => {
    expect(SessionWindows.with(1000).gracePeriodMs()).toBe(DAY - 1000);
    expect(SessionWindows.with(1000).grace(3).gracePeriodMs()).toBe(3);
    expect(() => SessionWindows.ofInactivityGapWithNoGrace(1000).grace(3)).toThrow(IllegalStateException);
  });

  it('equals and toString', () => {
    expect(SessionWindows.ofInactivityGapWithNoGrace(5).equals(SessionWindows.ofInactivityGapAndGrace(5, 0))).toBe(true);
    expect(SessionWindows.ofInactivityGapAndGrace(5, 2).toString()).toBe('SessionWindows{gapMs=5, graceMs=2}');
  });
});

describe('JoinWindows', () => {
  it('a time difference sets before and after; size is their sum', () => {
    const w = JoinWindows.ofTimeDifferenceAndGrace(5000, 100);
    expect([w.beforeMs, w.afterMs, w.size(), w.gracePeriodMs()]).toEqual([5000, 5000, 10_000, 100]);
    expect(JoinWindows.ofTimeDifferenceWithNoGrace(7).gracePeriodMs()).toBe(0);
    expect(w.enableSpuriousResultFix).toBe(true);
  });

  it('before/after move one bound and keep grace; one side may be negative while the sum is not', () => {
    const w = JoinWindows.ofTimeDifferenceAndGrace(10, 3).before(0).after(20);
    expect([w.beforeMs, w.afterMs, w.gracePeriodMs(), w.size()]).toEqual([0, 20, 3, 20]);
    expect(JoinWindows.ofTimeDifferenceWithNoGrace(10).before(-5).size()).toBe(5);
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(10).before(-11)).toThrow(
      'Window interval (ie, beforeMs+afterMs) must not be negative.',
    );
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(10).after(-11)).toThrow(IllegalArgumentException);
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(-1)).toThrow('Window interval (ie, beforeMs+afterMs) must not be negative.');
  });

  it('refuses a negative grace and invalid durations', () => {
    expect(() => JoinWindows.ofTimeDifferenceAndGrace(10, -1)).toThrow('Grace period must not be negative.');
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(10).before(1.25)).toThrow(
      'Invalid value for parameter "timeDifference" (value was: 1.25). It can\'t be converted to milliseconds.',
    );
  });

  it('windowsFor is unsupported, as in Kafka', () => {
    const w = JoinWindows.ofTimeDifferenceWithNoGrace(10);
    expect(() => w.windowsFor(5)).toThrow(UnsupportedOperationException);
    expect(() => w.windowsFor(5)).toThrow('windowsFor() is not supported by JoinWindows.');
  });

  it('deprecated of(): grace 24h minus twice the difference, no spurious-result fix, grace() allowed', () => {
    const w = JoinWindows.of(1000);
    expect(w.gracePeriodMs()).toBe(DAY - 2000);
    expect(w.enableSpuriousResultFix).toBe(false);
    expect(w.grace(5).gracePeriodMs()).toBe(5);
    expect(w.before(3).enableSpuriousResultFix).toBe(false);
    expect(() => JoinWindows.ofTimeDifferenceWithNoGrace(1000).grace(5)).toThrow(
      'Cannot call grace() after setting grace value via ofTimeDifferenceAndGrace or ofTimeDifferenceWithNoGrace.',
    );
  });

  it('equals and toString', () => {
    expect(JoinWindows.ofTimeDifferenceWithNoGrace(5).equals(JoinWindows.ofTimeDifferenceAndGrace(5, 0))).toBe(true);
    expect(JoinWindows.ofTimeDifferenceWithNoGrace(5).equals(JoinWindows.ofTimeDifferenceWithNoGrace(5).after(6))).toBe(false);
    expect(JoinWindows.ofTimeDifferenceAndGrace(5, 1).before(2).toString()).toBe('JoinWindows{beforeMs=2, afterMs=5, graceMs=1}');
  });
});

describe('UnlimitedWindows', () => {
  it('one window from the start for timestamps at or after it, none before', () => {
    const w = UnlimitedWindows.of().startOn(1000);
    expect(w.windowsFor(999).size).toBe(0);
    const windows = [...w.windowsFor(1000)];
    expect(windows).toHaveLength(1);
    const [start, window] = windows[0]!;
    expect(start).toBe(1000);
    expect(window).toBeInstanceOf(UnlimitedWindow);
    expect([window.start(), window.end()]).toEqual([1000, MAX_WINDOW_END_MS]);
    expect([...w.windowsFor(5_000_000_000).keys()]).toEqual([1000]);
  });

  it('starts at 0 by default; size is unbounded; grace is 0', () => {
    const w = UnlimitedWindows.of();
    expect(w.startMs).toBe(0);
    expect([...w.windowsFor(0).keys()]).toEqual([0]);
    expect(w.size()).toBe(MAX_WINDOW_END_MS);
    expect(w.gracePeriodMs()).toBe(0);
    expect(w).toBeInstanceOf(Windows);
  });

  it('refuses a negative start with Kafka\'s message', () => {
    expect(() => UnlimitedWindows.of().startOn(-1)).toThrow('Window start time (startMs) cannot be negative.');
    expect(() => UnlimitedWindows.of().startOn(0.5)).toThrow('Invalid value for parameter "start" (value was: 0.5).');
  });

  it('an unlimited window overlaps every unlimited window and refuses other types', () => {
    const u = new UnlimitedWindow(5);
    expect(u.overlap(new UnlimitedWindow(100))).toBe(true);
    expect(() => u.overlap(new TimeWindow(0, 10))).toThrow('Cannot compare windows of different type. Other window has type TimeWindow.');
    expect(() => u.overlap(new SessionWindow(0, 10))).toThrow(IllegalArgumentException);
  });

  it('equals and toString', () => {
    expect(UnlimitedWindows.of().equals(UnlimitedWindows.of().startOn(0))).toBe(true);
    expect(UnlimitedWindows.of().equals(UnlimitedWindows.of().startOn(1))).toBe(false);
    expect(UnlimitedWindows.of().startOn(7).toString()).toBe('UnlimitedWindows{startMs=7}');
  });
});

describe('EmitStrategy', () => {
  it('onWindowUpdate and onWindowClose are distinct value objects with Kafka\'s types and codes', () => {
    expect(EmitStrategy.onWindowUpdate().type()).toBe('ON_WINDOW_UPDATE');
    expect(EmitStrategy.onWindowClose().type()).toBe('ON_WINDOW_CLOSE');
    expect(EmitStrategy.onWindowClose()).toBe(EmitStrategy.onWindowClose());
    expect(EmitStrategy.onWindowClose()).not.toBe(EmitStrategy.onWindowUpdate());
    expect(EmitStrategy.forType('ON_WINDOW_CLOSE')).toBe(EmitStrategy.onWindowClose());
    expect(EmitStrategy.forType('ON_WINDOW_UPDATE')).toBe(EmitStrategy.onWindowUpdate());
    expect([EmitStrategy.codeOf('ON_WINDOW_UPDATE'), EmitStrategy.codeOf('ON_WINDOW_CLOSE')]).toEqual([0, 1]);
    expect(Object.isFrozen(EmitStrategy.onWindowClose())).toBe(true);
  });
});
