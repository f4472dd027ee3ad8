// The throttle of emit-on-window-close (Kafka's TimeTracker inside the windowed aggregate processors): the store
// range read of closed windows runs at most once per `__emit.interval.ms.kstreams.windowed.aggregation__` of wall
// clock (default 1000 ms), and only when the window close time moved since the last emission.

import type { ProcessingContext } from '../../../processor/processor-context.js';

/** Kafka's internal config of the emit interval (StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_WINDOWED_AGGREGATION). */
export const EMIT_INTERVAL_MS_CONFIG = '__emit.interval.ms.kstreams.windowed.aggregation__';

/** Kafka's ConsumerRecord.NO_TIMESTAMP: no emission yet. */
export const NO_TIMESTAMP = -1;

export class EmitFinalTracker {
  #nextTimeToEmit = 0;
  readonly #intervalMs: number;
  /** The window close time of the last emission, or NO_TIMESTAMP. Kept in memory only (see the README). */
  lastEmitWindowCloseTime = NO_TIMESTAMP;

  constructor(private readonly context: ProcessingContext) {
    const configured = context.appConfigs()[EMIT_INTERVAL_MS_CONFIG];
    this.#intervalMs = configured === undefined || configured === null ? 1000 : Number(configured);
  }

  /**
   * Whether to look for closed windows now: the throttle allows it (or `urgent` overrides it) and the close time
   * moved (Kafka's shouldEmitFinal).
   */
  shouldEmitFinal(windowCloseTime: number, urgent = false): boolean {
    const now = this.context.currentSystemTimeMs();
    if (now < this.#nextTimeToEmit && !urgent) return false;
    // From now, not from the last due time: a jump of the clock triggers one emission, not a burst.
    this.#nextTimeToEmit = now + this.#intervalMs;
    return this.lastEmitWindowCloseTime === NO_TIMESTAMP || this.lastEmitWindowCloseTime < windowCloseTime;
  }
}
