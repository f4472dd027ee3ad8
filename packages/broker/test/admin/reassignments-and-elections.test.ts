import { AlterPartitionReassignmentsRequest, ElectLeadersRequest, ListPartitionReassignmentsRequest, MetadataRequest } from '@tributary/protocol';
import { describe, expect, it } from 'vitest';
import { E, call, createTopic, kafkajsAdmin, useBrokers, wire } from './harness.js';

const brokers = useBrokers();

describe('ListPartitionReassignments (46) and AlterPartitionReassignments (45)', () => {
  it('v0: none is ever in progress, for all topics or the ones named', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'r', 2);
    const all = await wire(b.bootstrap, 46, 0, ListPartitionReassignmentsRequest.create({ topics: null }));
    expect(all).toEqual({ throttleTimeMs: 0, errorCode: 0, errorMessage: null, topics: [] });
    const named = await call(b.broker, 46, 0, ListPartitionReassignmentsRequest.create({ topics: [{ name: 'r', partitionIndexes: [0, 1] }, { name: 'nope', partitionIndexes: [0] }] }));
    expect(named.topics).toEqual([]);
  });

  it('v0: the current single replica completes at once; bad targets get Kafka\'s errors', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'r', 2);
    const r = await wire(
      b.bootstrap,
      45,
      0,
      AlterPartitionReassignmentsRequest.create({
        topics: [
          {
            name: 'r',
            partitions: [
              { partitionIndex: 0, replicas: [1] },
              { partitionIndex: 1, replicas: [1, 2] },
              { partitionIndex: 1, replicas: [] },
              { partitionIndex: 1, replicas: [1, 1] },
              { partitionIndex: 1, replicas: null },
              { partitionIndex: 9, replicas: [1] },
            ],
          },
          { name: 'nope', partitions: [{ partitionIndex: 0, replicas: [1] }] },
        ],
      }),
    );
    expect(r.errorCode).toBe(0);
    expect(r.responses).toEqual([
      {
        name: 'r',
        partitions: [
          { partitionIndex: 0, errorCode: 0, errorMessage: null },
          { partitionIndex: 1, errorCode: E.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'The manual partition assignment includes broker 2, but no such broker is registered.' },
          { partitionIndex: 1, errorCode: E.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'The manual partition assignment includes an empty replica list.' },
          { partitionIndex: 1, errorCode: E.INVALID_REPLICA_ASSIGNMENT, errorMessage: 'The manual partition assignment includes the broker 1 more than once.' },
          { partitionIndex: 1, errorCode: E.NO_REASSIGNMENT_IN_PROGRESS, errorMessage: expect.stringMatching(/reassignment/) },
          { partitionIndex: 9, errorCode: E.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'Unable to find partition r:9.' },
        ],
      },
      { name: 'nope', partitions: [{ partitionIndex: 0, errorCode: E.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'Unable to find a topic named nope.' }] },
    ]);
    const md = await call(b.broker, 3, 8, MetadataRequest.create({ topics: [{ name: 'r' }] }));
    expect(md.topics[0]!.partitions.map((p) => p.replicaNodes)).toEqual([[1], [1]]);
  });

  it('kafkajs alterPartitionReassignments and listPartitionReassignments', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'r', 1);
    const admin = await kafkajsAdmin(b.bootstrap);
    try {
      await admin.alterPartitionReassignments({ topics: [{ topic: 'r', partitionAssignment: [{ partition: 0, replicas: [1] }] }] });
      expect(await admin.listPartitionReassignments({})).toEqual({ topics: [] });
      expect(await admin.listPartitionReassignments({ topics: [{ topic: 'r', partitions: [0] }] })).toEqual({ topics: [] });
      await expect(admin.alterPartitionReassignments({ topics: [{ topic: 'r', partitionAssignment: [{ partition: 0, replicas: [5] }] }] })).rejects.toThrow();
    } finally {
      await admin.disconnect();
    }
  });
});

describe('ElectLeaders (43)', () => {
  for (const version of [0, 1]) {
    it(`v${version}: ELECTION_NOT_NEEDED where the preferred replica leads; unknown partitions UNKNOWN_TOPIC_OR_PARTITION`, async () => {
      const b = await brokers.start();
      await createTopic(b.broker, 'l', 2);
      const r = await wire(
        b.bootstrap,
        43,
        version,
        ElectLeadersRequest.create({ electionType: 0, topicPartitions: [{ topic: 'l', partitions: [0, 1, 4] }, { topic: 'nope', partitions: [0] }], timeoutMs: 1000 }),
      );
      expect(r.errorCode).toBe(0);
      expect(r.replicaElectionResults).toEqual([
        {
          topic: 'l',
          partitionResult: [
            { partitionId: 0, errorCode: E.ELECTION_NOT_NEEDED, errorMessage: expect.any(String) },
            { partitionId: 1, errorCode: E.ELECTION_NOT_NEEDED, errorMessage: expect.any(String) },
            { partitionId: 4, errorCode: E.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'No such partition as l-4' },
          ],
        },
        { topic: 'nope', partitionResult: [{ partitionId: 0, errorCode: E.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'No such topic as nope' }] },
      ]);
    });
  }

  it('null partitions elects everywhere needed: nothing, so every topic comes back empty', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'l', 2);
    const r = await call(broker, 43, 1, ElectLeadersRequest.create({ electionType: 0, topicPartitions: null }));
    expect(r.replicaElectionResults).toEqual([{ topic: 'l', partitionResult: [] }]);
  });

  it('v1: an unclean election is not needed while there is a leader; an unknown type is INVALID_REQUEST', async () => {
    const { broker } = await brokers.start();
    await createTopic(broker, 'l', 1);
    const unclean = await call(broker, 43, 1, ElectLeadersRequest.create({ electionType: 1, topicPartitions: [{ topic: 'l', partitions: [0] }] }));
    expect(unclean.replicaElectionResults[0]!.partitionResult[0]!.errorCode).toBe(E.ELECTION_NOT_NEEDED);
    const bad = await call(broker, 43, 1, ElectLeadersRequest.create({ electionType: 7, topicPartitions: [{ topic: 'l', partitions: [0] }] }));
    expect(bad).toMatchObject({ errorCode: E.INVALID_REQUEST, replicaElectionResults: [{ topic: 'l', partitionResult: [{ partitionId: 0, errorCode: E.INVALID_REQUEST, errorMessage: 'Unknown election type 7' }] }] });
  });
});
