// The task-level sensors (Kafka's TaskMetrics, group "stream-task-metrics", tags thread-id and task-id) and the
// internal API processors use to count a record they drop (null key, late record, invalid timestamp, ...).

import type { ProcessingContext } from '../../processor/processor-context.js';
import { NodeContext } from '../runtime/node-context.js';
import { MetricsRegistry, type Sensor } from './metrics-registry.js';

/** Kafka's group of task-level metrics. */
export const TASK_LEVEL_GROUP = 'stream-task-metrics';

/** The sensors of one task. Closing the task unregisters them, as Kafka removes a task's sensors. */
export class TaskMetrics {
  /** `dropped-records-total` / `-rate`: records skipped by the runtime or an operator. */
  readonly droppedRecords: Sensor;
  /** `enforced-processing-total` / `-rate`: records processed while a partition of the task had no data buffered. */
  readonly enforcedProcessing: Sensor;
  /** `process-total` / `-rate`: records processed by the task. */
  readonly process: Sensor;

  constructor(
    readonly registry: MetricsRegistry,
    threadId: string,
    taskId: string,
  ) {
    const tags = { 'thread-id': threadId, 'task-id': taskId };
    const sensor = (name: string, what: string) => registry.sensor({ name, group: TASK_LEVEL_GROUP, tags, what, rate: true });
    this.droppedRecords = sensor('dropped-records', 'dropped records');
    this.enforcedProcessing = sensor('enforced-processing', 'occurrences of enforced-processing operations');
    this.process = sensor('process', 'calls to process');
  }

  /** Unregisters the task's sensors. */
  close(): void {
    this.registry.remove([this.droppedRecords, this.enforcedProcessing, this.process]);
  }
}

/** Contexts outside a runtime task (unit tests with a mock context) count into sensors of their own. */
const DETACHED = new WeakMap<object, TaskMetrics>();

/** The task metrics of the task a processor context belongs to. */
export function taskMetricsOf(context: ProcessingContext): TaskMetrics {
  if (context instanceof NodeContext && context.task.metrics !== undefined) return context.task.metrics;
  const owner = context instanceof NodeContext ? context.task : context;
  let metrics = DETACHED.get(owner);
  if (metrics === undefined) {
    metrics = new TaskMetrics(new MetricsRegistry(), 'detached', context.taskId().toString());
    DETACHED.set(owner, metrics);
  }
  return metrics;
}

/**
 * A function that counts one dropped record in the task's `dropped-records` sensor (Kafka's
 * `TaskMetrics.droppedRecordsSensor`). Resolve it once (in `init`) and call it per dropped record.
 */
export function droppedRecordsSensor(context: ProcessingContext): () => void {
  const sensor = taskMetricsOf(context).droppedRecords;
  return () => sensor.record();
}

/** Counts one record dropped by the processor running in `context`. */
export function recordDroppedRecord(context: ProcessingContext): void {
  taskMetricsOf(context).droppedRecords.record();
}
