import type { Cancellable, Punctuator } from '../../processor/punctuation.js';
import { JavaPriorityQueue } from '../java/priority-queue.js';

/** One scheduled punctuator (Kafka's PunctuationSchedule); its successors share the cancellation flag. */
export interface PunctuationSchedule<N> {
  readonly node: N;
  readonly timestamp: number;
  readonly interval: number;
  readonly punctuator: Punctuator;
  readonly cancelled: { value: boolean };
}

/**
 * Kafka's PunctuationQueue: schedules ordered by due time in a java.util.PriorityQueue (so ties fire in Kafka's
 * order). Punctuators receive the time that triggered them; missed intervals are skipped, not replayed.
 */
export class PunctuationQueue<N> {
  readonly #queue = new JavaPriorityQueue<PunctuationSchedule<N>>((a, b) => a.timestamp - b.timestamp);

  schedule(node: N, startTime: number, interval: number, punctuator: Punctuator): Cancellable {
    const cancelled = { value: false };
    this.#queue.add({ node, timestamp: startTime, interval, punctuator, cancelled });
    return { cancel: () => void (cancelled.value = true) };
  }

  /** The next schedule due at `now`, removed from the queue, or undefined. Cancelled ones are dropped. */
  pollDue(now: number): PunctuationSchedule<N> | undefined {
    for (;;) {
      const top = this.#queue.peek();
      if (top === undefined || top.timestamp > now) return undefined;
      this.#queue.poll();
      if (!top.cancelled.value) return top;
    }
  }

  /** Re-queues a schedule after it fired at `now` (Kafka's PunctuationSchedule.next), unless cancelled meanwhile. */
  reschedule(s: PunctuationSchedule<N>, now: number): void {
    if (s.cancelled.value) return;
    let next = s.timestamp + s.interval;
    if (now >= next) {
      // Missed one or more intervals (a gap in the data or a stalled clock): skip ahead, never fire twice in a row.
      const missed = Math.floor((now - s.timestamp) / s.interval);
      next = s.timestamp + (missed + 1) * s.interval;
    }
    this.#queue.add({ ...s, timestamp: next });
  }
}
