import { describe, expect, it } from 'vitest';
import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';
import { retryCoordinatorErrors } from '../src/internal/admin/coordinator-retry.js';

describe('admin calls retry coordinator errors as Kafka admin client does', () => {
  it('retries NOT_COORDINATOR and COORDINATOR_LOAD_IN_PROGRESS until the call succeeds', async () => {
    const errors = [KafkaErrorCode.NOT_COORDINATOR, KafkaErrorCode.COORDINATOR_LOAD_IN_PROGRESS];
    let calls = 0;
    const result = await retryCoordinatorErrors(async () => {
      const code = errors[calls++];
      if (code !== undefined) throw new KafkaProtocolError(code, null);
      return 'offsets';
    }, 1, 1000);
    expect(result).toBe('offsets');
    expect(calls).toBe(3);
  });

  it('throws other errors at once, and the last coordinator error after the timeout', async () => {
    let calls = 0;
    await expect(retryCoordinatorErrors(async () => {
      calls++;
      throw new KafkaProtocolError(KafkaErrorCode.GROUP_AUTHORIZATION_FAILED, null);
    }, 1, 1000)).rejects.toMatchObject({ errorCode: KafkaErrorCode.GROUP_AUTHORIZATION_FAILED });
    expect(calls).toBe(1);
    const started = Date.now();
    await expect(retryCoordinatorErrors(async () => {
      throw new KafkaProtocolError(KafkaErrorCode.COORDINATOR_NOT_AVAILABLE, null);
    }, 5, 50)).rejects.toMatchObject({ errorCode: KafkaErrorCode.COORDINATOR_NOT_AVAILABLE });
    expect(Date.now() - started).toBeLessThan(5000); // it gave up (50 ms budget) rather than retrying forever
  });
});
