import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';

/** The errors a group coordinator answers while it moves or loads: Kafka's admin client retries them. */
const COORDINATOR_ERRORS: ReadonlySet<number> = new Set([
  KafkaErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  KafkaErrorCode.COORDINATOR_NOT_AVAILABLE,
  KafkaErrorCode.NOT_COORDINATOR,
]);

/**
 * Runs a group-coordinator call again while it fails with a coordinator error (the coordinator is loading
 * `__consumer_offsets`, or moved), `backoffMs` apart, until `timeoutMs` has passed - Kafka's admin client does the
 * same within `default.api.timeout.ms`. Other errors, and the last coordinator error, are thrown.
 */
export async function retryCoordinatorErrors<T>(call: () => Promise<T>, backoffMs: number, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof KafkaProtocolError) || !COORDINATOR_ERRORS.has(e.errorCode) || Date.now() + backoffMs > deadline) throw e;
      await new Promise((r) => setTimeout(r, backoffMs));
    }
  }
}
