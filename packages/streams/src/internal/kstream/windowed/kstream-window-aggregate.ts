import { IllegalArgumentException } from '../../../common/errors.js';
import type { Aggregator, Initializer } from '../../../kstream/functions.js';
import { Windowed, type Window } from '../../../kstream/windowed.js';
import type { EmitStrategy } from '../../../kstream/windows/emit-strategy.js';
import { TimeWindows } from '../../../kstream/windows/time-windows.js';
import type { EnumerableWindowDefinition } from '../../../kstream/windows/windows.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import type { TimestampedWindowStore } from '../../../state/window-store.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';
import type { TableProcessor } from '../table/table-supplier.js';
import { timestampedCacheFlushListener } from '../table/tuple-forwarder.js';
import { setFlushListener } from '../../state/flush-listener.js';
import { EmitFinalTracker, NO_TIMESTAMP } from './emit-final.js';
import { emitClosedWindows, warnExpired, warnNullKey, type WindowedAggregateSupplier } from './windowed-common.js';
import { droppedRecordsSensor } from './task-metrics.js';

/** What the processors of a time-windowed aggregation share (Kafka's KStreamWindowAggregate fields). */
export interface TimeWindowAggregateSpec {
  readonly windows: EnumerableWindowDefinition<Window>;
  readonly storeName: string;
  readonly emitStrategy: EmitStrategy;
  /** The retention of the store (ms): windows older than this expire from it. */
  readonly retentionMs: number;
  readonly initializer: Initializer<unknown>;
  readonly aggregator: Aggregator<unknown, unknown, unknown>;
}

/**
 * Kafka's KStreamWindowAggregate: folds each record into every fixed-size window it falls in, in a timestamped
 * window store (one point read and one put per window). Windows whose end + grace is at or before the observed
 * stream time are closed: the record is not added to them and is counted as dropped.
 */
export class KStreamWindowAggregateSupplier implements WindowedAggregateSupplier {
  #sendOldValues = false;

  constructor(readonly spec: TimeWindowAggregateSpec) {
    if (spec.emitStrategy.type() === 'ON_WINDOW_CLOSE' && !(spec.windows instanceof TimeWindows)) {
      throw new IllegalArgumentException('ON_WINDOW_CLOSE strategy is only supported for TimeWindows and SlidingWindows for TimeWindowedKStream');
    }
  }

  enableSendingOldValues(): boolean {
    this.#sendOldValues = true;
    return true;
  }

  /** The time after a window's end it stays open: what `suppress(untilWindowCloses)` waits for. */
  windowCloseGraceMs(): number {
    return this.spec.windows.gracePeriodMs();
  }

  get(): TableProcessor {
    return new KStreamWindowAggregateProcessor(this.spec, this.#sendOldValues);
  }
}

class KStreamWindowAggregateProcessor implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;
  #store!: TimestampedWindowStore<unknown, unknown>;
  /** Whether updates are forwarded here: on window update, by a store without a cache (Kafka's TimestampedTupleForwarder). */
  #forwardUpdates = false;
  #emitFinal: EmitFinalTracker | undefined;
  #dropped!: () => void;
  #observedStreamTime = NO_TIMESTAMP;

  constructor(
    private readonly spec: TimeWindowAggregateSpec,
    private readonly sendOldValues: boolean,
  ) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#context = context;
    this.#dropped = droppedRecordsSensor(context);
    this.#store = context.getStateStore<TimestampedWindowStore<unknown, unknown>>(this.spec.storeName);
    // Emitting on close forwards only final results: no cache flush listener, which would forward updates.
    if (this.spec.emitStrategy.type() === 'ON_WINDOW_CLOSE') {
      this.#emitFinal = new EmitFinalTracker(context);
      return;
    }
    // A caching store forwards at flush, deduplicated per window; otherwise each update is forwarded here.
    const caching = setFlushListener(this.#store, timestampedCacheFlushListener(context), this.sendOldValues);
    this.#forwardUpdates = !caching;
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    if (key === null || key === undefined) {
      warnNullKey(this.#context);
      this.#dropped();
      return undefined;
    }
    const timestamp = record.timestamp();
    if (timestamp > this.#observedStreamTime) this.#observedStreamTime = timestamp;
    const windowCloseTime = this.#observedStreamTime - this.spec.windows.gracePeriodMs();
    const matched = this.spec.windows.windowsFor(timestamp);
    // Final results go out before this record's windows are written: a put moves the store's time forward and
    // could expire a window that closed since the last emission (Kafka's time-ordered store reads expired
    // segments until they are dropped; ours does not). No window updated here is closed, so the output is the same.
    const emitted = this.#emitFinal === undefined ? undefined : this.#maybeForwardFinalResults(record, windowCloseTime, lastStart(matched));
    // The emission reads the store asynchronously: the updates wait for it.
    if (emitted !== undefined) return emitted.then(() => this.#updateAll(record, key, matched, windowCloseTime));
    return this.#updateAll(record, key, matched, windowCloseTime);
  }

  #updateAll(record: Record<unknown, unknown>, key: unknown, matched: ReadonlyMap<number, Window>, windowCloseTime: number): MaybePromise {
    let forwarded: MaybePromise = undefined;
    for (const [windowStart, window] of matched) {
      if (window.endMs > windowCloseTime) {
        forwarded = this.#update(record, key, windowStart, window) ?? forwarded;
      } else {
        warnExpired(this.#context, record, `[${windowStart},${window.endMs})`, windowCloseTime, this.#observedStreamTime);
        this.#dropped();
      }
    }
    return forwarded;
  }

  #update(record: Record<unknown, unknown>, key: unknown, windowStart: number, window: Window): MaybePromise {
    const stored = this.#store.fetch(key, windowStart);
    let oldAgg: unknown;
    let newTimestamp: number;
    if (stored === null) {
      oldAgg = this.spec.initializer();
      newTimestamp = record.timestamp();
    } else {
      oldAgg = stored.value();
      newTimestamp = Math.max(record.timestamp(), stored.timestamp());
    }
    const newAgg = this.spec.aggregator(key, record.value(), oldAgg);
    this.#store.put(key, ValueAndTimestamp.make(newAgg, newTimestamp), windowStart);
    if (!this.#forwardUpdates) return undefined;
    return this.#context.forward(record.withKey(new Windowed(key, window)).withValue(new Change(newAgg, this.sendOldValues ? oldAgg : null)).withTimestamp(newTimestamp));
  }

  /** Kafka's maybeForwardFinalResult of KStreamWindowAggregate: the windows closed since the last emission. */
  #maybeForwardFinalResults(record: Record<unknown, unknown>, windowCloseTime: number, newestStart: number): Promise<void> | undefined {
    const tracker = this.#emitFinal!;
    const { windows, retentionMs } = this.spec;
    const size = windows.size();
    const last = tracker.lastEmitWindowCloseTime;
    const lowerExclusive = last === NO_TIMESTAMP ? -1 : last - size;
    // Closed windows not emitted yet that this record's puts would expire must go now, whatever the throttle.
    const urgent = lowerExclusive < newestStart - retentionMs;
    if (!tracker.shouldEmitFinal(windowCloseTime, urgent)) return undefined;
    const upperInclusive = windowCloseTime - size;
    if (upperInclusive < 0) return undefined;
    if (last !== NO_TIMESTAMP && sameWindowStarts(windows.windowsFor(upperInclusive), windows.windowsFor(lowerExclusive))) return undefined;
    return emitClosedWindows(this.#context, this.#store, record, lowerExclusive + 1, upperInclusive, () => {
      tracker.lastEmitWindowCloseTime = windowCloseTime;
    });
  }
}

function lastStart(windows: ReadonlyMap<number, Window>): number {
  let last = NO_TIMESTAMP;
  for (const start of windows.keys()) if (start > last) last = start;
  return last;
}

function sameWindowStarts(a: ReadonlyMap<number, Window>, b: ReadonlyMap<number, Window>): boolean {
  if (a.size !== b.size) return false;
  for (const start of a.keys()) if (!b.has(start)) return false;
  return true;
}
