import type { ConsumerGroupMetadata, ConsumerRebalanceListener } from './assignor.js';
import type { ConsumerRecords } from './consumer-records.js';
import type { OffsetAndMetadata, TopicPartition, TopicPartitionOffset } from './records.js';

/** Called when an asynchronous commit finishes (Kafka's `OffsetCommitCallback`). */
export type OffsetCommitCallback = (error: Error | null, offsets: readonly TopicPartitionOffset[]) => void;

/**
 * Reads records (Kafka's `Consumer`/`KafkaConsumer`), either as a member of a consumer group
 * (`subscribe`, classic group protocol with pluggable assignors) or on partitions it was given (`assign`).
 *
 * Like Kafka's, it is driven by {@link Consumer.poll}: rebalances, rebalance-listener calls and automatic
 * commits happen inside `poll`, and the group session is kept alive in the background between polls up to
 * `max.poll.interval.ms`. Methods other than `poll`, `commitSync`, `committed`, `position` and `close`
 * take effect at once and return nothing. Do not call methods concurrently with `poll` except `pause`,
 * `resume`, `seek` and `wakeup`.
 *
 * @example
 * ```ts
 * const consumer = transport.consumer({ 'group.id': 'g', 'auto.offset.reset': 'earliest', 'enable.auto.commit': false });
 * consumer.subscribe(['orders']);
 * for (;;) {
 *   const records = await consumer.poll(1000);
 *   for (const r of records) handle(r);
 *   await consumer.commitSync();
 * }
 * ```
 */
export interface Consumer {
  /**
   * Joins `group.id` for these topics, or every topic matching a pattern (Kafka's `subscribe`). Replaces an
   * earlier subscription. The join happens in the next `poll`.
   */
  subscribe(topics: readonly string[] | RegExp, listener?: ConsumerRebalanceListener): void;
  /** Leaves the subscription (and the group, at the next poll); revokes every partition (Kafka's `unsubscribe`). */
  unsubscribe(): void;
  /** Reads exactly these partitions with no group membership; replaces an earlier assignment (Kafka's `assign`). */
  assign(partitions: readonly TopicPartition[]): void;
  /** The partitions currently assigned (Kafka's `assignment()`). */
  assignment(): TopicPartition[];
  /** The subscribed topic names (for a pattern: the matching topics found so far) (Kafka's `subscription()`). */
  subscription(): string[];

  /**
   * Returns the records fetched for the assigned, unpaused partitions, waiting up to `timeoutMs` for some
   * (Kafka's `poll(Duration)`). At most `max.poll.records`, each partition's records in offset order, and
   * the position of each returned partition advances past its last record.
   */
  poll(timeoutMs: number): Promise<ConsumerRecords>;
  /** Ends a `poll` in progress early with an empty result (Kafka's `wakeup()`, without the exception). */
  wakeup(): void;

  /** Sets the offset the next poll reads a partition from (Kafka's `seek`). The partition must be assigned. */
  seek(partition: TopicPartition, offset: number): void;
  /** Reads the partitions from their log start offsets (Kafka's `seekToBeginning`); evaluated lazily. */
  seekToBeginning(partitions: readonly TopicPartition[]): void;
  /** Reads the partitions from their log end offsets (Kafka's `seekToEnd`); evaluated lazily. */
  seekToEnd(partitions: readonly TopicPartition[]): void;
  /** The offset of the next record to be read from a partition, resolving a pending reset first (Kafka's `position`). */
  position(partition: TopicPartition): Promise<number>;

  /** Stops returning records of these partitions until resumed; the group membership is kept (Kafka's `pause`). */
  pause(partitions: readonly TopicPartition[]): void;
  /** Undoes {@link Consumer.pause} (Kafka's `resume`). */
  resume(partitions: readonly TopicPartition[]): void;
  /** The paused partitions (Kafka's `paused()`). */
  paused(): TopicPartition[];

  /**
   * Commits offsets and waits for the answer (Kafka's `commitSync`). Without `offsets`: the current position
   * of every assigned partition. A commit refused because the group rebalanced raises a `KafkaProtocolError`
   * (for instance ILLEGAL_GENERATION or REBALANCE_IN_PROGRESS), as Kafka's `CommitFailedException` does.
   */
  commitSync(offsets?: readonly TopicPartitionOffset[]): Promise<void>;
  /** Commits without waiting; the callback hears the outcome (Kafka's `commitAsync`). */
  commitAsync(offsets?: readonly TopicPartitionOffset[], callback?: OffsetCommitCallback): void;
  /** The group's committed offsets of these partitions; `null` where none (Kafka's `committed`). */
  committed(partitions: readonly TopicPartition[]): Promise<Array<TopicPartition & { committed: OffsetAndMetadata | null }>>;

  /** The group membership as it stands (Kafka's `groupMetadata()`). */
  groupMetadata(): ConsumerGroupMetadata;

  /**
   * Commits (when `enable.auto.commit`), revokes the partitions through the listener, leaves the group
   * (LeaveGroup; a static member stays until its session times out, as in Kafka) and releases the consumer
   * (Kafka's `close()`).
   */
  close(): Promise<void>;
}
