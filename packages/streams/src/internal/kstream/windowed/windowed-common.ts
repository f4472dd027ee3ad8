// What the windowed aggregations share: the supplier contract a downstream suppress searches for, Kafka's
// warnings for skipped records, and the emission of final results read from the window store.

import { Windowed, type Window } from '../../../kstream/windowed.js';
import type { ProcessingContext, ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { ValueAndTimestamp } from '../../../state/value-and-timestamp.js';
import type { TimestampedWindowStore } from '../../../state/window-store.js';
import type { MaybePromise } from '../../runtime/async.js';
import { Change } from '../change.js';
import type { TableProcessorSupplier } from '../table/table-supplier.js';

/** The supplier of a windowed aggregation: what `suppress(untilWindowCloses)` looks for upstream. */
export interface WindowedAggregateSupplier extends TableProcessorSupplier {
  /**
   * How long after a window's end it stays open (Kafka's GraphGraceSearchUtil): the grace period, plus the
   * inactivity gap for session windows.
   */
  windowCloseGraceMs(): number;
}

export function isWindowedAggregateSupplier(supplier: unknown): supplier is WindowedAggregateSupplier {
  return typeof (supplier as Partial<WindowedAggregateSupplier> | null)?.windowCloseGraceMs === 'function';
}

function where(context: ProcessingContext): string {
  const m = context.recordMetadata();
  return m === undefined ? 'Topic, partition, and offset not known.' : `topic=[${m.topic()}] partition=[${m.partition()}] offset=[${m.offset()}]`;
}

/** Kafka's warning for a record without a key. */
export function warnNullKey(context: ProcessingContext, what = 'null key'): void {
  console.warn(`Skipping record due to ${what}. ${where(context)}`);
}

/** Kafka's warning for a record whose window has closed. */
export function warnExpired(context: ProcessingContext, record: Record<unknown, unknown>, window: string, expiration: number, streamTime: number): void {
  console.warn(
    `Skipping record for expired window. ${where(context)} timestamp=[${record.timestamp()}] window=${window} expiration=[${expiration}] streamTime=[${streamTime}]`,
  );
}

/**
 * Forwards the final result of every window starting in [from, to] (Kafka's fetchAndEmit): value without old
 * value, stamped with the window's timestamp, with the triggering record's headers. Windows go out in start
 * order, keys of one start in key-bytes order - the order of Kafka's time-ordered store. `done` runs after the
 * last forward. Range reads are asynchronous, so this returns a Promise.
 */
export async function emitClosedWindows(
  context: ProcessorContext<unknown, unknown>,
  store: TimestampedWindowStore<unknown, unknown>,
  record: Record<unknown, unknown>,
  from: number,
  to: number,
  done: () => void,
  windowOf: (windowed: Windowed<unknown>) => Window = (w) => w.window(),
): Promise<void> {
  const rows: { key: Windowed<unknown>; value: ValueAndTimestamp<unknown> }[] = [];
  for await (const kv of store.fetchAll(from, to)) rows.push({ key: kv.key, value: kv.value });
  rows.sort((a, b) => a.key.window().startMs - b.key.window().startMs);
  let last: MaybePromise = undefined;
  for (const row of rows) {
    const key = new Windowed(row.key.key(), windowOf(row.key));
    last = context.forward(record.withKey(key).withValue(new Change(row.value.value(), null)).withTimestamp(row.value.timestamp()).withHeaders(record.headers()));
  }
  done();
  await last;
}
