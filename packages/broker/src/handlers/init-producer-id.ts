import { InitProducerIdResponse } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';

/**
 * InitProducerId for idempotent producers: a fresh producer id with epoch 0 (ids come from a block the
 * controller records, so they are never reused after a restart). Transactional ids need the transaction
 * coordinator, which this broker does not run yet: they get COORDINATOR_NOT_AVAILABLE.
 */
export const initProducerIdHandler: Handler<22> = async (request, _ctx, broker) => {
  if (request.transactionalId !== null) {
    return InitProducerIdResponse.create({ throttleTimeMs: 0, errorCode: errorCode('COORDINATOR_NOT_AVAILABLE'), producerId: -1n, producerEpoch: -1 });
  }
  const producerId = await broker.nextProducerId();
  return InitProducerIdResponse.create({ throttleTimeMs: 0, errorCode: 0, producerId, producerEpoch: 0 });
};
