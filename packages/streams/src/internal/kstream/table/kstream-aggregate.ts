import type { Aggregator, Initializer, Reducer } from '../../../kstream/functions.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { TimestampedKeyValueStore } from '../../../state/key-value-store.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';
import { warnDropped } from './dropped-records.js';
import type { TableProcessor, TableProcessorSupplier } from './table-supplier.js';
import { TimestampedTupleForwarder } from './tuple-forwarder.js';

/**
 * One step of a stream aggregation: the new aggregate from the stored one (null when the key is new) and the
 * record's value, plus the old value to forward.
 */
type Step = (key: unknown, value: unknown, stored: unknown) => { readonly newAgg: unknown; readonly oldAgg: unknown };

/**
 * Kafka's KStreamAggregate and KStreamReduce: folds each record into the aggregate of its key in a timestamped
 * store. The result's timestamp is the larger of the record's and the stored aggregate's. Records with a null key
 * or value are skipped.
 */
export class KStreamAggregateSupplier implements TableProcessorSupplier {
  #sendOldValues = false;

  private constructor(readonly storeName: string, private readonly step: Step) {}

  /** Kafka's KStreamAggregate: a new key starts from `initializer()`, which is also the old value it forwards. */
  static aggregate(storeName: string, initializer: Initializer<unknown>, aggregator: Aggregator<unknown, unknown, unknown>): KStreamAggregateSupplier {
    return new KStreamAggregateSupplier(storeName, (key, value, stored) => {
      const oldAgg = stored === null ? initializer() : stored;
      return { newAgg: aggregator(key, value, oldAgg), oldAgg };
    });
  }

  /** Kafka's KStreamReduce: a new key's first value is its aggregate; the old value forwarded is then null. */
  static reduce(storeName: string, reducer: Reducer<unknown>): KStreamAggregateSupplier {
    return new KStreamAggregateSupplier(storeName, (_key, value, stored) => ({ newAgg: stored === null ? value : reducer(stored, value), oldAgg: stored }));
  }

  /** An aggregation always has its store, so it can always send old values. */
  enableSendingOldValues(): boolean {
    this.#sendOldValues = true;
    return true;
  }

  get(): TableProcessor {
    return new KStreamAggregateProcessor(this.storeName, this.step, this.#sendOldValues);
  }
}

class KStreamAggregateProcessor implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;
  #store!: TimestampedKeyValueStore<unknown, unknown>;
  #forwarder!: TimestampedTupleForwarder;

  constructor(private readonly storeName: string, private readonly step: Step, private readonly sendOldValues: boolean) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#context = context;
    this.#store = context.getStateStore<TimestampedKeyValueStore<unknown, unknown>>(this.storeName);
    this.#forwarder = new TimestampedTupleForwarder(this.#store, context, this.sendOldValues);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    const value = record.value();
    if (key === null || key === undefined || value === null || value === undefined) {
      warnDropped(this.#context, 'null key or value');
      return undefined;
    }
    const stored = this.#store.get(key);
    const { newAgg, oldAgg } = this.step(key, value, ValueAndTimestamp.getValueOrNull(stored));
    const timestamp = stored === null ? record.timestamp() : Math.max(record.timestamp(), stored.timestamp());
    this.#store.put(key, ValueAndTimestamp.make(newAgg, timestamp));
    return this.#forwarder.maybeForward(record.withValue(new Change(newAgg, this.sendOldValues ? oldAgg : null)).withTimestamp(timestamp));
  }
}
