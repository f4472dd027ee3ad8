import type { Window } from '../windowed.js';

/**
 * A window definition that can list the windows a timestamp falls in: what `windowedBy` of a grouped stream needs
 * to aggregate into fixed-size windows. {@link TimeWindows} and {@link UnlimitedWindows} implement it through
 * {@link Windows}.
 */
export interface EnumerableWindowDefinition<W extends Window> {
  /**
   * The windows that contain `timestamp`, keyed by their (non-negative) start, in ascending start order.
   * Empty when no window contains the timestamp (a negative timestamp, or one before an unlimited window's start).
   */
  windowsFor(timestamp: number): Map<number, W>;
  /** The size of the windows in ms (the lower bound of a window store's retention). */
  size(): number;
  /** How long after a window's end out-of-order records are still admitted, in ms. */
  gracePeriodMs(): number;
}

/**
 * The base of fixed-size window specifications (Kafka's `Windows<W>`): the windows a record falls in follow from
 * its timestamp alone, so an aggregation can compute them per record.
 */
export abstract class Windows<W extends Window> implements EnumerableWindowDefinition<W> {
  /** The grace period of the deprecated factories that set none: 24 hours (Kafka's `DEPRECATED_DEFAULT_24_HR_GRACE_PERIOD`, KIP-633). */
  static readonly DEPRECATED_DEFAULT_24_HR_GRACE_PERIOD = 24 * 60 * 60 * 1000;
  /** The grace period of the `...WithNoGrace` factories (Kafka's `NO_GRACE_PERIOD`). */
  static readonly NO_GRACE_PERIOD = 0;

  abstract windowsFor(timestamp: number): Map<number, W>;
  abstract size(): number;
  abstract gracePeriodMs(): number;
}
