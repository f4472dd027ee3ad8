import type { Assignment, ClusterView, ConsumerPartitionAssignor, GroupAssignment, GroupSubscription } from '../contract/assignor.js';
import type { TopicPartition } from '../contract/records.js';
import { orderedMembers } from './member-order.js';

/**
 * Kafka's `RangeAssignor` (protocol name `range`, Kafka's default): per topic, the subscribed members in order
 * each take a contiguous range of partitions, the first `partitions % members` one extra.
 *
 * @example
 * ```ts
 * transport.consumer({ 'group.id': 'g', 'partition.assignment.strategy': [new RangeAssignor()] });
 * ```
 */
export class RangeAssignor implements ConsumerPartitionAssignor {
  readonly name = 'range';

  assign(cluster: ClusterView, subscriptions: GroupSubscription): GroupAssignment {
    const members = orderedMembers(subscriptions);
    const out = new Map<string, TopicPartition[]>(members.map(([id]) => [id, []]));
    const topics = new Set(members.flatMap(([, s]) => s.topics));
    for (const topic of [...topics].sort()) {
      const n = cluster.partitionCount(topic);
      if (n === undefined) continue;
      const consumers = members.filter(([, s]) => s.topics.includes(topic)).map(([id]) => id);
      const per = Math.floor(n / consumers.length);
      const extra = n % consumers.length;
      consumers.forEach((id, i) => {
        const start = per * i + Math.min(i, extra);
        const length = per + (i < extra ? 1 : 0);
        for (let p = start; p < start + length; p++) out.get(id)!.push({ topic, partition: p });
      });
    }
    return new Map<string, Assignment>([...out].map(([id, partitions]) => [id, { partitions, userData: null }]));
  }
}
