import { IllegalArgumentException, IllegalStateException } from '../../common/errors.js';
import type { Window } from '../windowed.js';
import { validateMillis } from './duration.js';
import { UnsupportedOperationException } from './unsupported-operation.js';
import { Windows } from './windows.js';

/**
 * The window of a stream-stream join (Kafka's `JoinWindows`): a record of the other stream joins a record of this
 * stream with the same key when `this.ts - before <= other.ts <= this.ts + after`. The window slides with each
 * record; it is not aligned to the epoch. `before` alone may be negative as long as `before + after` is not.
 *
 * @example
 * ```ts
 * left.join(right, joiner, JoinWindows.ofTimeDifferenceAndGrace(5_000, 1_000));  // within 5 s either way
 * JoinWindows.ofTimeDifferenceWithNoGrace(5_000).before(0);                       // right may only follow left
 * ```
 */
export class JoinWindows extends Windows<Window> {
  private constructor(
    /** The most a joining record of the other stream may be earlier, in ms. */
    readonly beforeMs: number,
    /** The most a joining record of the other stream may be later, in ms. */
    readonly afterMs: number,
    private readonly graceMs: number,
    /**
     * Whether left and outer joins hold back unmatched results until the window closes (set by the
     * `ofTimeDifference...` factories; Kafka's `enableSpuriousResultFix`). The deprecated `of` leaves it off:
     * unmatched results are then emitted eagerly, as before Kafka 3.1. Read by the join operator.
     */
    readonly enableSpuriousResultFix: boolean,
  ) {
    super();
    if (beforeMs + afterMs < 0) throw new IllegalArgumentException('Window interval (ie, beforeMs+afterMs) must not be negative.');
    if (graceMs < 0) throw new IllegalArgumentException('Grace period must not be negative.');
  }

  /**
   * Records join when their timestamps differ by at most `timeDifferenceMs`; out-of-order records are admitted
   * until `afterWindowEndMs` after the window's end (Kafka's `JoinWindows.ofTimeDifferenceAndGrace`).
   */
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, afterWindowEndMs: number): JoinWindows {
    const difference = validateMillis(timeDifferenceMs, 'timeDifference');
    const grace = validateMillis(afterWindowEndMs, 'afterWindowEnd');
    return new JoinWindows(difference, difference, grace, true);
  }

  /** Records join when their timestamps differ by at most `timeDifferenceMs`, with no grace period (Kafka's `JoinWindows.ofTimeDifferenceWithNoGrace`). */
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return JoinWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, Windows.NO_GRACE_PERIOD);
  }

  /**
   * The deprecated form with a grace period of 24 hours minus twice the difference, and unmatched left/outer
   * results emitted eagerly (Kafka's `JoinWindows.of`).
   *
   * @deprecated since Kafka 3.0; use {@link JoinWindows.ofTimeDifferenceWithNoGrace}.
   */
  static of(timeDifferenceMs: number): JoinWindows {
    const difference = validateMillis(timeDifferenceMs, 'timeDifference');
    return new JoinWindows(difference, difference, Math.max(Windows.DEPRECATED_DEFAULT_24_HR_GRACE_PERIOD - difference * 2, 0), false);
  }

  /** The same window with its start moved to `timeDifferenceMs` before the record (Kafka's `JoinWindows.before`). */
  before(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(validateMillis(timeDifferenceMs, 'timeDifference'), this.afterMs, this.graceMs, this.enableSpuriousResultFix);
  }

  /** The same window with its end moved to `timeDifferenceMs` after the record (Kafka's `JoinWindows.after`). */
  after(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(this.beforeMs, validateMillis(timeDifferenceMs, 'timeDifference'), this.graceMs, this.enableSpuriousResultFix);
  }

  /**
   * Sets the grace period of windows made by the deprecated {@link JoinWindows.of} (Kafka's `JoinWindows.grace`).
   *
   * @deprecated since Kafka 3.0; use {@link JoinWindows.ofTimeDifferenceAndGrace}.
   */
  grace(afterWindowEndMs: number): JoinWindows {
    // As in Kafka, the spurious-result flag tells whether a grace-setting factory made this object.
    if (this.enableSpuriousResultFix) {
      throw new IllegalStateException(
        'Cannot call grace() after setting grace value via ofTimeDifferenceAndGrace or ofTimeDifferenceWithNoGrace.',
      );
    }
    return new JoinWindows(this.beforeMs, this.afterMs, validateMillis(afterWindowEndMs, 'afterWindowEnd'), false);
  }

  /** Not supported: join windows are relative to each record (Kafka throws the same). */
  windowsFor(_timestamp: number): Map<number, Window> {
    throw new UnsupportedOperationException('windowsFor() is not supported by JoinWindows.');
  }

  /** `before + after`, in ms. */
  size(): number {
    return this.beforeMs + this.afterMs;
  }

  /** The grace period in ms. */
  gracePeriodMs(): number {
    return this.graceMs;
  }

  equals(other: unknown): boolean {
    return (
      other instanceof JoinWindows && other.beforeMs === this.beforeMs && other.afterMs === this.afterMs && other.graceMs === this.graceMs
    );
  }

  override toString(): string {
    return `JoinWindows{beforeMs=${this.beforeMs}, afterMs=${this.afterMs}, graceMs=${this.graceMs}}`;
  }
}
