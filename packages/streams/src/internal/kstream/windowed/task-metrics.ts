// A task-level "dropped-records-total" counter (Kafka's TaskMetrics.droppedRecordsSensor): the windowed
// operators record records they skip (null keys, records later than window end + grace). Counters belong to the
// task the processor runs in - the runtime's per-task services object - so every processor of a task adds to
// the same counter and two tasks (or two test drivers) never share one.

import type { ProcessingContext } from '../../../processor/processor-context.js';
import { NodeContext } from '../../runtime/node-context.js';

/** Kafka's name of the task-level metric. */
export const DROPPED_RECORDS_TOTAL = 'dropped-records-total';

const COUNTERS = new WeakMap<object, Map<string, number>>();

/** What owns the counters of a context: its task, or the context itself outside the runtime (unit tests). */
function ownerOf(context: ProcessingContext): object {
  return context instanceof NodeContext ? context.task : context;
}

function countersOf(owner: object): Map<string, number> {
  let counters = COUNTERS.get(owner);
  if (counters === undefined) {
    counters = new Map();
    COUNTERS.set(owner, counters);
  }
  return counters;
}

/** A function that adds one to the task's `dropped-records-total` (Kafka's dropped-records sensor). */
export function droppedRecordsSensor(context: ProcessingContext): () => void {
  const counters = countersOf(ownerOf(context));
  if (!counters.has(DROPPED_RECORDS_TOTAL)) counters.set(DROPPED_RECORDS_TOTAL, 0);
  return () => {
    counters.set(DROPPED_RECORDS_TOTAL, counters.get(DROPPED_RECORDS_TOTAL)! + 1);
  };
}

/** The task-level metrics recorded for `task` (a runtime task, or a processor context in unit tests), by name. */
export function taskMetricsOf(task: object): ReadonlyMap<string, number> {
  return new Map(COUNTERS.get(task) ?? []);
}
