import type { Aggregator, Initializer } from '../../../kstream/functions.js';
import type { Merger } from '../../../kstream/session-windowed-kstream.js';
import { SessionWindow, Windowed } from '../../../kstream/windowed.js';
import type { EmitStrategy } from '../../../kstream/windows/emit-strategy.js';
import type { SessionWindows } from '../../../kstream/windows/session-windows.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import { Record } from '../../../processor/record.js';
import type { SessionStore } from '../../../state/session-store.js';
import { setFlushListener } from '../../state/flush-listener.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';
import type { TableProcessor } from '../table/table-supplier.js';
import { EmitFinalTracker, NO_TIMESTAMP } from './emit-final.js';
import { droppedRecordsSensor } from './task-metrics.js';
import { warnExpired, warnNullKey, type WindowedAggregateSupplier } from './windowed-common.js';

/** What the processors of a session aggregation share (Kafka's KStreamSessionWindowAggregate fields). */
export interface SessionAggregateSpec {
  readonly windows: SessionWindows;
  readonly storeName: string;
  readonly emitStrategy: EmitStrategy;
  readonly retentionMs: number;
  readonly initializer: Initializer<unknown>;
  readonly aggregator: Aggregator<unknown, unknown, unknown>;
  readonly merger: Merger<unknown, unknown>;
}

/**
 * Kafka's KStreamSessionWindowAggregate: a record joins every session of its key within the inactivity gap; the
 * sessions found are merged with it into one (their aggregates combined by the merger), the old sessions are
 * removed and forwarded as deletes, and the merged session is stored and forwarded. Results are stamped with the
 * session's end. A session is closed once its end + gap + grace is before the observed stream time.
 */
export class KStreamSessionWindowAggregateSupplier implements WindowedAggregateSupplier {
  #sendOldValues = false;

  constructor(readonly spec: SessionAggregateSpec) {}

  enableSendingOldValues(): boolean {
    this.#sendOldValues = true;
    return true;
  }

  /** Sessions stay open for gap + grace after their end (Kafka's GraphGraceSearchUtil for session windows). */
  windowCloseGraceMs(): number {
    return this.spec.windows.gracePeriodMs() + this.spec.windows.inactivityGap();
  }

  get(): TableProcessor {
    return new SessionWindowAggregateProcessor(this.spec, this.#sendOldValues);
  }
}

type Session = { readonly key: Windowed<unknown>; readonly value: unknown };

class SessionWindowAggregateProcessor implements TableProcessor {
  #context!: ProcessorContext<unknown, unknown>;
  #store!: SessionStore<unknown, unknown>;
  #caching = false;
  #emitFinal: EmitFinalTracker | undefined;
  #dropped!: () => void;
  #observedStreamTime = NO_TIMESTAMP;

  constructor(
    private readonly spec: SessionAggregateSpec,
    private readonly sendOldValues: boolean,
  ) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#context = context;
    this.#dropped = droppedRecordsSensor(context);
    this.#store = context.getStateStore<SessionStore<unknown, unknown>>(this.spec.storeName);
    if (this.spec.emitStrategy.type() === 'ON_WINDOW_CLOSE') {
      this.#emitFinal = new EmitFinalTracker(context);
      return;
    }
    // Kafka's SessionCacheFlushListener: a flushed session is stamped with its end.
    this.#caching = setFlushListener<Windowed<unknown>, unknown>(
      this.#store,
      (entry) => void context.forward(new Record(entry.key, new Change(entry.newValue, entry.oldValue), entry.key.window().endMs, entry.headers)),
      this.sendOldValues,
    );
  }

  process(record: Record<unknown, unknown>): MaybePromise {
    const key = record.key();
    if (key === null || key === undefined) {
      warnNullKey(this.#context);
      this.#dropped();
      return undefined;
    }
    const { windows } = this.spec;
    const timestamp = record.timestamp();
    if (timestamp > this.#observedStreamTime) this.#observedStreamTime = timestamp;
    const windowCloseTime = this.#observedStreamTime - windows.gracePeriodMs() - windows.inactivityGap();
    // Final results first: a put moves the store's time and could expire a session closed since the last emission.
    const emitted = this.#emitFinal === undefined ? undefined : this.#maybeForwardFinalResults(record, windowCloseTime);
    // The emission reads the store asynchronously: the update waits for it.
    if (emitted !== undefined) return emitted.then(() => this.#aggregate(record, key, windowCloseTime));
    return this.#aggregate(record, key, windowCloseTime);
  }

  #aggregate(record: Record<unknown, unknown>, key: unknown, windowCloseTime: number): MaybePromise {
    const { windows } = this.spec;
    const timestamp = record.timestamp();
    const newSessionWindow = new SessionWindow(timestamp, timestamp);
    let mergedWindow = newSessionWindow;
    let agg = this.spec.initializer();
    const merged = this.#store.findSessions(key, timestamp - windows.inactivityGap(), timestamp + windows.inactivityGap());
    for (const next of merged) {
      agg = this.spec.merger(key, agg, next.value);
      const w = next.key.window();
      mergedWindow = new SessionWindow(Math.min(mergedWindow.startMs, w.startMs), Math.max(mergedWindow.endMs, w.endMs));
    }

    let forwarded: MaybePromise = undefined;
    if (mergedWindow.endMs < windowCloseTime) {
      warnExpired(this.#context, record, `[${mergedWindow.startMs},${mergedWindow.endMs}]`, windowCloseTime, this.#observedStreamTime);
      this.#dropped();
    } else {
      if (!mergedWindow.equals(newSessionWindow)) {
        for (const session of merged) {
          this.#store.remove(session.key);
          forwarded = this.#maybeForwardUpdate(session.key, session.value, null) ?? forwarded;
        }
      }
      agg = this.spec.aggregator(key, record.value(), agg);
      const sessionKey = new Windowed(key, mergedWindow);
      this.#store.put(sessionKey, agg);
      forwarded = this.#maybeForwardUpdate(sessionKey, null, agg) ?? forwarded;
    }
    return forwarded;
  }

  #maybeForwardUpdate(windowedKey: Windowed<unknown>, oldAgg: unknown, newAgg: unknown): MaybePromise {
    if (this.#emitFinal !== undefined || this.#caching) return undefined;
    return this.#context.forward(new Record(windowedKey, new Change(newAgg, this.sendOldValues ? oldAgg : null), windowedKey.window().endMs));
  }

  /** Sessions whose end is in [last close time, close time - 1] (Kafka's session emit range, both inclusive). */
  #maybeForwardFinalResults(record: Record<unknown, unknown>, windowCloseTime: number): Promise<void> | undefined {
    const tracker = this.#emitFinal!;
    const lower = Math.max(0, tracker.lastEmitWindowCloseTime);
    const urgent = lower - 1 < record.timestamp() - this.spec.retentionMs;
    if (!tracker.shouldEmitFinal(windowCloseTime, urgent)) return undefined;
    const upper = windowCloseTime - 1;
    if (upper < 0 || upper < lower) return undefined;
    return this.#fetchAndEmit(record, windowCloseTime, lower, upper);
  }

  async #fetchAndEmit(record: Record<unknown, unknown>, windowCloseTime: number, lower: number, upper: number): Promise<void> {
    const sessions: Session[] = [];
    for await (const kv of this.#store.fetchRange(null, null)) {
      const end = kv.key.window().endMs;
      if (end >= lower && end <= upper) sessions.push({ key: kv.key, value: kv.value });
    }
    // Kafka's time-ordered session store lists closed sessions by end time.
    sessions.sort((a, b) => a.key.window().endMs - b.key.window().endMs);
    let last: MaybePromise = undefined;
    for (const s of sessions) {
      last = this.#context.forward(record.withKey(s.key).withValue(new Change(s.value, null)).withTimestamp(s.key.window().endMs).withHeaders(record.headers()));
    }
    this.#emitFinal!.lastEmitWindowCloseTime = windowCloseTime;
    await last;
  }
}
