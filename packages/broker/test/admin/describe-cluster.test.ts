import { DescribeClusterRequest } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { E, call, kafkajsAdmin, useBrokers, wire } from './harness.js';

const brokers = useBrokers();

describe('DescribeCluster (60)', () => {
  for (const version of [0, 1]) {
    it(`v${version}: cluster id, this broker as controller, and its endpoint on the listener used`, async () => {
      const b = await brokers.start();
      const r = await wire(b.bootstrap, 60, version, DescribeClusterRequest.create({}));
      expect(r).toMatchObject({
        errorCode: 0,
        errorMessage: null,
        endpointType: 1,
        clusterId: b.broker.clusterId,
        controllerId: 1,
        brokers: [{ brokerId: 1, host: '127.0.0.1', port: b.port, rack: null }],
        clusterAuthorizedOperations: -2147483648,
      });
    });
  }

  it('reports the cluster operations when asked (no authorizer: all of them)', async () => {
    const { broker } = await brokers.start();
    const r = await call(broker, 60, 1, DescribeClusterRequest.create({ includeClusterAuthorizedOperations: true }));
    // CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE
    expect(r.clusterAuthorizedOperations).toBe((1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12));
  });

  it('v1: a controller endpoint type is MISMATCHED_ENDPOINT_TYPE, an unknown one UNSUPPORTED_ENDPOINT_TYPE', async () => {
    const { broker } = await brokers.start();
    expect(await call(broker, 60, 1, DescribeClusterRequest.create({ endpointType: 2 }))).toMatchObject({
      errorCode: E.MISMATCHED_ENDPOINT_TYPE,
      errorMessage: 'The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER',
      brokers: [],
    });
    expect(await call(broker, 60, 1, DescribeClusterRequest.create({ endpointType: 9 }))).toMatchObject({
      errorCode: E.UNSUPPORTED_ENDPOINT_TYPE,
      errorMessage: 'Unsupported endpoint type 9',
    });
  });

  it('kafkajs admin.describeCluster agrees', async () => {
    const b = await brokers.start();
    const admin = await kafkajsAdmin(b.bootstrap);
    try {
      expect(await admin.describeCluster()).toEqual({ brokers: [{ nodeId: 1, host: '127.0.0.1', port: b.port }], controller: 1, clusterId: b.broker.clusterId });
    } finally {
      await admin.disconnect();
    }
  });
});
