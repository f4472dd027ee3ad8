import { KafkaProtocolError, kafkaErrorByCode } from '@tributary/protocol';
import { ClientError } from '../../contract/errors.js';

interface ErrorLike {
  name?: string;
  message?: string;
  type?: unknown;
  code?: unknown;
  cause?: unknown;
  originalError?: unknown;
  errors?: unknown;
  retriable?: unknown;
}

/** The first Kafka protocol error in a kafkajs error chain (retries and aggregates wrap the original). */
function findProtocolError(e: unknown, depth = 0): { code: number; message: string } | null {
  if (depth > 8 || e === null || typeof e !== 'object') return null;
  const x = e as ErrorLike;
  if (typeof x.code === 'number' && typeof x.type === 'string' && kafkaErrorByCode(x.code).name === x.type) {
    return { code: x.code, message: x.message ?? x.type };
  }
  for (const inner of [x.originalError, x.cause, ...(Array.isArray(x.errors) ? x.errors : [])]) {
    const found = findProtocolError(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Maps what kafkajs throws onto the contract's errors: a Kafka error code anywhere in the chain becomes a
 * `KafkaProtocolError` with that code; a request timeout a `ClientError` CLIENT_TIMEOUT; anything else passes.
 */
export function fromKafkajs(e: unknown): Error {
  if (e instanceof KafkaProtocolError || e instanceof ClientError) return e;
  const protocol = findProtocolError(e);
  if (protocol) return new KafkaProtocolError(protocol.code, protocol.message, { cause: e });
  const x = e as ErrorLike | null;
  if (x?.name === 'KafkaJSRequestTimeoutError') return new ClientError('CLIENT_TIMEOUT', x.message ?? 'request timed out', { cause: e });
  return e instanceof Error ? e : new Error(String(e));
}

/** Runs a kafkajs call, mapping its failure with {@link fromKafkajs}. */
export async function mapped<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw fromKafkajs(e);
  }
}
