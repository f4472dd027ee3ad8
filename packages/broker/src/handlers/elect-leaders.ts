import { ElectLeadersResponse, kafkaErrorByCode, type ElectLeadersResponsePartitionResult } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { BrokerServices, Handler } from '../api/types.js';

/** Kafka's `ElectionType`. */
const ElectionType = { PREFERRED: 0, UNCLEAN: 1 } as const;

function defaultMessage(error: string): string {
  return kafkaErrorByCode(errorCode(error)).message;
}

/**
 * One partition's election, as Kafka's `ReplicationControlManager.electLeader` decides it: a preferred
 * election is not needed when the first replica already leads, an unclean one when there is a leader at
 * all. Every partition of a single broker is led by that broker, its only (and preferred) replica.
 */
function elect(broker: BrokerServices, topic: string, partition: number, type: number): ElectLeadersResponsePartitionResult {
  const t = broker.image.topic(topic);
  if (!t) return { partitionId: partition, errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION'), errorMessage: `No such topic as ${topic}` };
  const p = t.partitions[partition];
  if (!p) return { partitionId: partition, errorCode: errorCode('UNKNOWN_TOPIC_OR_PARTITION'), errorMessage: `No such partition as ${topic}-${partition}` };
  const notNeeded = type === ElectionType.PREFERRED ? p.leader === p.replicas[0] : p.leader >= 0;
  if (notNeeded) return { partitionId: partition, errorCode: errorCode('ELECTION_NOT_NEEDED'), errorMessage: defaultMessage('ELECTION_NOT_NEEDED') };
  // Unreachable while one broker leads everything; a multi-broker election would happen here.
  const error = type === ElectionType.PREFERRED ? 'PREFERRED_LEADER_NOT_AVAILABLE' : 'ELIGIBLE_LEADERS_NOT_AVAILABLE';
  return { partitionId: partition, errorCode: errorCode(error), errorMessage: defaultMessage(error) };
}

/**
 * ElectLeaders (KIP-183/KIP-460): preferred (0; v0 knows no other) or unclean (1, v1+) leader elections for
 * the partitions named, or for every partition when `topicPartitions` is null — in which case partitions
 * needing no election are left out of the answer, as Kafka does. An unknown election type is
 * INVALID_REQUEST for the whole request (top-level in v1+, and on every partition named).
 */
export const electLeadersHandler: Handler<43> = (request, ctx, broker) => {
  const v = ctx.apiVersion;
  const type = v >= 1 ? request.electionType : ElectionType.PREFERRED;
  if (type !== ElectionType.PREFERRED && type !== ElectionType.UNCLEAN) {
    const message = `Unknown election type ${type}`;
    const replicaElectionResults = (request.topicPartitions ?? []).map((t) => ({
      topic: t.topic,
      partitionResult: t.partitions.map((p) => ({ partitionId: p, errorCode: errorCode('INVALID_REQUEST'), errorMessage: message })),
    }));
    return ElectLeadersResponse.create({ throttleTimeMs: 0, errorCode: v >= 1 ? errorCode('INVALID_REQUEST') : 0, replicaElectionResults });
  }
  if (request.topicPartitions === null) {
    const replicaElectionResults = broker.image.topics().map((t) => ({
      topic: t.name,
      partitionResult: t.partitions.map((p) => elect(broker, t.name, p.partitionId, type)).filter((r) => r.errorCode !== errorCode('ELECTION_NOT_NEEDED')),
    }));
    return ElectLeadersResponse.create({ throttleTimeMs: 0, errorCode: 0, replicaElectionResults });
  }
  const replicaElectionResults = request.topicPartitions.map((t) => ({
    topic: t.topic,
    partitionResult: t.partitions.map((p) => elect(broker, t.topic, p, type)),
  }));
  return ElectLeadersResponse.create({ throttleTimeMs: 0, errorCode: 0, replicaElectionResults });
};
