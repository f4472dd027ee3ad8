import { IllegalArgumentException } from '../../common/errors.js';
import { validateMillis } from './duration.js';
import { MAX_WINDOW_END_MS, UnlimitedWindow } from './unlimited-window.js';
import { Windows } from './windows.js';

/**
 * One window per key from a fixed start, never closing (Kafka's `UnlimitedWindows`, "landmark windows").
 *
 * @example
 * ```ts
 * grouped.windowedBy(UnlimitedWindows.of().startOn(Date.parse('2024-01-01T00:00:00Z'))).count();
 * ```
 */
export class UnlimitedWindows extends Windows<UnlimitedWindow> {
  private constructor(
    /** The start of the window in ms. */
    readonly startMs: number,
  ) {
    super();
  }

  /** An unlimited window starting at timestamp 0 (Kafka's `UnlimitedWindows.of()`). */
  static of(): UnlimitedWindows {
    return new UnlimitedWindows(0);
  }

  /** An unlimited window starting at `startMs` (epoch ms; Kafka's `UnlimitedWindows.startOn(Instant)`). */
  startOn(startMs: number): UnlimitedWindows {
    const start = validateMillis(startMs, 'start');
    if (start < 0) throw new IllegalArgumentException('Window start time (startMs) cannot be negative.');
    return new UnlimitedWindows(start);
  }

  /** The single window when `timestamp` is at or after the start, otherwise none. */
  windowsFor(timestamp: number): Map<number, UnlimitedWindow> {
    const windows = new Map<number, UnlimitedWindow>();
    if (timestamp >= this.startMs) windows.set(this.startMs, new UnlimitedWindow(this.startMs));
    return windows;
  }

  /** Conceptually infinite: {@link MAX_WINDOW_END_MS} (Kafka returns `Long.MAX_VALUE`). */
  size(): number {
    return MAX_WINDOW_END_MS;
  }

  /** Always 0: an unlimited window never closes. */
  gracePeriodMs(): number {
    return 0;
  }

  equals(other: unknown): boolean {
    return other instanceof UnlimitedWindows && other.startMs === this.startMs;
  }

  override toString(): string {
    return `UnlimitedWindows{startMs=${this.startMs}}`;
  }
}
