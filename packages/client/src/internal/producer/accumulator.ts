import type { DefaultPartitioner } from './partitioner.js';
import { BATCH_OVERHEAD, type PendingRecord, type ProducerBatch } from './types.js';

/**
 * The per-partition open batches (Kafka's `RecordAccumulator`): records append to their partition's open
 * batch until it reaches `batch.size`; a closed batch waits in the ready queue, in order, for the sender.
 */
export class RecordAccumulator {
  private readonly open = new Map<string, ProducerBatch>();
  /** Closed batches in the order they were closed (so one partition's batches stay in order). */
  readonly ready: ProducerBatch[] = [];

  constructor(
    private readonly batchSize: number,
    private readonly lingerMs: number,
    private readonly partitioner: DefaultPartitioner,
  ) {}

  /** Appends a record to its partition's open batch, closing batches that fill up. */
  append(topic: string, partition: number, numPartitions: number, pending: PendingRecord, now: number): void {
    const key = `${topic}\u0000${partition}`;
    let batch = this.open.get(key);
    if (batch && batch.size + pending.size > this.batchSize) {
      this.close(key, batch, numPartitions);
      batch = undefined;
    }
    if (!batch) {
      batch = { topic, partition, key, records: [], size: BATCH_OVERHEAD, deadline: now + this.lingerMs };
      this.open.set(key, batch);
    }
    batch.records.push(pending);
    batch.size += pending.size;
    if (batch.size >= this.batchSize) this.close(key, batch, numPartitions);
  }

  /** Closes the open batches whose linger time is over (all of them when `all`); returns how many. */
  closeExpired(now: number, all: boolean, numPartitions: (topic: string) => number): number {
    let n = 0;
    for (const [key, batch] of this.open) {
      if (all || batch.deadline <= now) {
        this.close(key, batch, numPartitions(batch.topic));
        n++;
      }
    }
    return n;
  }

  /** The earliest deadline of an open batch, `undefined` when none is open. */
  nextDeadline(): number | undefined {
    let d: number | undefined;
    for (const b of this.open.values()) if (d === undefined || b.deadline < d) d = b.deadline;
    return d;
  }

  /** Whether any record is still in an open or ready batch. */
  get isEmpty(): boolean {
    return this.open.size === 0 && this.ready.length === 0;
  }

  private close(key: string, batch: ProducerBatch, numPartitions: number): void {
    this.open.delete(key);
    this.ready.push(batch);
    this.partitioner.onBatchClosed(batch.topic, batch.partition, numPartitions);
  }
}
