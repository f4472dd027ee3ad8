import { IllegalArgumentException, IllegalStateException } from '../../common/errors.js';
import { validateMillis } from './duration.js';
import { Windows } from './windows.js';

/**
 * Session windows (Kafka's `SessionWindows`): a key's records closer together than the inactivity gap form one
 * session [first timestamp, last timestamp]; a record that bridges two sessions merges them. Not a
 * {@link Windows}: sessions depend on the data, not on a timestamp alone.
 *
 * @example
 * ```ts
 * grouped.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5 * 60_000)).count();
 * ```
 */
export class SessionWindows {
  private constructor(
    private readonly gapMs: number,
    private readonly graceMs: number,
    // Whether grace came from an ofInactivityGap... factory; the deprecated grace() refuses to override it.
    private readonly hasSetGrace: boolean,
  ) {
    if (gapMs <= 0) throw new IllegalArgumentException('Gap time cannot be zero or negative.');
    if (graceMs < 0) throw new IllegalArgumentException('Grace period must not be negative.');
  }

  /** Sessions closed by `inactivityGapMs` of silence, with no grace period (Kafka's `SessionWindows.ofInactivityGapWithNoGrace`). */
  static ofInactivityGapWithNoGrace(inactivityGapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(inactivityGapMs, Windows.NO_GRACE_PERIOD);
  }

  /**
   * Sessions closed by `inactivityGapMs` of silence, admitting out-of-order records until `afterWindowEndMs` after
   * a session's end (Kafka's `SessionWindows.ofInactivityGapAndGrace`).
   */
  static ofInactivityGapAndGrace(inactivityGapMs: number, afterWindowEndMs: number): SessionWindows {
    const gap = validateMillis(inactivityGapMs, 'inactivityGap');
    const grace = validateMillis(afterWindowEndMs, 'afterWindowEnd');
    return new SessionWindows(gap, grace, true);
  }

  /**
   * Sessions with the deprecated default grace period of 24 hours minus the gap (Kafka's `SessionWindows.with`).
   *
   * @deprecated since Kafka 3.0; use {@link SessionWindows.ofInactivityGapWithNoGrace}.
   */
  static with(inactivityGapMs: number): SessionWindows {
    const gap = validateMillis(inactivityGapMs, 'inactivityGap');
    return new SessionWindows(gap, Math.max(Windows.DEPRECATED_DEFAULT_24_HR_GRACE_PERIOD - gap, 0), false);
  }

  /**
   * Sets the grace period of sessions made by the deprecated {@link SessionWindows.with} (Kafka's
   * `SessionWindows.grace`).
   *
   * @deprecated since Kafka 3.0; use {@link SessionWindows.ofInactivityGapAndGrace}.
   */
  grace(afterWindowEndMs: number): SessionWindows {
    if (this.hasSetGrace) {
      throw new IllegalStateException(
        'Cannot call grace() after setting grace value via ofInactivityGapAndGrace or ofInactivityGapWithNoGrace.',
      );
    }
    return new SessionWindows(this.gapMs, validateMillis(afterWindowEndMs, 'afterWindowEnd'), false);
  }

  /** The grace period in ms. */
  gracePeriodMs(): number {
    return this.graceMs;
  }

  /** The inactivity gap in ms. */
  inactivityGap(): number {
    return this.gapMs;
  }

  equals(other: unknown): boolean {
    return other instanceof SessionWindows && other.gapMs === this.gapMs && other.graceMs === this.graceMs;
  }

  toString(): string {
    return `SessionWindows{gapMs=${this.gapMs}, graceMs=${this.graceMs}}`;
  }
}
