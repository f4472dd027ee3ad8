import type { ConsumerRecord, TopicPartition } from './records.js';

/** The records of one partition returned by one poll, in offset order. */
export interface PartitionRecords extends TopicPartition {
  readonly records: readonly ConsumerRecord[];
}

/**
 * What {@link Consumer.poll} returns (Kafka's `ConsumerRecords`): record batches per partition, each in offset
 * order. Iterating yields every record, partition by partition.
 *
 * @example
 * ```ts
 * const polled = await consumer.poll(100);
 * for (const batch of polled.batches) handle(batch.topic, batch.partition, batch.records);
 * for (const record of polled) console.log(record.offset);
 * ```
 */
export class ConsumerRecords implements Iterable<ConsumerRecord> {
  /** An empty poll result. */
  static readonly EMPTY = new ConsumerRecords([]);

  /** The number of records over all partitions (Kafka's `count()`). */
  readonly count: number;

  constructor(readonly batches: readonly PartitionRecords[]) {
    let n = 0;
    for (const b of batches) n += b.records.length;
    this.count = n;
  }

  /** Whether the poll returned nothing (Kafka's `isEmpty()`). */
  get isEmpty(): boolean {
    return this.count === 0;
  }

  /** The partitions that have records (Kafka's `partitions()`). */
  partitions(): TopicPartition[] {
    return this.batches.map((b) => ({ topic: b.topic, partition: b.partition }));
  }

  /** The records of one partition, empty if none (Kafka's `records(TopicPartition)`). */
  records(topic: string, partition: number): readonly ConsumerRecord[] {
    for (const b of this.batches) if (b.topic === topic && b.partition === partition) return b.records;
    return [];
  }

  *[Symbol.iterator](): Iterator<ConsumerRecord> {
    for (const b of this.batches) yield* b.records;
  }
}
