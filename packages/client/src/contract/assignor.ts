import type { TopicPartition } from './records.js';

/**
 * One member's subscription as the group leader sees it (Kafka's `ConsumerPartitionAssignor.Subscription`),
 * carried in JoinGroup as a ConsumerProtocolSubscription.
 */
export interface Subscription {
  readonly topics: readonly string[];
  /** What the member's assignor put in {@link ConsumerPartitionAssignor.subscriptionUserData}. */
  readonly userData: Buffer | null;
  /** The partitions the member owned before this rebalance (protocol v1+; empty when unknown). */
  readonly ownedPartitions: readonly TopicPartition[];
  /** The member's generation when it joined (protocol v2+; -1 when unknown). */
  readonly generationId: number;
  readonly rackId: string | null;
  /** The member's `group.instance.id`, `null` for a dynamic member. */
  readonly groupInstanceId: string | null;
}

/** What one member is given (Kafka's `ConsumerPartitionAssignor.Assignment`), carried as a ConsumerProtocolAssignment. */
export interface Assignment {
  readonly partitions: readonly TopicPartition[];
  /** Assignor-specific data for the member (Kafka Streams puts its task map here). */
  readonly userData: Buffer | null;
}

/** The member ids and subscriptions of a group (Kafka's `GroupSubscription`). */
export type GroupSubscription = ReadonlyMap<string, Subscription>;

/** The assignment of every member by member id (Kafka's `GroupAssignment`). */
export type GroupAssignment = ReadonlyMap<string, Assignment>;

/** What the leader knows of the cluster when assigning (Kafka's `Cluster`, reduced to what assignors read). */
export interface ClusterView {
  /** The partition count of a topic, `undefined` if the topic does not exist. Covers every subscribed topic. */
  partitionCount(topic: string): number | undefined;
  /** Fresh metadata for more topics (for assignors that create or read other topics, as Kafka Streams does). */
  refresh(topics: readonly string[]): Promise<void>;
}

/** The group state an assignor is told about with its assignment (Kafka's `ConsumerGroupMetadata`). */
export interface ConsumerGroupMetadata {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/**
 * A pluggable partition assignor for the classic group protocol (Kafka's `ConsumerPartitionAssignor`). The
 * group leader's assignor computes every member's partitions; every member's assignor hears its own result.
 * Only the eager rebalance protocol is run: every member gives up all its partitions at each rebalance.
 *
 * @example
 * ```ts
 * const everythingToTheLeader: ConsumerPartitionAssignor = {
 *   name: 'leader-takes-all',
 *   assign(cluster, subs) { ... return new Map(...) },
 * };
 * consumer = transport.consumer({ 'group.id': 'g', 'partition.assignment.strategy': [everythingToTheLeader] });
 * ```
 */
export interface ConsumerPartitionAssignor {
  /** The protocol name sent in JoinGroup (`range`, `roundrobin`, `stream`, ...); members must share one. */
  readonly name: string;
  /** The assignor's own version, sent in the subscription's user data framing of some assignors (default 0). */
  readonly version?: number;
  /** User data sent with this member's subscription (Kafka's `subscriptionUserData(Set<String> topics)`). */
  subscriptionUserData?(topics: ReadonlySet<string>): Buffer | null;
  /** The leader's assignment for every member in `subscriptions` (may be async, e.g. to create topics first). */
  assign(cluster: ClusterView, subscriptions: GroupSubscription): GroupAssignment | Promise<GroupAssignment>;
  /** Called on every member with its own assignment once SyncGroup answers (Kafka's `onAssignment`). */
  onAssignment?(assignment: Assignment, metadata: ConsumerGroupMetadata): void;
}

/**
 * Called inside {@link Consumer.poll} around a rebalance (Kafka's `ConsumerRebalanceListener`). Revocation
 * comes before the member rejoins, so offsets of revoked partitions can still be committed there.
 */
export interface ConsumerRebalanceListener {
  onPartitionsRevoked?(partitions: readonly TopicPartition[]): void | Promise<void>;
  onPartitionsAssigned?(partitions: readonly TopicPartition[]): void | Promise<void>;
  /** Partitions taken away without a chance to commit (the member was fenced); default: `onPartitionsRevoked`. */
  onPartitionsLost?(partitions: readonly TopicPartition[]): void | Promise<void>;
}
