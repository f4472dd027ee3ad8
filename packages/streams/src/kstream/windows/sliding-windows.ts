import { IllegalArgumentException } from '../../common/errors.js';
import { validateMillis } from './duration.js';
import { Windows } from './windows.js';

/**
 * Sliding windows for aggregations (Kafka's `SlidingWindows`): windows of a fixed size - the maximum time
 * difference between two records in one window, both ends inclusive - whose boundaries follow the records'
 * timestamps instead of the epoch. Each distinct set of records within the time difference forms one window.
 * Not a {@link Windows}: the windows of a record depend on the records around it, so they cannot be listed from
 * its timestamp alone.
 *
 * @example
 * ```ts
 * grouped.windowedBy(SlidingWindows.ofTimeDifferenceAndGrace(10_000, 30_000)).count();
 * ```
 */
export class SlidingWindows {
  private constructor(
    private readonly timeDifference: number,
    private readonly graceMs: number,
  ) {
    if (timeDifference < 0) throw new IllegalArgumentException('Window time difference must not be negative.');
    if (graceMs < 0) throw new IllegalArgumentException('Window grace period must not be negative.');
  }

  /** Sliding windows of `timeDifferenceMs` with no grace period (Kafka's `SlidingWindows.ofTimeDifferenceWithNoGrace`). */
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return SlidingWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, Windows.NO_GRACE_PERIOD);
  }

  /**
   * Sliding windows of `timeDifferenceMs` admitting out-of-order records until `afterWindowEndMs` after a window's
   * end (Kafka's `SlidingWindows.ofTimeDifferenceAndGrace`).
   */
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, afterWindowEndMs: number): SlidingWindows {
    const timeDifference = validateMillis(timeDifferenceMs, 'timeDifference');
    const grace = validateMillis(afterWindowEndMs, 'afterWindowEnd');
    return new SlidingWindows(timeDifference, grace);
  }

  /** The maximum time difference between records in one window, in ms (the window size). */
  timeDifferenceMs(): number {
    return this.timeDifference;
  }

  /** The grace period in ms. */
  gracePeriodMs(): number {
    return this.graceMs;
  }

  equals(other: unknown): boolean {
    return other instanceof SlidingWindows && other.timeDifference === this.timeDifference && other.graceMs === this.graceMs;
  }

  /** Kafka's text, stray comma included. */
  toString(): string {
    return `SlidingWindows{, sizeMs=${this.timeDifference}, graceMs=${this.graceMs}}`;
  }
}
