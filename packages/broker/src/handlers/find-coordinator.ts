import { FindCoordinatorResponse } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';

/**
 * FindCoordinator: this broker coordinates every group (key type 0); transactions (key type 1) have no
 * coordinator yet. v0-3 carry one key; v4+ a list (`coordinatorKeys`).
 */
export const findCoordinatorHandler: Handler<10> = async (request, ctx, broker) => {
  // The first FindCoordinator creates __consumer_offsets, as in Kafka.
  if (request.keyType === 0) await broker.groups();
  const endpoint = broker.advertisedEndpoints().find((e) => e.name === ctx.listenerName) ?? broker.advertisedEndpoints()[0]!;
  const answer = (key: string) =>
    request.keyType === 0
      ? { key, nodeId: broker.nodeId, host: endpoint.host, port: endpoint.port, errorCode: 0, errorMessage: null }
      : { key, nodeId: -1, host: '', port: -1, errorCode: errorCode('COORDINATOR_NOT_AVAILABLE'), errorMessage: 'The transaction coordinator is not available.' };
  if (ctx.apiVersion >= 4) {
    return FindCoordinatorResponse.create({ throttleTimeMs: 0, coordinators: request.coordinatorKeys.map(answer) });
  }
  const a = answer(request.key);
  return FindCoordinatorResponse.create({ throttleTimeMs: 0, errorCode: a.errorCode, errorMessage: a.errorMessage, nodeId: a.nodeId, host: a.host, port: a.port });
};
