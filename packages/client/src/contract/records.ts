/** A topic and a partition number (Kafka's `TopicPartition`). */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A record header (Kafka's `Header`): a UTF-8 key and nullable bytes. Keys may repeat within a record. */
export interface RecordHeader {
  readonly key: string;
  readonly value: Buffer | null;
}

/**
 * A record to send (Kafka's `ProducerRecord`). Only `topic` and `value` are required.
 *
 * @example
 * ```ts
 * await producer.send({ topic: 'orders', key: Buffer.from('k1'), value: Buffer.from('{"n":1}') });
 * ```
 */
export interface ProducerRecord {
  readonly topic: string;
  /** The key; the default partitioner hashes its bytes (murmur2, as the Java client). */
  readonly key?: Buffer | null;
  /** The value; `null` is a tombstone on compacted topics. */
  readonly value: Buffer | null;
  readonly headers?: readonly RecordHeader[];
  /** Milliseconds since the epoch; default: the time of `send` (CreateTime). */
  readonly timestamp?: number;
  /** An explicit partition, bypassing the partitioner. */
  readonly partition?: number;
}

/** Where a sent record landed (Kafka's `RecordMetadata`). */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  /** The record's offset; `-1` when `acks=0` (the broker does not answer). */
  readonly offset: number;
  /** The record's timestamp: its CreateTime, or the broker's LogAppendTime when the topic uses it. */
  readonly timestamp: number;
}

/** Kafka's `TimestampType` as the Java client prints it. */
export type TimestampTypeName = 'CreateTime' | 'LogAppendTime';

/**
 * A record read by a consumer (Kafka's `ConsumerRecord`). Offsets and timestamps are JS numbers (safe integers).
 * `key`, `value` and header values may be views into a larger fetched buffer: copy them to keep them long.
 */
export interface ConsumerRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType: TimestampTypeName;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
  /** The leader epoch of the batch the record came in, `-1` if unknown. */
  readonly leaderEpoch: number;
}

/** An offset to commit or a committed offset, with optional metadata (Kafka's `OffsetAndMetadata`). */
export interface OffsetAndMetadata {
  /** The next offset to read (the last processed offset + 1), as in Kafka. */
  readonly offset: number;
  readonly metadata?: string | null;
  /** The leader epoch of the last consumed record, if known. */
  readonly leaderEpoch?: number;
}

/** A partition with an offset: the element of commit and committed-offset lists. */
export interface TopicPartitionOffset extends TopicPartition, OffsetAndMetadata {}

/** `topic-partition`, the key Kafka prints and a handy map key. */
export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}
