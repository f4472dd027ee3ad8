import type { ProcessingContext } from '../../../processor/processor-context.js';
import { recordDroppedRecord } from '../../metrics/task-metrics.js';

/**
 * Logs a record a DSL operator skips and counts it in the task's `dropped-records` sensor, as Kafka does: null
 * keys in table sources and aggregations, null values in stream aggregations, null keys/values in joins.
 */
export function warnDropped(context: ProcessingContext, reason: string): void {
  recordDroppedRecord(context);
  const m = context.recordMetadata();
  const where = m === undefined ? 'Topic, partition, and offset not known.' : `topic=[${m.topic()}] partition=[${m.partition()}] offset=[${m.offset()}]`;
  console.warn(`Skipping record due to ${reason}. ${where}`);
}
