import type { ValueMapperWithKey } from '../../../kstream/functions.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import type { MaybePromise } from '../../runtime/async.js';
import { PUT_RETURN_CODE_IS_LATEST, PUT_RETURN_CODE_NOT_PUT, TableStore } from '../../state/versioned/table-store.js';
import { Change } from '../change.js';
import type { ParentTable } from './ktable-filter.js';
import type { TableProcessor, TableProcessorSupplier } from './table-supplier.js';
import { TimestampedTupleForwarder } from './tuple-forwarder.js';

/** Kafka's KTableMapValues: maps new (and old) values; a delete stays a delete and the mapper never sees null. */
export class KTableMapValues implements TableProcessorSupplier {
  #sendOldValues = false;

  constructor(
    private readonly parent: ParentTable,
    private readonly mapper: ValueMapperWithKey<unknown, unknown, unknown>,
    readonly queryableName: string | undefined,
  ) {}

  enableSendingOldValues(forceMaterialization: boolean): boolean {
    if (this.queryableName !== undefined) {
      this.#sendOldValues = true;
      return true;
    }
    if (this.parent.enableSendingOldValues(forceMaterialization)) this.#sendOldValues = true;
    return this.#sendOldValues;
  }

  computeValue(key: unknown, value: unknown): unknown {
    return value === null || value === undefined ? null : this.mapper(key, value);
  }

  get(): TableProcessor {
    return new KTableMapValuesProcessor(this, this.queryableName, this.#sendOldValues);
  }
}

class KTableMapValuesProcessor implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;
  #store: TableStore | undefined;
  #forwarder: TimestampedTupleForwarder | undefined;

  constructor(private readonly mapValues: KTableMapValues, private readonly queryableName: string | undefined, private readonly sendOldValues: boolean) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#context = context;
    if (this.queryableName !== undefined) {
      this.#store = TableStore.of(context, this.queryableName);
      this.#forwarder = new TimestampedTupleForwarder(this.#store.store(), context, this.sendOldValues);
    }
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    const change = record.value() as Change<unknown>;
    const newValue = this.mapValues.computeValue(key, change.newValue);
    const store = this.#store;
    if (store === undefined) {
      const oldValue = this.sendOldValues ? this.mapValues.computeValue(key, change.oldValue) : null;
      return this.#context.forward(record.withValue(new Change(newValue, oldValue, change.isLatest)));
    }
    // A materialized mapValues reads the old value from its own store, before overwriting it.
    const oldValue = this.sendOldValues ? ValueAndTimestamp.getValueOrNull(store.get(key)) : null;
    const code = store.put(key, newValue, record.timestamp());
    if (code === PUT_RETURN_CODE_NOT_PUT) return undefined;
    return this.#forwarder!.maybeForward(record.withValue(new Change(newValue, oldValue, code === PUT_RETURN_CODE_IS_LATEST)));
  }
}
