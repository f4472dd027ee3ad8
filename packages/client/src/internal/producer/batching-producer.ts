import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';
import { ClientError } from '../../contract/errors.js';
import type { ProducerConfig } from '../../contract/config.js';
import type { PartitionInfo, Producer, SendCallback } from '../../contract/producer.js';
import type { ProducerRecord, RecordMetadata } from '../../contract/records.js';
import { RecordAccumulator } from './accumulator.js';
import { DefaultPartitioner } from './partitioner.js';
import { estimateRecordSize, type BatchOutcome, type PendingRecord, type ProduceBackend, type ProducerBatch } from './types.js';

const noop = (): void => {};

/** The producer settings the batching producer reads, with Kafka's defaults filled in. */
export interface ResolvedProducerSettings {
  readonly batchSize: number;
  readonly lingerMs: number;
  readonly maxRequestSize: number;
  readonly ignoreKeys: boolean;
}

/** Kafka's defaults for the settings of {@link ResolvedProducerSettings}. */
export function producerSettings(config: ProducerConfig): ResolvedProducerSettings {
  return {
    batchSize: Math.max(1, config['batch.size'] ?? 16384),
    lingerMs: Math.max(0, config['linger.ms'] ?? 0),
    maxRequestSize: config['max.request.size'] ?? 1048576,
    ignoreKeys: config['partitioner.ignore.keys'] ?? false,
  };
}

/**
 * The transport-independent producer (Kafka's `KafkaProducer` with its accumulator and sender): partitions,
 * batches by `batch.size`/`linger.ms`, keeps each partition's batches in order with at most one in flight,
 * and completes every record's promise and callback from its batch's outcome.
 */
export class BatchingProducer implements Producer {
  private readonly partitioner: DefaultPartitioner;
  private readonly accumulator: RecordAccumulator;
  /** Records waiting for their topic's metadata, by topic, in send order. */
  private readonly awaitingMetadata = new Map<string, PendingRecord[]>();
  /** Partitions with a batch in flight (muted, as Kafka does to keep order). */
  private readonly inFlightPartitions = new Set<string>();
  private inFlight = 0;
  private unfinished = 0;
  private idleWaiters: Array<() => void> = [];
  private firstError: Error | null = null;
  private drainScheduled = false;
  private lingerTimer: NodeJS.Timeout | null = null;
  private flushing = 0;
  private closed = false;

  constructor(
    private readonly backend: ProduceBackend,
    private readonly settings: ResolvedProducerSettings,
    private readonly onClose: () => void = noop,
  ) {
    this.partitioner = new DefaultPartitioner(settings.ignoreKeys);
    this.accumulator = new RecordAccumulator(settings.batchSize, settings.lingerMs, this.partitioner);
  }

  send(record: ProducerRecord, callback?: SendCallback): Promise<RecordMetadata> {
    let resolve!: (m: RecordMetadata) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<RecordMetadata>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    if (!this.queue(record, promise, resolve, reject, callback)) promise.catch(noop);
    return promise;
  }

  enqueue(record: ProducerRecord, callback: SendCallback): void {
    this.queue(record, undefined, undefined, undefined, callback);
  }

  /** Queues a record; false when it failed at once (too large, producer closed) and was completed already. */
  private queue(
    record: ProducerRecord,
    promise: Promise<RecordMetadata> | undefined,
    resolve: ((m: RecordMetadata) => void) | undefined,
    reject: ((e: Error) => void) | undefined,
    callback: SendCallback | undefined,
  ): boolean {
    const size = estimateRecordSize(record);
    const pending: PendingRecord = {
      record,
      key: record.key ?? null,
      value: record.value,
      headers: record.headers,
      timestamp: record.timestamp ?? Date.now(),
      size,
      promise,
      resolve,
      reject,
      callback,
    };
    if (this.closed) return this.refuse(pending, new ClientError('CLIENT_CLOSED', 'the producer is closed'));
    if (size > this.settings.maxRequestSize) {
      return this.refuse(pending, new KafkaProtocolError(KafkaErrorCode.MESSAGE_TOO_LARGE, `the record is ${size} bytes, more than max.request.size ${this.settings.maxRequestSize}`));
    }
    this.unfinished++;
    const waiting = this.awaitingMetadata.get(record.topic);
    const count = waiting ? undefined : this.backend.cachedPartitionCount(record.topic);
    if (count === undefined) this.awaitMetadata(pending);
    else this.append(pending, count);
    return true;
  }

  async flush(): Promise<void> {
    this.flushing++;
    try {
      this.scheduleDrain();
      if (this.unfinished > 0) await new Promise<void>((r) => this.idleWaiters.push(r));
    } finally {
      this.flushing--;
    }
    const e = this.firstError;
    this.firstError = null;
    if (e) throw e;
  }

  async partitionsFor(topic: string): Promise<PartitionInfo[]> {
    const n = await this.backend.partitionCount(topic);
    return Array.from({ length: n }, (_, partition) => ({ topic, partition, leader: -1 }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush().catch(noop);
    } finally {
      this.closed = true;
      if (this.lingerTimer) clearTimeout(this.lingerTimer);
      await this.backend.close();
      this.onClose();
    }
  }

  /** A record refused before it was queued: only its own promise and callback hear of it, not `flush()`. */
  private refuse(p: PendingRecord, error: Error): false {
    p.reject?.(error);
    try {
      p.callback?.(error, null, p.record);
    } catch {
      // As in complete(): a throwing callback must not break the producer.
    }
    return false;
  }

  private awaitMetadata(pending: PendingRecord): void {
    const topic = pending.record.topic;
    const waiting = this.awaitingMetadata.get(topic);
    if (waiting) {
      waiting.push(pending);
      return;
    }
    this.awaitingMetadata.set(topic, [pending]);
    this.backend.partitionCount(topic).then(
      (count) => {
        const list = this.awaitingMetadata.get(topic) ?? [];
        this.awaitingMetadata.delete(topic);
        for (const p of list) this.append(p, count);
      },
      (e: unknown) => {
        const list = this.awaitingMetadata.get(topic) ?? [];
        this.awaitingMetadata.delete(topic);
        for (const p of list) this.complete(p, e as Error, null);
      },
    );
  }

  private append(pending: PendingRecord, numPartitions: number): void {
    const partition = this.partitioner.partition(pending.record, numPartitions);
    if (!Number.isInteger(partition) || partition < 0 || partition >= numPartitions) {
      const e = new KafkaProtocolError(KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `partition ${partition} of ${pending.record.topic} does not exist`);
      this.complete(pending, e, null);
      return;
    }
    this.accumulator.append(pending.record.topic, partition, numPartitions, pending);
    this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    // Sends made in the same turn of the event loop join the same batches.
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    const now = Date.now();
    const all = this.settings.lingerMs === 0 || this.flushing > 0 || this.closed;
    this.accumulator.closeExpired(now, all, (t) => this.backend.cachedPartitionCount(t) ?? 1);
    while (this.inFlight < this.backend.maxInFlight) {
      const request = this.takeRequest();
      if (request.length === 0) break;
      this.inFlight++;
      if (!this.backend.pipelinesPartitions) for (const b of request) this.inFlightPartitions.add(b.key);
      this.backend.produce(request).then(
        (outcomes) => this.onResponse(request, outcomes),
        (e: unknown) => this.onResponse(request, request.map(() => ({ error: e as Error }))),
      );
    }
    this.armLingerTimer(now);
  }

  /** Ready batches for one request: one per partition, not muted, within `max.request.size`. */
  private takeRequest(): ProducerBatch[] {
    const ready = this.accumulator.ready;
    const taken: ProducerBatch[] = [];
    const partitions = new Set<string>();
    let bytes = 0;
    // One pass: taken batches leave the queue, the others are compacted in place (splicing one at a time was
    // quadratic in the queue length).
    let kept = 0;
    for (let i = 0; i < ready.length; i++) {
      const b = ready[i]!;
      const key = b.key;
      const blocked = this.inFlightPartitions.has(key) || partitions.has(key);
      if (blocked || (taken.length > 0 && bytes + b.size > this.settings.maxRequestSize)) {
        // A later batch of a blocked partition must wait too, so only skip, never reorder within a partition.
        partitions.add(key);
        ready[kept++] = b;
        continue;
      }
      taken.push(b);
      partitions.add(key);
      bytes += b.size;
    }
    ready.length = kept;
    return taken;
  }

  private armLingerTimer(now: number): void {
    if (this.lingerTimer || this.settings.lingerMs === 0) return;
    const deadline = this.accumulator.nextDeadline();
    if (deadline === undefined) return;
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = null;
      this.drain();
    }, Math.max(0, deadline - now));
  }

  private onResponse(request: readonly ProducerBatch[], outcomes: readonly BatchOutcome[]): void {
    this.inFlight--;
    for (let i = 0; i < request.length; i++) {
      const batch = request[i]!;
      this.inFlightPartitions.delete(batch.key);
      const o = outcomes[i] ?? { error: new ClientError('CLIENT_STATE', 'no outcome for a batch') };
      if ('error' in o && this.retrySplit(batch, o.error)) continue;
      if ('error' in o) {
        for (const p of batch.records) this.complete(p, o.error, null);
        continue;
      }
      // Records queued with enqueue() share one metadata object per batch, valid during their callback (the
      // contract says so): no object per record. A send() promise gets its own.
      const shared = { topic: batch.topic, partition: batch.partition, offset: -1, timestamp: -1 };
      const records = batch.records;
      for (let j = 0; j < records.length; j++) {
        const p = records[j]!;
        const timestamp = o.logAppendTime >= 0 ? o.logAppendTime : p.timestamp;
        const offset = o.baseOffset >= 0 ? o.baseOffset + j : -1;
        if (p.promise === undefined) {
          shared.offset = offset;
          shared.timestamp = timestamp;
          this.complete(p, null, shared);
        } else this.complete(p, null, { topic: batch.topic, partition: batch.partition, offset, timestamp });
      }
    }
    this.drain();
  }

  /** Kafka splits a batch refused as too large and resends its records one by one; only the big ones fail then. */
  private retrySplit(batch: ProducerBatch, error: Error): boolean {
    if (!(error instanceof KafkaProtocolError) || error.errorCode !== KafkaErrorCode.MESSAGE_TOO_LARGE || batch.records.length < 2) return false;
    const singles = batch.records.map((p) => ({ topic: batch.topic, partition: batch.partition, key: batch.key, records: [p], size: p.size + 61, deadline: 0 }));
    this.accumulator.ready.unshift(...singles);
    return true;
  }

  private complete(p: PendingRecord, error: Error | null, metadata: RecordMetadata | null): void {
    if (error) {
      this.firstError ??= error;
      // A failure nobody awaits is reported by flush(), not as an unhandled rejection. The handler is attached
      // only here, on failure: one on every promise cost a second promise and a reaction job per record.
      if (p.promise !== undefined) {
        p.promise.catch(noop);
        p.reject!(error);
      }
    } else p.resolve?.(metadata!);
    if (p.callback) {
      try {
        p.callback(error, metadata, p.record);
      } catch {
        // A throwing callback must not break the producer (Kafka logs and goes on).
      }
    }
    if (--this.unfinished === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
