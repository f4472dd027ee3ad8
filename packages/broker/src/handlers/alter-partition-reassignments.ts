import { AlterPartitionReassignmentsResponse, kafkaErrorByCode, type AlterPartitionReassignmentsResponseReassignablePartitionResponse } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { BrokerServices, Handler } from '../api/types.js';

function reassign(broker: BrokerServices, topic: string, partition: number, replicas: readonly number[] | null): AlterPartitionReassignmentsResponseReassignablePartitionResponse {
  const failed = (error: string, message: string) => ({ partitionIndex: partition, errorCode: errorCode(error), errorMessage: message });
  const t = broker.image.topic(topic);
  if (!t) return failed('UNKNOWN_TOPIC_OR_PARTITION', `Unable to find a topic named ${topic}.`);
  const p = t.partitions[partition];
  if (!p) return failed('UNKNOWN_TOPIC_OR_PARTITION', `Unable to find partition ${topic}:${partition}.`);
  // null cancels a reassignment in progress; there never is one (they complete at once).
  if (replicas === null) return failed('NO_REASSIGNMENT_IN_PROGRESS', kafkaErrorByCode(errorCode('NO_REASSIGNMENT_IN_PROGRESS')).message);
  const problem = broker.controller.manualAssignmentProblem(replicas);
  if (problem) return failed('INVALID_REPLICA_ASSIGNMENT', problem);
  const same = replicas.length === p.replicas.length && replicas.every((r, i) => r === p.replicas[i]);
  if (!same) return failed('INVALID_REPLICA_ASSIGNMENT', `Tributary runs a single broker: partition ${topic}-${partition} can only be assigned to [${p.replicas.join(', ')}].`);
  return { partitionIndex: partition, errorCode: 0, errorMessage: null };
}

/**
 * AlterPartitionReassignments (KIP-455): moves partitions to new replica sets. The target is checked as
 * Kafka's controller checks it (an empty list, an unregistered broker, a broker named twice: all
 * INVALID_REPLICA_ASSIGNMENT with Kafka's messages; unknown topic or partition: UNKNOWN_TOPIC_OR_PARTITION).
 * On a single broker the only valid target is the current replica set, which "completes" at once with no
 * change; a null target (cancel) is NO_REASSIGNMENT_IN_PROGRESS since none is ever pending.
 */
export const alterPartitionReassignmentsHandler: Handler<45> = (request, _ctx, broker) => {
  const responses = request.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((p) => reassign(broker, t.name, p.partitionIndex, p.replicas)),
  }));
  return AlterPartitionReassignmentsResponse.create({ throttleTimeMs: 0, errorCode: 0, errorMessage: null, responses });
};
