import { Observable } from 'rxjs';
import type { Consumer } from '../contract/consumer.js';
import type { ConsumerRecord, TopicPartition } from '../contract/records.js';

/** Options of {@link fromConsumer}. */
export interface FromConsumerOptions {
  /** Records held between polling and emission; above it the partitions are paused (default 1000). */
  readonly bufferSize?: number;
  /** The timeout of each poll (default 100 ms). */
  readonly pollTimeoutMs?: number;
}

/**
 * A consumer's records as an `Observable` (the consumer must be subscribed or assigned). A poll loop fills a
 * bounded buffer; records are emitted from it in chunks, one chunk per turn of the event loop, so a slow
 * subscriber leaves the buffer full and the loop then pauses every assigned partition (it keeps polling, so
 * group membership and rebalances go on) and resumes them once half the buffer is emitted — back-pressure by
 * pause/resume, as Kafka applications do it. Unsubscribing stops the loop and resumes what it paused; the
 * consumer stays open (the caller owns it). A poll failure errors the Observable.
 *
 * @example
 * ```ts
 * fromConsumer(consumer).pipe(filter((r) => r.value !== null), take(100)).subscribe((r) => console.log(r.offset));
 * ```
 */
export function fromConsumer(consumer: Consumer, options: FromConsumerOptions = {}): Observable<ConsumerRecord> {
  const bufferSize = Math.max(1, options.bufferSize ?? 1000);
  const pollTimeoutMs = options.pollTimeoutMs ?? 100;
  const chunk = Math.max(1, Math.ceil(bufferSize / 2));
  return new Observable<ConsumerRecord>((subscriber) => {
    const buffer: ConsumerRecord[] = [];
    let head = 0;
    let stopped = false;
    let pausedByUs: TopicPartition[] = [];
    let emitting = false;

    const resumeOurs = (): void => {
      if (pausedByUs.length === 0) return;
      const owned = new Set(consumer.assignment().map((p) => `${p.topic}-${p.partition}`));
      consumer.resume(pausedByUs.filter((p) => owned.has(`${p.topic}-${p.partition}`)));
      pausedByUs = [];
    };
    const emit = (): void => {
      emitting = false;
      const end = Math.min(buffer.length, head + chunk);
      while (head < end && !stopped) subscriber.next(buffer[head++]!);
      if (head >= buffer.length) {
        buffer.length = 0;
        head = 0;
      }
      if (buffer.length - head <= bufferSize / 2) resumeOurs();
      if (head < buffer.length && !stopped) schedule();
    };
    const schedule = (): void => {
      if (emitting) return;
      emitting = true;
      setImmediate(emit);
    };
    const loop = async (): Promise<void> => {
      while (!stopped) {
        const polled = await consumer.poll(pollTimeoutMs);
        if (stopped) break;
        for (const r of polled) buffer.push(r);
        if (buffer.length - head >= bufferSize && pausedByUs.length === 0) {
          const active = new Set(consumer.paused().map((p) => `${p.topic}-${p.partition}`));
          pausedByUs = consumer.assignment().filter((p) => !active.has(`${p.topic}-${p.partition}`));
          consumer.pause(pausedByUs);
        }
        if (buffer.length > head) schedule();
      }
    };
    loop().catch((e: unknown) => {
      if (!stopped) subscriber.error(e);
    });
    return () => {
      stopped = true;
      consumer.wakeup();
      try {
        resumeOurs();
      } catch {
        // The consumer may be closed already; nothing to resume then.
      }
    };
  });
}
