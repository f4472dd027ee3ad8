import type { PartitionRecords } from '../../contract/consumer-records.js';
import type { ConsumerRecord } from '../../contract/records.js';

/**
 * Records kafkajs has delivered that poll has not returned yet, per partition in offset order, with a bound
 * on the total: kafkajs's batch callback waits while the buffer is full, which is the back-pressure.
 */
export class RecordBuffer {
  private readonly queues = new Map<string, { topic: string; partition: number; records: ConsumerRecord[]; index: number }>();
  private size = 0;
  private rotation = 0;
  private spaceWaiters: Array<() => void> = [];
  private dataWaiters: Array<() => void> = [];

  constructor(readonly limit: number) {}

  get count(): number {
    return this.size;
  }

  get isFull(): boolean {
    return this.size >= this.limit;
  }

  push(topic: string, partition: number, records: ConsumerRecord[]): void {
    if (records.length === 0) return;
    const key = `${topic}-${partition}`;
    const q = this.queues.get(key);
    if (q) {
      q.records = q.records.slice(q.index).concat(records);
      q.index = 0;
    } else this.queues.set(key, { topic, partition, records, index: 0 });
    this.size += records.length;
    this.signal('data');
  }

  /** Takes up to `max` records of partitions that `allowed` accepts, partitions taking turns. */
  take(max: number, allowed: (key: string) => boolean): PartitionRecords[] {
    const out: PartitionRecords[] = [];
    const queues = [...this.queues];
    if (queues.length === 0) return out;
    let left = max;
    const start = this.rotation++ % queues.length;
    for (let i = 0; i < queues.length && left > 0; i++) {
      const [key, q] = queues[(start + i) % queues.length]!;
      if (!allowed(key)) continue;
      const n = Math.min(left, q.records.length - q.index);
      const records = q.records.slice(q.index, q.index + n);
      q.index += n;
      if (q.index >= q.records.length) this.queues.delete(key);
      this.size -= n;
      left -= n;
      out.push({ topic: q.topic, partition: q.partition, records });
    }
    if (out.length > 0) this.signal('space');
    return out;
  }

  /** Drops a partition's records (seek, revocation). */
  clear(key: string): void {
    const q = this.queues.get(key);
    if (!q) return;
    this.size -= q.records.length - q.index;
    this.queues.delete(key);
    this.signal('space');
  }

  clearAll(): void {
    this.queues.clear();
    this.size = 0;
    this.signal('space');
  }

  /** Resolves when records arrive or `ms` pass. */
  waitForData(ms: number): Promise<void> {
    return this.wait(this.dataWaiters, ms);
  }

  /** Resolves when room is made or `ms` pass. */
  waitForSpace(ms: number): Promise<void> {
    return this.wait(this.spaceWaiters, ms);
  }

  /** Wakes every waiter (a rebalance, a wakeup, a close). */
  wakeAll(): void {
    this.signal('data');
    this.signal('space');
  }

  private wait(list: Array<() => void>, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done(): void {
        clearTimeout(t);
        resolve();
      }
      list.push(done);
    });
  }

  private signal(which: 'data' | 'space'): void {
    const list = which === 'data' ? this.dataWaiters : this.spaceWaiters;
    if (list.length === 0) return;
    if (which === 'data') this.dataWaiters = [];
    else this.spaceWaiters = [];
    for (const w of list) w();
  }
}
