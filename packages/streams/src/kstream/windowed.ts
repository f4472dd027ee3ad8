import { IllegalArgumentException } from '../common/errors.js';

/**
 * A window: a time interval with a start and an end in ms (Kafka's `Window`). Time windows are [start, end),
 * session windows [start, end].
 */
export abstract class Window {
  constructor(
    readonly startMs: number,
    readonly endMs: number,
  ) {
    if (startMs < 0) throw new IllegalArgumentException('Window startMs time cannot be negative.');
    if (endMs < startMs) throw new IllegalArgumentException('Window endMs time cannot be smaller than window startMs time.');
  }

  start(): number {
    return this.startMs;
  }

  end(): number {
    return this.endMs;
  }

  /** Whether this window and `other` share any time. */
  abstract overlap(other: Window): boolean;

  equals(other: unknown): boolean {
    return other instanceof Window && other.constructor === this.constructor && other.startMs === this.startMs && other.endMs === this.endMs;
  }

  toString(): string {
    return `Window{startMs=${this.startMs}, endMs=${this.endMs}}`;
  }
}

/** A time window [start, end) of tumbling, hopping and sliding windows (Kafka's `TimeWindow`). */
export class TimeWindow extends Window {
  constructor(startMs: number, endMs: number) {
    super(startMs, endMs);
    if (startMs === endMs) throw new IllegalArgumentException('Window endMs must be greater than window startMs.');
  }

  overlap(other: Window): boolean {
    return this.startMs < other.endMs && other.startMs < this.endMs;
  }
}

/** A session window [start, end], both inclusive (Kafka's `SessionWindow`). */
export class SessionWindow extends Window {
  overlap(other: Window): boolean {
    return !(other.endMs < this.startMs || this.endMs < other.startMs);
  }
}

/** A key with the window it belongs to (Kafka's `Windowed<K>`): the key of windowed aggregation results. */
export class Windowed<K> {
  constructor(
    readonly keyField: K,
    readonly windowField: Window,
  ) {}

  key(): K {
    return this.keyField;
  }

  window(): Window {
    return this.windowField;
  }

  equals(other: unknown): boolean {
    return other instanceof Windowed && other.keyField === this.keyField && this.windowField.equals(other.windowField);
  }

  toString(): string {
    return `[${String(this.keyField)}@${this.windowField.startMs}/${this.windowField.endMs}]`;
  }
}
