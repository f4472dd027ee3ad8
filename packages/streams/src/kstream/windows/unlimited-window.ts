import { IllegalArgumentException } from '../../common/errors.js';
import { Window } from '../windowed.js';

/**
 * The end of an unlimited window and the cap of any computed window end: Java uses `Long.MAX_VALUE`; the largest
 * integer a JS number holds exactly plays that part here. It still sorts after every real timestamp.
 */
export const MAX_WINDOW_END_MS = Number.MAX_SAFE_INTEGER;

/** A window from a fixed start that never ends (Kafka's `UnlimitedWindow`), made by {@link UnlimitedWindows}. */
export class UnlimitedWindow extends Window {
  constructor(startMs: number) {
    super(startMs, MAX_WINDOW_END_MS);
  }

  /** Always true for another unlimited window; comparing with another window type is refused, as in Kafka. */
  overlap(other: Window): boolean {
    if (other.constructor !== this.constructor) {
      throw new IllegalArgumentException(`Cannot compare windows of different type. Other window has type ${other.constructor.name}.`);
    }
    return true;
  }
}
