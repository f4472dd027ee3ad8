// The windowed operators count the records they skip (null keys, records later than window end + grace) in the
// task's dropped-records sensor, which lives in the task-level metrics registry (internal/metrics).

export { droppedRecordsSensor } from '../../metrics/task-metrics.js';

/** Kafka's name of the task-level metric. */
export const DROPPED_RECORDS_TOTAL = 'dropped-records-total';
