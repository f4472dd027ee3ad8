import type { ProcessingContext } from '../../../processor/processor-context.js';

/**
 * Logs a record a DSL operator skips (Kafka logs a warning and records the task's "dropped-records" metric):
 * null keys in table sources and aggregations, null values in stream aggregations.
 */
export function warnDropped(context: ProcessingContext, reason: string): void {
  const m = context.recordMetadata();
  const where = m === undefined ? 'Topic, partition, and offset not known.' : `topic=[${m.topic()}] partition=[${m.partition()}] offset=[${m.offset()}]`;
  console.warn(`Skipping record due to ${reason}. ${where}`);
}
