import type { Predicate } from '../../../kstream/functions.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import type { MaybePromise } from '../../runtime/async.js';
import { PUT_RETURN_CODE_IS_LATEST, PUT_RETURN_CODE_NOT_PUT, TableStore } from '../../state/versioned/table-store.js';
import { Change } from '../change.js';
import type { TableProcessor, TableProcessorSupplier } from './table-supplier.js';
import { TimestampedTupleForwarder } from './tuple-forwarder.js';

/** What a table operator needs of its parent table: to ask it for old values. */
export interface ParentTable {
  enableSendingOldValues(forceMaterialization: boolean): boolean;
}

/**
 * Kafka's KTableFilter: a row the predicate rejects becomes a delete (new value null). With old values, a change
 * in which neither side passes is not forwarded at all.
 */
export class KTableFilter implements TableProcessorSupplier {
  #sendOldValues = false;

  constructor(
    private readonly parent: ParentTable,
    private readonly predicate: Predicate<unknown, unknown>,
    private readonly filterNot: boolean,
    readonly queryableName: string | undefined,
  ) {}

  enableSendingOldValues(forceMaterialization: boolean): boolean {
    // A materialized filter reads the old value from its own store.
    if (this.queryableName !== undefined) {
      this.#sendOldValues = true;
      return true;
    }
    if (this.parent.enableSendingOldValues(forceMaterialization)) this.#sendOldValues = true;
    return this.#sendOldValues;
  }

  computeValue(key: unknown, value: unknown): unknown {
    return value !== null && value !== undefined && this.filterNot !== this.predicate(key, value) ? value : null;
  }

  get(): TableProcessor {
    return new KTableFilterProcessor(this, this.queryableName, this.#sendOldValues);
  }
}

class KTableFilterProcessor implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;
  #store: TableStore | undefined;
  #forwarder: TimestampedTupleForwarder | undefined;

  constructor(private readonly filter: KTableFilter, private readonly queryableName: string | undefined, private readonly sendOldValues: boolean) {}

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
    const newValue = this.filter.computeValue(key, change.newValue);
    const oldValue = this.#oldValue(key, change);
    if (this.sendOldValues && oldValue === null && newValue === null) return undefined;
    const out = record.withValue(new Change(newValue, oldValue, change.isLatest));
    if (this.#store === undefined) return this.#context.forward(out);
    const code = this.#store.put(key, newValue, record.timestamp());
    if (code === PUT_RETURN_CODE_NOT_PUT) return undefined;
    return this.#forwarder!.maybeForward(code === PUT_RETURN_CODE_IS_LATEST ? out : out.withValue(new Change(newValue, oldValue, false)));
  }

  #oldValue(key: unknown, change: Change<unknown>): unknown {
    if (!this.sendOldValues) return null;
    return this.#store !== undefined ? ValueAndTimestamp.getValueOrNull(this.#store.get(key)) : this.filter.computeValue(key, change.oldValue);
  }
}
