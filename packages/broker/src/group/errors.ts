import { KafkaErrorCode } from '@tributary/protocol';
import { appendErrorCode } from './coordinator-log.js';

/** The Kafka error codes the group coordinator answers with (a local alias keeps the logic files short). */
export const E = KafkaErrorCode;

/**
 * The error a client sees when appending a group's metadata record failed, as Kafka's `storeGroup` maps it:
 * replication problems read as "coordinator not available", a lost leadership or a storage failure as "not
 * coordinator" (the client looks the coordinator up again), a timeout as "rebalance in progress".
 */
export function groupAppendError(err: unknown): number {
  switch (appendErrorCode(err) ?? E.KAFKA_STORAGE_ERROR) {
    case E.UNKNOWN_TOPIC_OR_PARTITION:
    case E.NOT_ENOUGH_REPLICAS:
    case E.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
      return E.COORDINATOR_NOT_AVAILABLE;
    case E.NOT_LEADER_OR_FOLLOWER:
    case E.KAFKA_STORAGE_ERROR:
      return E.NOT_COORDINATOR;
    case E.REQUEST_TIMED_OUT:
      return E.REBALANCE_IN_PROGRESS;
    case E.MESSAGE_TOO_LARGE:
    case E.RECORD_LIST_TOO_LARGE:
    case E.INVALID_FETCH_SIZE:
      return E.UNKNOWN_SERVER_ERROR;
    default:
      return appendErrorCode(err) ?? E.UNKNOWN_SERVER_ERROR;
  }
}

/** The error a client sees when appending offset commit records failed, as Kafka's `storeOffsets` maps it. */
export function offsetAppendError(err: unknown): number {
  switch (appendErrorCode(err) ?? E.KAFKA_STORAGE_ERROR) {
    case E.UNKNOWN_TOPIC_OR_PARTITION:
    case E.NOT_ENOUGH_REPLICAS:
    case E.NOT_ENOUGH_REPLICAS_AFTER_APPEND:
      return E.COORDINATOR_NOT_AVAILABLE;
    case E.NOT_LEADER_OR_FOLLOWER:
    case E.KAFKA_STORAGE_ERROR:
      return E.NOT_COORDINATOR;
    case E.MESSAGE_TOO_LARGE:
    case E.RECORD_LIST_TOO_LARGE:
    case E.INVALID_FETCH_SIZE:
      return E.INVALID_COMMIT_OFFSET_SIZE;
    default:
      return appendErrorCode(err) ?? E.UNKNOWN_SERVER_ERROR;
  }
}
