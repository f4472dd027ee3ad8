import { StreamsException } from '../../../common/errors.js';
import { UNBOUNDED_LIMIT_TEXT, type BufferFullStrategy } from '../../../kstream/suppressed.js';
import type { Windowed } from '../../../kstream/windowed.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { MaybePromise } from '../../runtime/async.js';
import type { Change } from '../change.js';
import type { TableProcessor, TableProcessorSupplier } from '../table/table-supplier.js';
import type { BufferRecordContext } from './buffer-value.js';
import type { Eviction, TimeOrderedKeyValueBuffer } from './time-ordered-buffer.js';

/** A suppression as the processor runs it (Kafka's SuppressedInternal). */
export interface SuppressionSpec {
  /** The processor's name, which Kafka's buffer-full message starts with. */
  readonly processorName: string;
  readonly storeName: string;
  /** How long after its buffer time an entry is emitted: the grace period, or the time limit. */
  readonly suppressDurationMs: number;
  /** The buffer time of an update: its window's end (final results) or its record's timestamp (time limit). */
  readonly bufferTime: 'WINDOW_END' | 'RECORD_TIME';
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly fullStrategy: BufferFullStrategy;
  /** Final results never forward deletes: a window's result only ever grows (Kafka's safeToDropTombstones). */
  readonly safeToDropTombstones: boolean;
}

/**
 * Kafka's KTableSuppressProcessorSupplier: holds a table's updates in a time-ordered buffer and forwards each key's
 * latest update once stream time (the largest record timestamp this processor saw) passes its buffer time plus the
 * suppression duration - or earlier, when the buffer is over a limit and emits early; a strict buffer over a
 * limit fails the task instead.
 */
export class KTableSuppressSupplier implements TableProcessorSupplier {
  constructor(
    readonly spec: SuppressionSpec,
    private readonly parent: { enableSendingOldValues(force: boolean): boolean },
  ) {}

  /** Old values come from the parent table (Kafka forces it to send them and materialize if it must). */
  enableSendingOldValues(forceMaterialization: boolean): boolean {
    return this.parent.enableSendingOldValues(forceMaterialization);
  }

  get(): TableProcessor {
    return new KTableSuppressProcessor(this.spec);
  }
}

class KTableSuppressProcessor implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;
  #buffer!: TimeOrderedKeyValueBuffer<unknown, unknown>;
  #observedStreamTime = -1;

  constructor(private readonly spec: SuppressionSpec) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#context = context;
    this.#buffer = context.getStateStore<TimeOrderedKeyValueBuffer<unknown, unknown>>(this.spec.storeName);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    if (record.timestamp() > this.#observedStreamTime) this.#observedStreamTime = record.timestamp();
    const time = this.spec.bufferTime === 'WINDOW_END' ? (record.key() as Windowed<unknown>).window().endMs : record.timestamp();
    const m = this.#context.recordMetadata();
    const context: BufferRecordContext = {
      timestamp: record.timestamp(),
      offset: m?.offset() ?? -1,
      topic: m?.topic() ?? null,
      partition: m?.partition() ?? -1,
      headers: record.headers().toArray(),
    };
    this.#buffer.put(time, record.key(), record.value() as Change<unknown>, context);
    return this.#enforceConstraints(record);
  }

  #enforceConstraints(record: Record<unknown, unknown>): MaybePromise {
    const buffer = this.#buffer;
    const expiryTime = this.#observedStreamTime - this.spec.suppressDurationMs;
    const out: Promise<void>[] = [];
    const emit = (e: Eviction<unknown, unknown>): void => {
      const r = this.#emit(record, e);
      if (r !== undefined) out.push(r);
    };
    buffer.evictWhile(() => buffer.minTimestamp() <= expiryTime, emit);
    if (this.#overCapacity()) {
      if (this.spec.fullStrategy === 'EMIT') {
        buffer.evictWhile(() => this.#overCapacity(), emit);
      } else {
        throw new StreamsException(
          `${this.spec.processorName} buffer exceeded its max capacity. Currently [${buffer.numRecords()}/${limitText(this.spec.maxRecords)}] records ` +
            `and [${buffer.bufferSize()}/${limitText(this.spec.maxBytes)}] bytes.`,
        );
      }
    }
    return out.length === 0 ? undefined : Promise.all(out).then(() => undefined);
  }

  #overCapacity(): boolean {
    return this.#buffer.numRecords() > this.spec.maxRecords || this.#buffer.bufferSize() > this.spec.maxBytes;
  }

  /** Forwards an evicted update with the timestamp and headers it was buffered with (Kafka's emit). */
  #emit(record: Record<unknown, unknown>, eviction: Eviction<unknown, unknown>): MaybePromise {
    if (eviction.value.newValue === null && this.spec.safeToDropTombstones) return undefined;
    const { context } = eviction;
    return this.#context.forward(record.withKey(eviction.key).withValue(eviction.value).withTimestamp(context.timestamp).withHeaders(context.headers));
  }
}

function limitText(limit: number): string {
  return limit === Infinity ? UNBOUNDED_LIMIT_TEXT : String(limit);
}
