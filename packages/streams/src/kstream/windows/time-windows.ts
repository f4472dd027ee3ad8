import { IllegalArgumentException, IllegalStateException } from '../../common/errors.js';
import { TimeWindow } from '../windowed.js';
import { validateMillis } from './duration.js';
import { Windows } from './windows.js';

/**
 * Fixed-size windows aligned to the epoch (Kafka's `TimeWindows`): tumbling when the advance equals the size,
 * hopping when it is smaller. Window N covers [N * advance, N * advance + size); a record belongs to every window
 * whose interval contains its timestamp. Hopping windows of size 5000 and advance 3000 are [0, 5000),
 * [3000, 8000), ... - never [1000, 6000).
 *
 * @example
 * ```ts
 * TimeWindows.ofSizeWithNoGrace(60_000);                        // tumbling, one minute
 * TimeWindows.ofSizeAndGrace(300_000, 10_000).advanceBy(60_000); // hopping: 5 minutes every minute, 10 s grace
 * ```
 */
export class TimeWindows extends Windows<TimeWindow> {
  private constructor(
    /** The size of the windows in ms. */
    readonly sizeMs: number,
    /** How far each window starts after the previous one, in ms. */
    readonly advanceMs: number,
    private readonly graceMs: number,
    // Whether grace came from ofSizeAndGrace/ofSizeWithNoGrace; the deprecated grace() refuses to override it.
    private readonly hasSetGrace: boolean,
  ) {
    super();
    if (sizeMs <= 0) throw new IllegalArgumentException('Window size (sizeMs) must be larger than zero.');
    if (advanceMs <= 0 || advanceMs > sizeMs) {
      throw new IllegalArgumentException(
        `Window advancement interval should be more than zero and less than window duration which is ${sizeMs} ms, ` +
          `but given advancement interval is: ${advanceMs} ms`,
      );
    }
    if (graceMs < 0) throw new IllegalArgumentException('Grace period must not be negative.');
  }

  /**
   * Tumbling windows of `sizeMs` with no grace period: records arriving after their window's end are dropped
   * (Kafka's `TimeWindows.ofSizeWithNoGrace`).
   */
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeAndGrace(sizeMs, Windows.NO_GRACE_PERIOD);
  }

  /**
   * Tumbling windows of `sizeMs` admitting out-of-order records until `afterWindowEndMs` after the window's end
   * (Kafka's `TimeWindows.ofSizeAndGrace`).
   */
  static ofSizeAndGrace(sizeMs: number, afterWindowEndMs: number): TimeWindows {
    const size = validateMillis(sizeMs, 'size');
    const grace = validateMillis(afterWindowEndMs, 'afterWindowEnd');
    return new TimeWindows(size, size, grace, true);
  }

  /**
   * Tumbling windows with the deprecated default grace period of 24 hours minus the size (Kafka's
   * `TimeWindows.of(Duration)`).
   *
   * @deprecated since Kafka 3.0; use {@link TimeWindows.ofSizeWithNoGrace} or {@link TimeWindows.ofSizeAndGrace}.
   */
  static of(sizeMs: number): TimeWindows {
    const size = validateMillis(sizeMs, 'size');
    return new TimeWindows(size, size, Math.max(Windows.DEPRECATED_DEFAULT_24_HR_GRACE_PERIOD - size, 0), false);
  }

  /**
   * The same size and grace, with windows starting every `advanceMs` (Kafka's `TimeWindows.advanceBy`): hopping
   * windows when `advanceMs < size`. Requires 0 < advanceMs <= size.
   */
  advanceBy(advanceMs: number): TimeWindows {
    return new TimeWindows(this.sizeMs, validateMillis(advanceMs, 'advance'), this.graceMs, false);
  }

  /**
   * Sets the grace period of windows made by the deprecated {@link TimeWindows.of} (Kafka's
   * `TimeWindows.grace`); refused after `ofSizeAndGrace`/`ofSizeWithNoGrace`.
   *
   * @deprecated since Kafka 3.0; use {@link TimeWindows.ofSizeAndGrace}.
   */
  grace(afterWindowEndMs: number): TimeWindows {
    if (this.hasSetGrace) {
      throw new IllegalStateException('Cannot call grace() after setting grace value via ofSizeAndGrace or ofSizeWithNoGrace.');
    }
    return new TimeWindows(this.sizeMs, this.advanceMs, validateMillis(afterWindowEndMs, 'afterWindowEnd'), false);
  }

  /**
   * The windows containing `timestamp`, by start, ascending (Kafka's `TimeWindows.windowsFor`). The first start
   * is the last multiple of the advance at or before `timestamp - size + advance`, floored at 0, so a timestamp
   * smaller than the size falls in the windows starting at 0, advance, ... up to the timestamp.
   */
  windowsFor(timestamp: number): Map<number, TimeWindow> {
    const { sizeMs, advanceMs } = this;
    // Math.max(0, ...) keeps the dividend non-negative, where Math.floor is Java's long division.
    let windowStart = Math.floor(Math.max(0, timestamp - sizeMs + advanceMs) / advanceMs) * advanceMs;
    const windows = new Map<number, TimeWindow>();
    while (windowStart <= timestamp) {
      windows.set(windowStart, new TimeWindow(windowStart, windowStart + sizeMs));
      windowStart += advanceMs;
    }
    return windows;
  }

  /** The window size in ms (Kafka's `TimeWindows.size()`). */
  size(): number {
    return this.sizeMs;
  }

  /** The grace period in ms (Kafka's `TimeWindows.gracePeriodMs()`). */
  gracePeriodMs(): number {
    return this.graceMs;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof TimeWindows && other.sizeMs === this.sizeMs && other.advanceMs === this.advanceMs && other.graceMs === this.graceMs
    );
  }

  /** Kafka's text, stray comma included. */
  override toString(): string {
    return `TimeWindows{, sizeMs=${this.sizeMs}, advanceMs=${this.advanceMs}, graceMs=${this.graceMs}}`;
  }
}
