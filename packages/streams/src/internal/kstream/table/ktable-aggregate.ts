import { StreamsException } from '../../../common/errors.js';
import type { Aggregator, Initializer, Reducer } from '../../../kstream/functions.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { TimestampedKeyValueStore } from '../../../state/key-value-store.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';
import type { TableProcessor, TableProcessorSupplier } from './table-supplier.js';
import { TimestampedTupleForwarder } from './tuple-forwarder.js';

/** How a grouped table removes an old value from, and adds a new value to, an aggregate. */
interface AddRemove {
  /** The aggregate after removing `value` from `agg` (both present). */
  remove(key: unknown, value: unknown, agg: unknown): unknown;
  /** The aggregate after adding `value` to `agg` (null when the key has none yet). */
  add(key: unknown, value: unknown, agg: unknown): unknown;
}

/**
 * Kafka's KTableAggregate and KTableReduce, behind `KGroupedTable`: each change first removes its old value from
 * the key's aggregate (the subtractor), then adds its new value (the adder). Timestamps: the record's, or the
 * larger of it and the stored aggregate's when the stored aggregate took part.
 */
export class KTableAggregateSupplier implements TableProcessorSupplier {
  #sendOldValues = false;

  private constructor(readonly storeName: string, private readonly ops: AddRemove) {}

  static aggregate(storeName: string, initializer: Initializer<unknown>, adder: Aggregator<unknown, unknown, unknown>, subtractor: Aggregator<unknown, unknown, unknown>): KTableAggregateSupplier {
    return new KTableAggregateSupplier(storeName, {
      remove: (key, value, agg) => subtractor(key, value, agg),
      add: (key, value, agg) => adder(key, value, agg === null ? initializer() : agg),
    });
  }

  static reduce(storeName: string, adder: Reducer<unknown>, subtractor: Reducer<unknown>): KTableAggregateSupplier {
    return new KTableAggregateSupplier(storeName, {
      remove: (_key, value, agg) => subtractor(agg, value),
      add: (_key, value, agg) => (agg === null ? value : adder(agg, value)),
    });
  }

  enableSendingOldValues(): boolean {
    this.#sendOldValues = true;
    return true;
  }

  get(): TableProcessor {
    return new KTableAggregateProcessor(this.storeName, this.ops, this.#sendOldValues);
  }
}

class KTableAggregateProcessor implements TableProcessor {
  #store!: TimestampedKeyValueStore<unknown, unknown>;
  #forwarder!: TimestampedTupleForwarder;

  constructor(private readonly storeName: string, private readonly ops: AddRemove, private readonly sendOldValues: boolean) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#store = context.getStateStore<TimestampedKeyValueStore<unknown, unknown>>(this.storeName);
    this.#forwarder = new TimestampedTupleForwarder(this.#store, context, this.sendOldValues);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    if (key === null || key === undefined) {
      throw new StreamsException(`Record key for KTable aggregate operator with state ${this.storeName} should not be null.`);
    }
    const change = record.value() as Change<unknown>;
    const stored = this.#store.get(key);
    const oldAgg = ValueAndTimestamp.getValueOrNull(stored);
    const merged = stored === null ? record.timestamp() : Math.max(record.timestamp(), stored.timestamp());
    let agg = oldAgg;
    let timestamp = record.timestamp();
    if (change.oldValue !== null && oldAgg !== null) {
      agg = this.ops.remove(key, change.oldValue, oldAgg) ?? null;
      timestamp = merged;
    }
    if (change.newValue !== null) {
      // Kafka takes the stored aggregate's timestamp into account whenever one was stored.
      if (stored !== null) timestamp = merged;
      agg = this.ops.add(key, change.newValue, agg) ?? null;
    }
    this.#store.put(key, ValueAndTimestamp.make(agg, timestamp));
    return this.#forwarder.maybeForward(record.withValue(new Change(agg, this.sendOldValues ? oldAgg : null)).withTimestamp(timestamp));
  }
}
