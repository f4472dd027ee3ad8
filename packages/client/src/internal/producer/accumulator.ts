import type { DefaultPartitioner } from './partitioner.js';
import { BATCH_OVERHEAD, type PendingRecord, type ProducerBatch } from './types.js';

/**
 * The per-partition open batches (Kafka's `RecordAccumulator`): records append to their partition's open
 * batch until it reaches `batch.size`; a closed batch waits in the ready queue, in order, for the sender.
 */
export class RecordAccumulator {
  /** Open batches by topic, then by partition number (no key string is built per record). */
  private readonly open = new Map<string, (ProducerBatch | undefined)[]>();
  private openCount = 0;
  /** Closed batches in the order they were closed (so one partition's batches stay in order). */
  readonly ready: ProducerBatch[] = [];

  constructor(
    private readonly batchSize: number,
    private readonly lingerMs: number,
    private readonly partitioner: DefaultPartitioner,
  ) {}

  /** Appends a record to its partition's open batch, closing batches that fill up. */
  append(topic: string, partition: number, numPartitions: number, pending: PendingRecord): void {
    let byPartition = this.open.get(topic);
    if (byPartition === undefined) this.open.set(topic, (byPartition = []));
    let batch = byPartition[partition];
    if (batch !== undefined && batch.size + pending.size > this.batchSize) {
      this.close(byPartition, batch, numPartitions);
      batch = undefined;
    }
    if (batch === undefined) {
      // The clock is read only when a batch opens, not for every record.
      batch = { topic, partition, key: `${topic}\u0000${partition}`, records: [], size: BATCH_OVERHEAD, deadline: Date.now() + this.lingerMs };
      byPartition[partition] = batch;
      this.openCount++;
    }
    batch.records.push(pending);
    batch.size += pending.size;
    if (batch.size >= this.batchSize) this.close(byPartition, batch, numPartitions);
  }

  /** Closes the open batches whose linger time is over (all of them when `all`); returns how many. */
  closeExpired(now: number, all: boolean, numPartitions: (topic: string) => number): number {
    let n = 0;
    if (this.openCount === 0) return 0;
    for (const [topic, byPartition] of this.open) {
      for (const batch of byPartition) {
        if (batch !== undefined && (all || batch.deadline <= now)) {
          this.close(byPartition, batch, numPartitions(topic));
          n++;
        }
      }
    }
    return n;
  }

  /** The earliest deadline of an open batch, `undefined` when none is open. */
  nextDeadline(): number | undefined {
    let d: number | undefined;
    if (this.openCount === 0) return undefined;
    for (const byPartition of this.open.values()) {
      for (const b of byPartition) if (b !== undefined && (d === undefined || b.deadline < d)) d = b.deadline;
    }
    return d;
  }

  /** Whether any record is still in an open or ready batch. */
  get isEmpty(): boolean {
    return this.openCount === 0 && this.ready.length === 0;
  }

  private close(byPartition: (ProducerBatch | undefined)[], batch: ProducerBatch, numPartitions: number): void {
    byPartition[batch.partition] = undefined;
    this.openCount--;
    this.ready.push(batch);
    this.partitioner.onBatchClosed(batch.topic, batch.partition, numPartitions);
  }
}
