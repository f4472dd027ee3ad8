import type { PartitionAssigner } from 'kafkajs';
import type { Assignment, ConsumerPartitionAssignor } from '../../contract/assignor.js';
import { decodeSubscription, encodeAssignment, encodeSubscription } from '../group/consumer-protocol.js';

/**
 * Runs one of our assignors as a kafkajs partition assigner: the same subscription and assignment bytes
 * (Kafka's consumer protocol) as the in-process group member, so both transports can share a group.
 */
export function toKafkajsAssigner(assignor: ConsumerPartitionAssignor): PartitionAssigner {
  return ({ cluster }) => ({
    name: assignor.name,
    version: assignor.version ?? 0,
    protocol({ topics }) {
      const userData = assignor.subscriptionUserData?.(new Set(topics)) ?? null;
      return { name: assignor.name, metadata: encodeSubscription({ topics, userData, ownedPartitions: [], generationId: -1, rackId: null }) };
    },
    async assign({ members }) {
      const subs = new Map(members.map((m) => [m.memberId, decodeSubscription(m.memberMetadata, null)]));
      const view = {
        partitionCount: (topic: string) => {
          const n = cluster.findTopicPartitionMetadata(topic).length;
          return n > 0 ? n : undefined;
        },
        refresh: (topics: readonly string[]) => cluster.addMultipleTargetTopics([...topics]),
      };
      const result = await assignor.assign(view, subs);
      const empty: Assignment = { partitions: [], userData: null };
      return [...subs.keys()].map((memberId) => ({ memberId, memberAssignment: encodeAssignment(result.get(memberId) ?? empty) }));
    },
  });
}
