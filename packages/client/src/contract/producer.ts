import type { ProducerRecord, RecordMetadata } from './records.js';

/** Called once per sent record with its metadata or its failure (Kafka's `Callback`). */
/**
 * Hears how one send ended (Kafka's `Callback`): `metadata` on success, `error` on failure. `record` is the
 * record given to `send`/`enqueue`, so one callback function can serve every record (no closure per record).
 */
export type SendCallback = (error: Error | null, metadata: RecordMetadata | null, record: ProducerRecord) => void;

/** One partition of a topic as a producer sees it (Kafka's `PartitionInfo`, reduced). */
export interface PartitionInfo {
  readonly topic: string;
  readonly partition: number;
  /** The leader's node id, `-1` when there is none. */
  readonly leader: number;
}

/**
 * Sends records to topics (Kafka's `Producer`/`KafkaProducer`). Records are batched per partition by
 * `batch.size` and `linger.ms`; a partition's records are written in `send` order.
 *
 * The default partitioner is Kafka's: murmur2 of the key bytes, `toPositive(murmur2(key)) % numPartitions`,
 * so a key lands on the partition the Java client would choose; keyless records go to a sticky partition
 * that changes when a batch is sent.
 *
 * @example
 * ```ts
 * const producer = transport.producer({ 'linger.ms': 5 });
 * const meta = await producer.send({ topic: 't', key: Buffer.from('k'), value: Buffer.from('v') });
 * await producer.close();
 * ```
 */
export interface Producer {
  /**
   * Queues a record for sending (Kafka's `send(record, callback)`). The promise resolves once the broker has
   * it per `acks`, or rejects with a `KafkaProtocolError` (Kafka's code) or a `ClientError`. The returned
   * promise never counts as an unhandled rejection: a failure that nobody awaits is reported by the next
   * {@link Producer.flush}.
   */
  send(record: ProducerRecord, callback: SendCallback | undefined): Promise<RecordMetadata>;
  send(record: ProducerRecord): Promise<RecordMetadata>;
  /**
   * Queues a record like `send`, reporting only through `callback` - Kafka's `send(record, callback)` with its
   * Future ignored. For callers that track completion by callbacks and `flush()` (the Streams record collector):
   * no promise is made per record, which matters at a million records a second. `record` is kept, unchanged,
   * until the callback runs. The `metadata` the callback gets is valid only during the call (it is reused for the
   * other records of the batch): copy what you keep.
   */
  enqueue(record: ProducerRecord, callback: SendCallback): void;
  /**
   * Sends everything queued now and waits for every send so far to finish (Kafka's `flush()`). Rejects with
   * the first send failure since the previous flush, which Kafka's `flush` reports only through callbacks.
   */
  flush(): Promise<void>;
  /** The partitions of a topic (Kafka's `partitionsFor`); rejects UNKNOWN_TOPIC_OR_PARTITION for a missing topic. */
  partitionsFor(topic: string): Promise<PartitionInfo[]>;
  /** Flushes, then releases the producer (Kafka's `close()`); later sends fail with `CLIENT_CLOSED`. */
  close(): Promise<void>;
}
