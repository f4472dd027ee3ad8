import type { ProducerRecord } from '../../contract/records.js';
import { partitionForKey } from './murmur2.js';

/**
 * The default partitioner (Kafka's `BuiltInPartitioner` behaviour): an explicit partition wins; a key is
 * hashed with murmur2; a keyless record goes to the topic's sticky partition, which moves to another random
 * partition each time a batch for it is closed, so keyless records fill whole batches (KIP-480).
 */
export class DefaultPartitioner {
  private readonly sticky = new Map<string, number>();

  constructor(private readonly ignoreKeys: boolean) {}

  /** The partition of `record` in a topic of `numPartitions` partitions. */
  partition(record: ProducerRecord, numPartitions: number): number {
    if (record.partition !== undefined) return record.partition;
    const key = record.key;
    if (!this.ignoreKeys && key !== undefined && key !== null) return partitionForKey(key, numPartitions);
    let p = this.sticky.get(record.topic);
    if (p === undefined || p >= numPartitions) {
      p = Math.floor(Math.random() * numPartitions);
      this.sticky.set(record.topic, p);
    }
    return p;
  }

  /** A batch of `topic`'s partition `closed` was closed: move the topic's sticky partition elsewhere. */
  onBatchClosed(topic: string, closed: number, numPartitions: number): void {
    if (this.sticky.get(topic) !== closed) return;
    if (numPartitions <= 1) return;
    const next = Math.floor(Math.random() * (numPartitions - 1));
    this.sticky.set(topic, next >= closed ? next + 1 : next);
  }
}
