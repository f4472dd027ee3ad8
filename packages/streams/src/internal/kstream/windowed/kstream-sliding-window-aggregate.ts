import type { Aggregator, Initializer } from '../../../kstream/functions.js';
import { TimeWindow, Windowed } from '../../../kstream/windowed.js';
import type { EmitStrategy } from '../../../kstream/windows/emit-strategy.js';
import type { SlidingWindows } from '../../../kstream/windows/sliding-windows.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import type { TimestampedWindowStore } from '../../../state/window-store.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';
import type { TableProcessor } from '../table/table-supplier.js';
import { TimestampedTupleForwarder } from '../table/tuple-forwarder.js';
import { EmitFinalTracker, NO_TIMESTAMP } from './emit-final.js';
import { droppedRecordsSensor } from './task-metrics.js';
import { emitClosedWindows, warnExpired, warnNullKey, type WindowedAggregateSupplier } from './windowed-common.js';

type VAT = ValueAndTimestamp<unknown>;

/** What the processors of a sliding-window aggregation share (Kafka's KStreamSlidingWindowAggregate fields). */
export interface SlidingWindowAggregateSpec {
  readonly windows: SlidingWindows;
  readonly storeName: string;
  readonly emitStrategy: EmitStrategy;
  readonly retentionMs: number;
  readonly initializer: Initializer<unknown>;
  readonly aggregator: Aggregator<unknown, unknown, unknown>;
}

/**
 * Kafka's KStreamSlidingWindowAggregate: every record has a left window [t - d, t] and, when later records of the
 * key fall within d after it, a right window [t + 1, t + 1 + d]; each distinct set of records within d forms one
 * window. A record updates the existing windows it falls in and creates its own windows (and the right window of
 * the record before it) from the aggregates around it. Both ends of a window are inclusive. The store is read
 * with a range of the key's windows, so processing is asynchronous.
 */
export class KStreamSlidingWindowAggregateSupplier implements WindowedAggregateSupplier {
  #sendOldValues = false;

  constructor(readonly spec: SlidingWindowAggregateSpec) {}

  enableSendingOldValues(): boolean {
    this.#sendOldValues = true;
    return true;
  }

  windowCloseGraceMs(): number {
    return this.spec.windows.gracePeriodMs();
  }

  get(): TableProcessor {
    return new SlidingWindowAggregateProcessor(this.spec, this.#sendOldValues);
  }
}

/** What a scan of the key's windows found around the record (Kafka's locals of processReverse/processEarly). */
interface Around {
  readonly starts: Set<number>;
  leftWinAgg: VAT | null;
  rightWinAgg: VAT | null;
  leftWinAlreadyCreated: boolean;
  rightWinAlreadyCreated: boolean;
  previousRecordTimestamp: number | null;
}

class SlidingWindowAggregateProcessor implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;
  #store!: TimestampedWindowStore<unknown, unknown>;
  #forwarder: TimestampedTupleForwarder | undefined;
  #emitFinal: EmitFinalTracker | undefined;
  #dropped!: () => void;
  #observedStreamTime = NO_TIMESTAMP;
  readonly #diff: number;

  constructor(
    private readonly spec: SlidingWindowAggregateSpec,
    private readonly sendOldValues: boolean,
  ) {
    this.#diff = spec.windows.timeDifferenceMs();
  }

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#context = context;
    this.#dropped = droppedRecordsSensor(context);
    this.#store = context.getStateStore<TimestampedWindowStore<unknown, unknown>>(this.spec.storeName);
    if (this.spec.emitStrategy.type() === 'ON_WINDOW_CLOSE') this.#emitFinal = new EmitFinalTracker(context);
    else this.#forwarder = new TimestampedTupleForwarder(this.#store, context, this.sendOldValues);
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    if (record.key() == null || record.value() == null) {
      warnNullKey(this.#context, 'null key or value');
      this.#dropped();
      return undefined;
    }
    const timestamp = record.timestamp();
    if (timestamp > this.#observedStreamTime) this.#observedStreamTime = timestamp;
    const closeTime = this.#observedStreamTime - this.spec.windows.gracePeriodMs();
    const emitted = this.#emitFinal === undefined ? undefined : this.#maybeForwardFinalResults(record, closeTime);
    if (timestamp + 1 + this.#diff <= closeTime) {
      warnExpired(this.#context, record, `[${timestamp - this.#diff},${timestamp}]`, closeTime, this.#observedStreamTime);
      this.#dropped();
      return emitted;
    }
    const work = (): Promise<void> => (timestamp < this.#diff ? this.#processEarly(record, closeTime) : this.#processReverse(record, closeTime));
    // One at a time: the emission reads the store while the aggregation writes it.
    return emitted === undefined ? work() : emitted.then(work);
  }

  /** Kafka's processReverse: the key's windows from the record's right window backwards. */
  async #processReverse(record: Record<unknown, unknown>, closeTime: number): Promise<void> {
    const ts = record.timestamp();
    const around: Around = { starts: new Set(), leftWinAgg: null, rightWinAgg: null, leftWinAlreadyCreated: false, rightWinAlreadyCreated: false, previousRecordTimestamp: null };
    const iterator = this.#store.backwardFetch(record.key(), Math.max(0, ts - 2 * this.#diff), ts + 1);
    try {
      for await (const { key: startTime, value } of iterator) {
        around.starts.add(startTime);
        const endTime = startTime + this.#diff;
        if (startTime === ts + 1) {
          around.rightWinAlreadyCreated = true;
        } else if (endTime > ts) {
          around.rightWinAgg ??= value;
          this.#updateWindowAndForward(startTime, value, record, closeTime);
        } else if (endTime === ts) {
          around.leftWinAlreadyCreated = true;
          this.#updateWindowAndForward(startTime, value, record, closeTime);
          if (value.timestamp() < ts) around.previousRecordTimestamp = value.timestamp();
          else return; // The record's windows all exist already.
        } else {
          around.leftWinAgg = value;
          around.previousRecordTimestamp = value.timestamp();
          break;
        }
      }
    } finally {
      await iterator.close();
    }
    this.#createWindows(record, closeTime, around);
  }

  /**
   * Kafka's processEarly: a record before the time difference would have a left window starting before 0; all such
   * records share the window [0, d], and their right windows are created as later records arrive.
   */
  async #processEarly(record: Record<unknown, unknown>, closeTime: number): Promise<void> {
    const ts = record.timestamp();
    let combined: { start: number; value: VAT } | null = null;
    let rightWinAgg: VAT | null = null;
    let rightWinAlreadyCreated = false;
    let previousRecordTimestamp: number | null = null;
    const starts = new Set<number>();
    for await (const { key: startTime, value } of this.#store.fetch(record.key(), 0, ts + 1)) {
      starts.add(startTime);
      if (startTime === 0) {
        combined = { start: 0, value };
        if (value.timestamp() < ts) previousRecordTimestamp = value.timestamp();
      } else if (startTime <= ts) {
        rightWinAgg = value;
        this.#updateWindowAndForward(startTime, value, record, closeTime);
      } else {
        rightWinAlreadyCreated = true;
      }
    }
    // Without a right window found, the combined window holds only records after this one (if any).
    if (rightWinAgg === null && combined !== null && combined.value.timestamp() > ts) rightWinAgg = combined.value;
    if (!rightWinAlreadyCreated && rightWinAgg !== null && rightWinAgg.timestamp() > ts) this.#createCurrentRecordRightWindow(ts, rightWinAgg, record);
    if (previousRecordTimestamp !== null && !starts.has(previousRecordTimestamp + 1)) {
      this.#updateWindowAndForward(previousRecordTimestamp + 1, this.#initial(ts), record, closeTime);
    }
    this.#updateWindowAndForward(0, combined === null ? this.#initial(ts) : combined.value, record, closeTime);
  }

  /** Kafka's createWindows: the previous record's right window, this record's left window, and its right window. */
  #createWindows(record: Record<unknown, unknown>, closeTime: number, around: Around): void {
    const ts = record.timestamp();
    const previous = around.previousRecordTimestamp;
    if (previous !== null) {
      const previousRightStart = previous + 1;
      if (!around.starts.has(previousRightStart) && previousRightStart + this.#diff >= ts) {
        this.#updateWindowAndForward(previousRightStart, this.#initial(ts), record, closeTime);
      }
    }
    if (!around.leftWinAlreadyCreated) {
      const leftNotEmpty = previous !== null && ts - this.#diff <= previous;
      const value = leftNotEmpty ? ValueAndTimestamp.makeAllowNullable(around.leftWinAgg!.value(), ts) : this.#initial(ts);
      this.#updateWindowAndForward(ts - this.#diff, value, record, closeTime);
    }
    if (!around.rightWinAlreadyCreated && around.rightWinAgg !== null && around.rightWinAgg.timestamp() > ts) {
      this.#createCurrentRecordRightWindow(ts, around.rightWinAgg, record);
    }
  }

  #initial(timestamp: number): VAT {
    return ValueAndTimestamp.makeAllowNullable(this.spec.initializer(), timestamp);
  }

  #window(start: number): TimeWindow {
    return new TimeWindow(start, start + this.#diff);
  }

  /** The record's right window holds the aggregate of the records after it, not the record itself. */
  #createCurrentRecordRightWindow(timestamp: number, rightWinAgg: VAT, record: Record<unknown, unknown>): void {
    const start = timestamp + 1;
    this.#store.put(record.key(), rightWinAgg, start);
    void this.#forwarder?.maybeForward(
      record.withKey(new Windowed(record.key(), this.#window(start))).withValue(new Change(rightWinAgg.value(), null)).withTimestamp(rightWinAgg.timestamp()),
    );
  }

  /** Kafka's updateWindowAndForward: adds the record to the window unless it closed (then counts a drop). */
  #updateWindowAndForward(start: number, valueAndTime: VAT, record: Record<unknown, unknown>, closeTime: number): void {
    const end = start + this.#diff;
    if (end < closeTime) {
      warnExpired(this.#context, record, `[${start},${end}]`, closeTime, this.#observedStreamTime);
      this.#dropped();
      return;
    }
    const oldAgg = valueAndTime.value();
    const newAgg = this.spec.aggregator(record.key(), record.value(), oldAgg);
    const newTimestamp = oldAgg === null ? record.timestamp() : Math.max(record.timestamp(), valueAndTime.timestamp());
    this.#store.put(record.key(), ValueAndTimestamp.make(newAgg, newTimestamp), start);
    void this.#forwarder?.maybeForward(
      record.withKey(new Windowed(record.key(), this.#window(start))).withValue(new Change(newAgg, this.sendOldValues ? oldAgg : null)).withTimestamp(newTimestamp),
    );
  }

  /** Final results of sliding windows: [s, s + d] is closed once s + d < close time. */
  #maybeForwardFinalResults(record: Record<unknown, unknown>, closeTime: number): Promise<void> | undefined {
    const tracker = this.#emitFinal!;
    const last = tracker.lastEmitWindowCloseTime;
    const lower = last === NO_TIMESTAMP ? 0 : Math.max(0, last - this.#diff);
    const urgent = lower - 1 < record.timestamp() + 1 - this.spec.retentionMs;
    if (!tracker.shouldEmitFinal(closeTime, urgent)) return undefined;
    const upper = closeTime - this.#diff - 1;
    if (upper < 0 || upper < lower) return undefined;
    return emitClosedWindows(this.#context, this.#store, record, lower, upper, () => {
      tracker.lastEmitWindowCloseTime = closeTime;
    }, (w) => this.#window(w.window().startMs));
  }
}
