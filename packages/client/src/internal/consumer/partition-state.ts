import type { TopicPartition } from '../../contract/records.js';

/** A reset the consumer must resolve with ListOffsets before fetching (Kafka's `OffsetResetStrategy`). */
export type PendingReset = 'earliest' | 'latest' | null;

/** What the consumer keeps per assigned partition (Kafka's `SubscriptionState.TopicPartitionState`). */
export interface PartitionState extends TopicPartition {
  readonly key: string;
  /** The next offset to fetch and return; `null` until known (committed offset or reset). */
  position: number | null;
  /** A seekToBeginning/seekToEnd waiting to be resolved, or an auto reset. */
  reset: PendingReset;
  paused: boolean;
  /** The leader epoch of the last returned record, -1 if none. */
  leaderEpoch: number;
  highWatermark: number;
}

/** A new state for an assigned partition with no position yet. */
export function newPartitionState(tp: TopicPartition): PartitionState {
  return { topic: tp.topic, partition: tp.partition, key: `${tp.topic}-${tp.partition}`, position: null, reset: null, paused: false, leaderEpoch: -1, highWatermark: -1 };
}
