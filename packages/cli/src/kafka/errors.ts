import { KafkaProtocolError, TributaryError, kafkaErrorByCode } from '@tributary/protocol';

/** The cluster could not be reached (no bootstrap server answered, or a broker connection failed) within the timeout. */
export class ClusterUnreachableError extends TributaryError {
  static readonly CODE = 'CLI_CLUSTER_UNREACHABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(ClusterUnreachableError.CODE, message, options);
  }
}

/** A request got no answer within its timeout (Kafka's `TimeoutException`). */
export class RequestTimeoutError extends TributaryError {
  static readonly CODE = 'CLI_REQUEST_TIMEOUT';

  constructor(message: string) {
    super(RequestTimeoutError.CODE, message);
  }
}

/** A broker connection closed while requests were waiting for their answers (Kafka's `NetworkException`). */
export class ConnectionClosedError extends TributaryError {
  static readonly CODE = 'CLI_CONNECTION_CLOSED';

  constructor(message: string) {
    super(ConnectionClosedError.CODE, message);
  }
}

/** The broker does not serve an API (or any version of it this client can speak); Kafka's `UnsupportedVersionException`. */
export class UnsupportedApiError extends TributaryError {
  static readonly CODE = 'CLI_UNSUPPORTED_API';

  constructor(message: string) {
    super(UnsupportedApiError.CODE, message);
  }
}

/**
 * Raises a {@link KafkaProtocolError} for a non-zero error code, with the server's message when it sent one
 * and Kafka's text otherwise.
 */
export function throwIfError(errorCode: number, message?: string | null): void {
  if (errorCode !== 0) throw new KafkaProtocolError(errorCode, message ?? null);
}

/** The message a Kafka Java client shows for an error code: the server's message, else the code's description. */
export function kafkaMessage(errorCode: number, message?: string | null): string {
  return message ?? kafkaErrorByCode(errorCode).message;
}

/** A readable one-line description of any error, for tools' error lines. */
export function describeError(e: unknown): string {
  if (e instanceof KafkaProtocolError) return e.message.replace(/^[A-Z_]+ \(-?\d+\): /, '');
  return e instanceof Error ? e.message : String(e);
}
