import type { ProducerRecord, RecordMetadata } from '../../contract/records.js';
import type { SendCallback } from '../../contract/producer.js';

/** A record waiting in the accumulator, with its completion hooks. */
export interface PendingRecord {
  readonly record: ProducerRecord;
  // The record's key, value and headers again, so a batch's PendingRecords are the encoder's RecordInits as they
  // are (no object per record to encode it).
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: ProducerRecord['headers'];
  /** The CreateTime: the record's own, or the time of `send`. */
  readonly timestamp: number;
  /** Estimated bytes in a batch. */
  readonly size: number;
  /** What `send` returned, completed through `resolve`/`reject`; `enqueue` makes none. */
  readonly promise: Promise<RecordMetadata> | undefined;
  readonly resolve: ((m: RecordMetadata) => void) | undefined;
  readonly reject: ((e: Error) => void) | undefined;
  readonly callback: SendCallback | undefined;
}

/** The records of one partition sent together (Kafka's `ProducerBatch`). */
export interface ProducerBatch {
  readonly topic: string;
  readonly partition: number;
  /** `topic\u0000partition`, made once per batch (the sender's in-flight bookkeeping key). */
  readonly key: string;
  readonly records: PendingRecord[];
  size: number;
  /** When the batch must be sent at the latest (creation + `linger.ms`). */
  readonly deadline: number;
}

/** The outcome of one batch: its base offset and log-append time (-1 for CreateTime), or a failure. */
export type BatchOutcome = { readonly baseOffset: number; readonly logAppendTime: number } | { readonly error: Error };

/**
 * What a transport does for the batching producer: look up partition counts and send batches. The in-process
 * backend encodes v2 batches and calls the Produce handler; the kafkajs backend calls `sendBatch`.
 */
export interface ProduceBackend {
  /** Requests in flight at once. */
  readonly maxInFlight: number;
  /**
   * Whether requests reach the broker strictly in the order they are made, so one partition may have batches in
   * several requests at once without reordering (the in-process broker queues each partition's appends in
   * arrival order). Otherwise a partition is muted while a batch of it is in flight, as Kafka does for ordering
   * when it cannot rely on the transport.
   */
  readonly pipelinesPartitions: boolean;
  /** A topic's partition count when already known, without waiting. */
  cachedPartitionCount(topic: string): number | undefined;
  /** A topic's partition count; rejects UNKNOWN_TOPIC_OR_PARTITION for a missing topic. */
  partitionCount(topic: string): Promise<number>;
  /** Sends batches of distinct partitions as one request; one outcome per batch, in order. */
  produce(batches: readonly ProducerBatch[]): Promise<BatchOutcome[]>;
  /** Releases the backend's resources. */
  close(): Promise<void>;
}

/** Bytes a record adds to a v2 batch, roughly (varint fields counted at their largest). */
export function estimateRecordSize(r: ProducerRecord): number {
  let size = 21 + (r.key?.length ?? 0) + (r.value?.length ?? 0);
  const headers = r.headers;
  if (headers !== undefined) {
    for (let i = 0; i < headers.length; i++) size += 10 + Buffer.byteLength(headers[i]!.key) + (headers[i]!.value?.length ?? 0);
  }
  return size;
}

/** Bytes of a v2 batch header. */
export const BATCH_OVERHEAD = 61;
