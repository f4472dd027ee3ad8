import type { ProcessorContext } from '../../../processor/processor-context.js';
import { Record } from '../../../processor/record.js';
import type { StateStore } from '../../../processor/state-store.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import { setFlushListener, type CacheFlushListener, type FlushedRecord } from '../../state/flush-listener.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';

type Ctx = ProcessorContext<unknown, unknown>;

/**
 * Kafka's TimestampedCacheFlushListener: turns a flushed entry of a timestamped store into the change the table
 * forwards, stamped with the new value's timestamp (the entry's record timestamp for a delete).
 */
export function timestampedCacheFlushListener(context: Ctx): CacheFlushListener<unknown, ValueAndTimestamp<unknown>> {
  return (entry: FlushedRecord<unknown, ValueAndTimestamp<unknown>>) => {
    const { newValue, oldValue } = entry;
    const timestamp = newValue !== null ? newValue.timestamp() : entry.timestamp;
    const change = new Change(ValueAndTimestamp.getValueOrNull(newValue), ValueAndTimestamp.getValueOrNull(oldValue));
    void context.forward(new Record(entry.key, change, timestamp, entry.headers));
  };
}

/**
 * Kafka's TimestampedTupleForwarder: a processor writing a table's store forwards its change itself only when the
 * store does not cache; a caching store forwards at flush or eviction through the listener, deduplicated per key.
 */
export class TimestampedTupleForwarder {
  readonly #context: Ctx;
  readonly #sendOldValues: boolean;
  readonly #cachingEnabled: boolean;

  constructor(store: StateStore, context: Ctx, sendOldValues: boolean) {
    this.#context = context;
    this.#sendOldValues = sendOldValues;
    this.#cachingEnabled = setFlushListener(store, timestampedCacheFlushListener(context), sendOldValues);
  }

  maybeForward(record: Record<unknown, Change<unknown>>): MaybePromise {
    if (this.#cachingEnabled) return undefined;
    if (this.#sendOldValues) return this.#context.forward(record);
    return this.#context.forward(record.withValue(new Change(record.value().newValue, null, record.value().isLatest)));
  }
}
