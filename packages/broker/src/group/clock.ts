/**
 * Time as the group coordinator sees it. Session timeouts, rebalance timeouts and the initial rebalance delay
 * all run on an injected {@link Clock}, so tests drive them with a {@link ManualClock} instead of sleeping.
 */

/** A scheduled callback that can be cancelled; cancelling twice or after it ran is harmless. */
export interface TimerHandle {
  cancel(): void;
}

/**
 * Wall-clock milliseconds and one-shot timers (what Kafka's `Time` and its timing wheel give its coordinator).
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once, `delayMs` from now (0 or less: as soon as possible). */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
}

/** The real clock: `Date.now()` and Node timers that do not keep the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, fn) {
    const t = setTimeout(fn, Math.max(0, delayMs));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

interface ManualTimer {
  readonly due: number;
  readonly seq: number;
  readonly fn: () => void;
  cancelled: boolean;
}

/**
 * A clock that moves only when told to. Timers fire in due-time order (ties in scheduling order) with
 * {@link ManualClock.now} set to their due time, so the code under test sees the time it asked for.
 *
 * @example
 * ```ts
 * const clock = new ManualClock(1_000);
 * clock.setTimer(500, () => console.log(clock.now())); // prints 1500
 * await clock.advance(500);
 * ```
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const timer: ManualTimer = { due: this.current + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Timers scheduled and not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Due time of the next live timer, or `null`. */
  nextDue(): number | null {
    let best: ManualTimer | null = null;
    for (const t of this.timers) if (!t.cancelled && (best === null || earlier(t, best))) best = t;
    return best === null ? null : best.due;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way. `settle` (if given) is awaited
   * first and after each batch of timers due at the same instant, so asynchronous work already started or
   * started by a timer (a coordinator step, a log append) finishes before time moves on, as in real time.
   */
  async advance(ms: number, settle?: () => Promise<void>): Promise<void> {
    const target = this.current + Math.max(0, ms);
    if (settle) await settle();
    for (;;) {
      const due = this.nextDue();
      if (due === null || due > target) break;
      this.current = Math.max(this.current, due);
      this.fireDue();
      if (settle) await settle();
    }
    this.current = target;
  }

  private fireDue(): void {
    for (;;) {
      let next: ManualTimer | null = null;
      for (const t of this.timers) if (!t.cancelled && t.due <= this.current && (next === null || earlier(t, next))) next = t;
      if (next === null) break;
      next.cancelled = true;
      next.fn();
    }
    this.timers = this.timers.filter((t) => !t.cancelled);
  }
}

function earlier(a: ManualTimer, b: ManualTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq);
}
