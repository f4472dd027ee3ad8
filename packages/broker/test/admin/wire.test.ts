import {
  AlterConfigsRequest,
  AlterPartitionReassignmentsRequest,
  ApiVersionsRequest,
  CreatePartitionsRequest,
  DeleteRecordsRequest,
  DescribeClusterRequest,
  DescribeConfigsRequest,
  DescribeLogDirsRequest,
  ElectLeadersRequest,
  IncrementalAlterConfigsRequest,
  ListPartitionReassignmentsRequest,
  OffsetForLeaderEpochRequest,
  type ApiMessages,
} from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { createTopic, produce, useBrokers, wire } from './harness.js';

const brokers = useBrokers();

/** The ranges this work advertises (CLIENT-VERSIONS.md "advertise" column, limited to what is tested here). */
const ADVERTISED = [
  { apiKey: 21, minVersion: 0, maxVersion: 1 },
  { apiKey: 23, minVersion: 0, maxVersion: 3 },
  { apiKey: 32, minVersion: 0, maxVersion: 3 },
  { apiKey: 33, minVersion: 0, maxVersion: 1 },
  { apiKey: 35, minVersion: 0, maxVersion: 1 },
  { apiKey: 37, minVersion: 0, maxVersion: 1 },
  { apiKey: 43, minVersion: 0, maxVersion: 1 },
  { apiKey: 44, minVersion: 0, maxVersion: 1 },
  { apiKey: 45, minVersion: 0, maxVersion: 0 },
  { apiKey: 46, minVersion: 0, maxVersion: 0 },
  { apiKey: 60, minVersion: 0, maxVersion: 1 },
];

/** For every API: a request that succeeds against topic `w` (2 partitions, records in partition 0), and what to check. */
const CASES: { [K in keyof ApiMessages]?: { request: (v: number) => ApiMessages[K]['request']; ok: (r: ApiMessages[K]['response']) => void } } = {
  21: {
    request: () => DeleteRecordsRequest.create({ topics: [{ name: 'w', partitions: [{ partitionIndex: 0, offset: 1n }] }], timeoutMs: 1000 }),
    ok: (r) => expect(r.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, lowWatermark: 1n }),
  },
  23: {
    request: (v) => OffsetForLeaderEpochRequest.create({ replicaId: v >= 3 ? -1 : -2, topics: [{ topic: 'w', partitions: [{ partition: 0, leaderEpoch: 0, currentLeaderEpoch: v >= 2 ? 0 : -1 }] }] }),
    ok: (r) => expect(r.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, endOffset: 2n }),
  },
  32: {
    request: () => DescribeConfigsRequest.create({ resources: [{ resourceType: 2, resourceName: 'w', configurationKeys: ['cleanup.policy'] }, { resourceType: 4, resourceName: '1', configurationKeys: ['log.cleanup.policy'] }] }),
    ok: (r) => expect(r.results.map((x) => [x.errorCode, x.configs[0]!.value])).toEqual([[0, 'delete'], [0, 'delete']]),
  },
  33: {
    request: () => AlterConfigsRequest.create({ resources: [{ resourceType: 2, resourceName: 'w', configs: [{ name: 'retention.ms', value: '86400000' }] }], validateOnly: true }),
    ok: (r) => expect(r.responses).toEqual([{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'w' }]),
  },
  35: {
    request: () => DescribeLogDirsRequest.create({ topics: [{ topic: 'w', partitions: [0] }] }),
    ok: (r) => expect(r.results[0]!.topics[0]!.partitions[0]!.partitionSize).toBeGreaterThan(0n),
  },
  37: {
    request: () => CreatePartitionsRequest.create({ topics: [{ name: 'w', count: 3, assignments: null }], validateOnly: true }),
    ok: (r) => expect(r.results).toEqual([{ name: 'w', errorCode: 0, errorMessage: null }]),
  },
  43: {
    request: () => ElectLeadersRequest.create({ electionType: 0, topicPartitions: [{ topic: 'w', partitions: [1] }] }),
    ok: (r) => expect(r.replicaElectionResults[0]!.partitionResult[0]!.errorCode).toBe(84),
  },
  44: {
    request: () => IncrementalAlterConfigsRequest.create({ resources: [{ resourceType: 4, resourceName: '', configs: [{ name: 'log.retention.ms', configOperation: 0, value: '86400000' }] }], validateOnly: true }),
    ok: (r) => expect(r.responses).toEqual([{ errorCode: 0, errorMessage: null, resourceType: 4, resourceName: '' }]),
  },
  45: {
    request: () => AlterPartitionReassignmentsRequest.create({ topics: [{ name: 'w', partitions: [{ partitionIndex: 1, replicas: [1] }] }] }),
    ok: (r) => expect(r.responses[0]!.partitions[0]!.errorCode).toBe(0),
  },
  46: {
    request: () => ListPartitionReassignmentsRequest.create({ topics: null }),
    ok: (r) => expect(r).toMatchObject({ errorCode: 0, topics: [] }),
  },
  60: {
    request: () => DescribeClusterRequest.create({}),
    ok: (r) => expect(r).toMatchObject({ errorCode: 0, controllerId: 1 }),
  },
};

describe('admin APIs on the wire', () => {
  it('ApiVersions advertises exactly the tested ranges', async () => {
    const b = await brokers.start();
    const r = await wire(b.bootstrap, 18, 3, ApiVersionsRequest.create({ clientSoftwareName: 'admin-test', clientSoftwareVersion: '1' }));
    const mine = new Set(ADVERTISED.map((a) => a.apiKey));
    expect(r.apiKeys.filter((k) => mine.has(k.apiKey)).map((k) => ({ apiKey: k.apiKey, minVersion: k.minVersion, maxVersion: k.maxVersion }))).toEqual(ADVERTISED);
  });

  it('every advertised version of every admin API is answered over TCP', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'w', 2);
    await produce(b.broker, 'w', 0, 2);
    for (const { apiKey, minVersion, maxVersion } of ADVERTISED) {
      const c = CASES[apiKey as keyof ApiMessages] as { request: (v: number) => never; ok: (r: unknown) => void };
      for (let v = minVersion; v <= maxVersion; v++) {
        const response = await wire(b.bootstrap, apiKey as keyof ApiMessages, v, c.request(v));
        try {
          c.ok(response);
        } catch (e) {
          throw new Error(`api ${apiKey} v${v}: ${(e as Error).message}`);
        }
      }
    }
  });
});
