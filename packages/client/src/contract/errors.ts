import { TributaryError } from '@tributary/protocol';

/**
 * The stable codes of {@link ClientError}. Kafka's own error codes arrive as `KafkaProtocolError` instead.
 * - `CLIENT_CLOSED`: the client was closed (Kafka's `IllegalStateException` after close).
 * - `CLIENT_CONFIG`: a setting is missing or invalid (Kafka's `ConfigException`).
 * - `CLIENT_STATE`: a call not allowed now, e.g. `seek` on an unassigned partition (`IllegalStateException`).
 * - `CLIENT_TIMEOUT`: no answer in time (Kafka's `TimeoutException`).
 * - `NO_OFFSET_FOR_PARTITION`: no committed offset and `auto.offset.reset=none` (`NoOffsetForPartitionException`).
 */
export type ClientErrorCode = 'CLIENT_CLOSED' | 'CLIENT_CONFIG' | 'CLIENT_STATE' | 'CLIENT_TIMEOUT' | 'NO_OFFSET_FOR_PARTITION';

/** A failure of the client library itself (not a Kafka error code); branch on {@link ClientError.code}. */
export class ClientError extends TributaryError {
  declare readonly code: ClientErrorCode;

  constructor(code: ClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
