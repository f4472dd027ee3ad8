import { Observable, type OperatorFunction } from 'rxjs';
import type { Producer } from '../contract/producer.js';
import type { ProducerRecord, RecordMetadata } from '../contract/records.js';

/**
 * An operator that sends every record of the source through `producer` and emits each record's metadata in
 * source order; when the source completes it flushes the producer and completes after every send is
 * acknowledged. A failed send errors the result (later metadata is not emitted). Sends are not awaited one by
 * one, so the producer batches them by `batch.size`/`linger.ms`.
 *
 * @example
 * ```ts
 * await lastValueFrom(from(records).pipe(toProducer(producer)), { defaultValue: undefined });
 * ```
 */
export function toProducer(producer: Producer): OperatorFunction<ProducerRecord, RecordMetadata> {
  return (source) =>
    new Observable<RecordMetadata>((subscriber) => {
      let chain: Promise<void> = Promise.resolve();
      let failed = false;
      const fail = (e: unknown): void => {
        if (failed) return;
        failed = true;
        subscriber.error(e);
      };
      const subscription = source.subscribe({
        next(record) {
          if (failed) return;
          const sent = producer.send(record);
          chain = chain.then(async () => {
            const m = await sent;
            if (!failed) subscriber.next(m);
          });
          chain.catch(fail);
        },
        error: fail,
        complete() {
          const flushed = producer.flush().catch(() => undefined);
          Promise.all([chain, flushed]).then(() => {
            if (!failed) subscriber.complete();
          }, fail);
        },
      });
      return () => subscription.unsubscribe();
    });
}
