import { ApiKey, KafkaProtocolError, ProduceRequest, encodeRecordBatchAsync, type CompressionType, type RecordHeader, type RecordInit } from '@tributary/protocol';
import type { KafkaClient } from './client.js';
import { partitionForKey, StickyPartitioner } from './partitioner.js';

/** A record to send (Kafka's `ProducerRecord`). */
export interface OutgoingRecord {
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: readonly RecordHeader[];
  /** Explicit partition; otherwise the default partitioner chooses. */
  readonly partition?: number;
  /** Create time; default now. */
  readonly timestamp?: number;
}

/** Where a record landed (Kafka's `RecordMetadata`); offset -1 with acks=0. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

/** Producer settings named after Kafka's producer configs. */
export interface ProducerSettings {
  /** `acks`: 0, 1 or -1 (all). */
  readonly acks: number;
  /** `compression.type`. */
  readonly compression: CompressionType;
  /** `batch.size` in bytes. */
  readonly batchSize: number;
  /** `linger.ms`. */
  readonly lingerMs: number;
  /** `delivery.timeout.ms`: how long a record may take, retries included. */
  readonly deliveryTimeoutMs: number;
}

interface Waiter {
  readonly resolve: (m: RecordMetadata) => void;
  readonly reject: (e: Error) => void;
}

interface OpenBatch {
  readonly topic: string;
  readonly partition: number;
  records: RecordInit[];
  waiters: Waiter[];
  bytes: number;
  timer: NodeJS.Timeout | null;
}

/** Rough size of a record in a batch, for `batch.size` accounting. */
function recordSize(r: OutgoingRecord): number {
  let size = 21 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers ?? []) size += Buffer.byteLength(h.key) + (h.value?.length ?? 0) + 4;
  return size;
}

/**
 * A small Kafka producer: records accumulate per partition into v2 batches (compressed with the chosen
 * codec) that go to the partition leader when `batch.size` is reached or `linger.ms` has passed; retriable
 * errors are retried after a metadata refresh until `delivery.timeout.ms`. One batch per partition is in
 * flight at a time, so records keep their order. Keyed records are partitioned with murmur2 like Kafka's
 * default partitioner; keyless ones stick to a partition per batch.
 */
export class Producer {
  private readonly open = new Map<string, OpenBatch>();
  /** The tail of each partition's chain of in-flight sends. */
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly sticky: StickyPartitioner;

  constructor(
    private readonly client: KafkaClient,
    readonly settings: ProducerSettings,
  ) {
    this.sticky = new StickyPartitioner(settings.batchSize);
  }

  /** Records still looking up their partition, so that {@link flush} waits for them to join a batch. */
  private readonly placing = new Set<Promise<unknown>>();

  /** Queues a record; resolves once the broker acknowledged it (per `acks`). */
  async send(record: OutgoingRecord): Promise<RecordMetadata> {
    const lookup = this.partitionCount(record.topic);
    this.placing.add(lookup);
    let count: number;
    try {
      count = await lookup;
    } finally {
      this.placing.delete(lookup);
    }
    const size = recordSize(record);
    const partition = record.partition ?? (record.key ? partitionForKey(record.key, count) : this.sticky.partition(record.topic, count, size));
    if (partition < 0 || partition >= count) throw new KafkaProtocolError(3, `Partition ${partition} of topic ${record.topic} with partition count ${count} is not present in metadata.`);
    return new Promise<RecordMetadata>((resolve, reject) => {
      const batch = this.batchFor(record.topic, partition);
      batch.records.push({ key: record.key, value: record.value, headers: record.headers ?? [], timestamp: record.timestamp ?? Date.now() });
      batch.waiters.push({ resolve, reject });
      batch.bytes += size;
      if (batch.bytes >= this.settings.batchSize || this.settings.lingerMs <= 0) this.drain(batch);
      else batch.timer ??= setTimeout(() => this.drain(batch), this.settings.lingerMs);
    });
  }

  /** Partition counts seen, per topic (a short-lived tool does not watch for partitions being added). */
  private readonly partitionCounts = new Map<string, Promise<number>>();

  private partitionCount(topic: string): Promise<number> {
    let count = this.partitionCounts.get(topic);
    if (count === undefined) {
      count = this.client.retrying(async () => {
        const t = await this.client.topicForProduce(topic);
        if (!t) throw new KafkaProtocolError(3, `Topic ${topic} not present in metadata after ${this.settings.deliveryTimeoutMs} ms.`);
        return t.partitions.length;
      }, Date.now() + this.settings.deliveryTimeoutMs);
      this.partitionCounts.set(topic, count);
      // A failed lookup is not remembered: the next record asks again.
      count.catch(() => this.partitionCounts.delete(topic));
    }
    return count;
  }

  /** Sends every open batch and waits until all sends settled (Kafka's `flush`). */
  async flush(): Promise<void> {
    while (this.placing.size > 0) await Promise.allSettled([...this.placing]);
    // Let records whose partition lookup just settled join their batches before draining.
    await new Promise((r) => setImmediate(r));
    for (const b of [...this.open.values()]) this.drain(b);
    await Promise.all([...this.inFlight.values()]);
  }

  private batchFor(topic: string, partition: number): OpenBatch {
    const key = `${topic}-${partition}`;
    let b = this.open.get(key);
    if (!b) {
      b = { topic, partition, records: [], waiters: [], bytes: 0, timer: null };
      this.open.set(key, b);
    }
    return b;
  }

  private drain(batch: OpenBatch): void {
    const key = `${batch.topic}-${batch.partition}`;
    if (this.open.get(key) !== batch) return;
    this.open.delete(key);
    if (batch.timer) clearTimeout(batch.timer);
    const previous = this.inFlight.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.sendBatch(batch));
    this.inFlight.set(key, next);
    void next.finally(() => {
      if (this.inFlight.get(key) === next) this.inFlight.delete(key);
    });
  }

  private async sendBatch(batch: OpenBatch): Promise<void> {
    try {
      const baseOffset = await this.produce(batch);
      batch.waiters.forEach((w, i) => w.resolve({ topic: batch.topic, partition: batch.partition, offset: baseOffset < 0 ? -1 : baseOffset + i }));
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      for (const w of batch.waiters) w.reject(error);
    }
  }

  private async produce(batch: OpenBatch): Promise<number> {
    const bytes = await encodeRecordBatchAsync({ compression: this.settings.compression, records: batch.records });
    const deadline = Date.now() + this.settings.deliveryTimeoutMs;
    const acks = this.settings.acks;
    return this.client.retrying(async () => {
      const conn = await this.client.leader(batch.topic, batch.partition, deadline);
      const { body } = await conn.send(
        ApiKey.Produce,
        () =>
          ProduceRequest.create({
            acks,
            timeoutMs: this.client.settings.requestTimeoutMs,
            topicData: [{ name: batch.topic, partitionData: [{ index: batch.partition, records: bytes }] }],
          }),
        { expectResponse: acks !== 0, timeoutMs: this.client.timeoutUntil(deadline) },
      );
      if (acks === 0) return -1;
      const p = body.responses[0]!.partitionResponses[0]!;
      if (p.errorCode !== 0) throw new KafkaProtocolError(p.errorCode, p.errorMessage);
      return Number(p.baseOffset);
    }, deadline);
  }
}
