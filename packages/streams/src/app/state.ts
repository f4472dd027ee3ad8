/**
 * The life cycle of a {@link KafkaStreams} instance (Kafka's `KafkaStreams.State`), with Kafka's transitions:
 * CREATED -> REBALANCING <-> RUNNING -> PENDING_SHUTDOWN -> NOT_RUNNING, and on a fatal error
 * PENDING_ERROR -> ERROR.
 */
export const KafkaStreamsState = {
  CREATED: 'CREATED',
  REBALANCING: 'REBALANCING',
  RUNNING: 'RUNNING',
  PENDING_SHUTDOWN: 'PENDING_SHUTDOWN',
  NOT_RUNNING: 'NOT_RUNNING',
  PENDING_ERROR: 'PENDING_ERROR',
  ERROR: 'ERROR',
} as const;
export type KafkaStreamsState = (typeof KafkaStreamsState)[keyof typeof KafkaStreamsState];

const VALID: Readonly<Record<KafkaStreamsState, readonly KafkaStreamsState[]>> = {
  CREATED: ['REBALANCING', 'PENDING_SHUTDOWN'],
  REBALANCING: ['RUNNING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  RUNNING: ['REBALANCING', 'RUNNING', 'PENDING_SHUTDOWN', 'PENDING_ERROR'],
  PENDING_SHUTDOWN: ['NOT_RUNNING'],
  NOT_RUNNING: [],
  PENDING_ERROR: ['ERROR'],
  ERROR: [],
};

/** Kafka's `State.isValidTransition`. */
export function isValidTransition(from: KafkaStreamsState, to: KafkaStreamsState): boolean {
  return VALID[from].includes(to);
}

/** Kafka's `State.isRunningOrRebalancing`. */
export function isRunningOrRebalancing(state: KafkaStreamsState): boolean {
  return state === 'RUNNING' || state === 'REBALANCING';
}

/** Called on every state change (Kafka's `KafkaStreams.StateListener`). */
export type StateListener = (newState: KafkaStreamsState, oldState: KafkaStreamsState) => void;

/** One state change, as the state Observable emits it. */
export interface StateChange {
  readonly newState: KafkaStreamsState;
  readonly oldState: KafkaStreamsState;
}

/**
 * What to do when a stream thread dies of an exception (Kafka's `StreamThreadExceptionResponse`):
 * start a new thread in its place, shut this client down, or ask every instance of the application to stop.
 */
export const StreamThreadExceptionResponse = {
  REPLACE_THREAD: 'REPLACE_THREAD',
  SHUTDOWN_CLIENT: 'SHUTDOWN_CLIENT',
  SHUTDOWN_APPLICATION: 'SHUTDOWN_APPLICATION',
} as const;
export type StreamThreadExceptionResponse = (typeof StreamThreadExceptionResponse)[keyof typeof StreamThreadExceptionResponse];

/** Decides a dead thread's fate (Kafka's `StreamsUncaughtExceptionHandler`); without one, SHUTDOWN_CLIENT. */
export type StreamsUncaughtExceptionHandler = (exception: Error) => StreamThreadExceptionResponse;

/** A stream thread as `metadataForLocalThreads()` reports it (Kafka's `ThreadMetadata`, reduced). */
export interface ThreadMetadata {
  readonly threadName: string;
  readonly threadState: string;
  /** Active task ids, e.g. `0_1`. */
  readonly activeTasks: readonly string[];
  readonly consumerClientId: string;
  readonly producerClientIds: readonly string[];
}
