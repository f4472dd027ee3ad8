export { KafkaStreams } from './kafka-streams.js';
export {
  KafkaStreamsState,
  StreamThreadExceptionResponse,
  type StateListener,
  type StateChange,
  type StreamsUncaughtExceptionHandler,
  type ThreadMetadata,
} from './state.js';
export { MetricsSnapshot, type MetricName } from './metrics.js';
