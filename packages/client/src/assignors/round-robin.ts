import type { Assignment, ClusterView, ConsumerPartitionAssignor, GroupAssignment, GroupSubscription } from '../contract/assignor.js';
import type { TopicPartition } from '../contract/records.js';
import { orderedMembers } from './member-order.js';

/**
 * Kafka's `RoundRobinAssignor` (protocol name `roundrobin`): every partition of every subscribed topic, in
 * topic then partition order, dealt in turn to the members, skipping members not subscribed to its topic.
 */
export class RoundRobinAssignor implements ConsumerPartitionAssignor {
  readonly name = 'roundrobin';

  assign(cluster: ClusterView, subscriptions: GroupSubscription): GroupAssignment {
    const members = orderedMembers(subscriptions);
    const out = new Map<string, TopicPartition[]>(members.map(([id]) => [id, []]));
    const topics = [...new Set(members.flatMap(([, s]) => s.topics))].sort();
    let next = 0;
    for (const topic of topics) {
      const n = cluster.partitionCount(topic) ?? 0;
      for (let partition = 0; partition < n; partition++) {
        // Deal to the next member subscribed to this topic, going round.
        for (let tries = 0; tries < members.length; tries++) {
          const [id, sub] = members[next % members.length]!;
          next++;
          if (sub.topics.includes(topic)) {
            out.get(id)!.push({ topic, partition });
            break;
          }
        }
      }
    }
    return new Map<string, Assignment>([...out].map(([id, partitions]) => [id, { partitions, userData: null }]));
  }
}
