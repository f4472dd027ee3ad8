import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import { PUT_RETURN_CODE_IS_LATEST, PUT_RETURN_CODE_NOT_PUT, TableStore } from '../../state/versioned/table-store.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';
import { warnDropped } from './dropped-records.js';
import type { TableProcessor, TableProcessorSupplier } from './table-supplier.js';
import { TimestampedTupleForwarder } from './tuple-forwarder.js';

/**
 * Kafka's KTableSource: turns the records of `builder.table()`, `toTable()` or a global table into changes. It
 * writes its store only when materialized - a Materialized name asked for it, or a downstream operator needs old
 * values or lookups - and then forwards the previous value as the old one (through the cache when it caches).
 */
export class KTableSource implements TableProcessorSupplier {
  #queryableName: string | undefined;
  #sendOldValues = false;

  constructor(readonly storeName: string, queryableName: string | undefined) {
    this.#queryableName = queryableName;
  }

  queryableName(): string | undefined {
    return this.#queryableName;
  }

  materialized(): boolean {
    return this.#queryableName !== undefined;
  }

  /** Sending old values needs the previous value: it materializes the table (Kafka's KTableSource). */
  enableSendingOldValues(forceMaterialization: boolean): boolean {
    if (!forceMaterialization && !this.materialized()) return false;
    this.#sendOldValues = true;
    this.#queryableName = this.storeName;
    return true;
  }

  /** A downstream lookup needs the table's store (Kafka's `materialize()`). */
  materialize(): void {
    this.#queryableName = this.storeName;
  }

  get(): TableProcessor {
    return new KTableSourceProcessor(this.#queryableName, this.#sendOldValues);
  }
}

class KTableSourceProcessor implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;
  #store: TableStore | undefined;
  #forwarder: TimestampedTupleForwarder | undefined;

  constructor(private readonly queryableName: string | undefined, private readonly sendOldValues: boolean) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#context = context;
    if (this.queryableName !== undefined) {
      this.#store = TableStore.of(context, this.queryableName);
      this.#forwarder = new TimestampedTupleForwarder(this.#store.store(), context, this.sendOldValues);
    }
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    if (key === null || key === undefined) {
      warnDropped(this.#context, 'null key');
      return undefined;
    }
    const store = this.#store;
    if (store === undefined) return this.#context.forward(record.withValue(new Change(record.value(), null)));
    const old = store.get(key);
    if (old !== null && record.timestamp() < old.timestamp() && !store.isVersioned()) {
      console.warn(`Detected out-of-order KTable update for ${store.store().name()}, old timestamp=[${old.timestamp()}] new timestamp=[${record.timestamp()}].`);
    }
    // A versioned store refuses a write older than its grace period (not forwarded either) and keeps an older
    // version out of the latest value: forwarded with isLatest = false (Kafka's KIP-914 semantics).
    const code = store.put(key, record.value(), record.timestamp());
    if (code === PUT_RETURN_CODE_NOT_PUT) return undefined;
    return this.#forwarder!.maybeForward(record.withValue(new Change(record.value(), ValueAndTimestamp.getValueOrNull(old), code === PUT_RETURN_CODE_IS_LATEST)));
  }
}
