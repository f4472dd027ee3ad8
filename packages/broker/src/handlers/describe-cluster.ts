import { DescribeClusterResponse } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';

/** Kafka's `EndpointType`: what kind of listener a DescribeCluster request expects to reach. */
const EndpointType = { UNKNOWN: 0, BROKER: 1, CONTROLLER: 2 } as const;

/** Kafka reports "not requested" authorized operations as Int.MIN_VALUE. */
const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

/**
 * The operations a principal may perform on the cluster resource, as Kafka's 32-bit field (bit = AclOperation
 * code): without an authorizer every operation the CLUSTER resource supports — CREATE (5), ALTER (7),
 * DESCRIBE (8), CLUSTER_ACTION (9), DESCRIBE_CONFIGS (10), ALTER_CONFIGS (11), IDEMPOTENT_WRITE (12).
 */
const CLUSTER_OPERATIONS = [5, 7, 8, 9, 10, 11, 12].reduce((bits, op) => bits | (1 << op), 0);

/**
 * DescribeCluster (KIP-700): the cluster id, the controller id (this broker: it is the whole cluster) and
 * the brokers with their endpoint on the listener the request came in on. v1's `endpointType` must be
 * BROKER (1) — our listeners are broker endpoints: CONTROLLER is MISMATCHED_ENDPOINT_TYPE and anything else
 * UNSUPPORTED_ENDPOINT_TYPE (INVALID_REQUEST for both in v0), with Kafka's messages.
 */
export const describeClusterHandler: Handler<60> = (request, ctx, broker) => {
  const v = ctx.apiVersion;
  const wantedType = v >= 1 ? request.endpointType : EndpointType.BROKER;
  if (wantedType !== EndpointType.BROKER) {
    const known = wantedType === EndpointType.CONTROLLER;
    return DescribeClusterResponse.create({
      throttleTimeMs: 0,
      errorCode: errorCode(v === 0 ? 'INVALID_REQUEST' : known ? 'MISMATCHED_ENDPOINT_TYPE' : 'UNSUPPORTED_ENDPOINT_TYPE'),
      errorMessage: known ? 'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER' : `Unsupported endpoint type ${wantedType}`,
    });
  }
  const brokers = [...broker.image.brokers.values()]
    .sort((a, b) => a.brokerId - b.brokerId)
    .flatMap((b) => {
      const endpoint = b.endpoints.find((e) => e.name === ctx.listenerName) ?? b.endpoints[0];
      return endpoint ? [{ brokerId: b.brokerId, host: endpoint.host, port: endpoint.port, rack: b.rack }] : [];
    });
  return DescribeClusterResponse.create({
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    endpointType: EndpointType.BROKER,
    clusterId: broker.clusterId,
    controllerId: broker.nodeId,
    brokers,
    clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? CLUSTER_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED,
  });
};
