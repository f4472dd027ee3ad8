import type { Headers } from '../common/headers.js';
import { StreamsException } from '../common/errors.js';
import type { RecordContext } from './metadata.js';

/** A record as read from a topic and deserialized, as a {@link TimestampExtractor} sees it. */
export interface ConsumerRecord<K, V> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The timestamp stored with the record. */
  readonly timestamp: number;
  readonly timestampType: 'CreateTime' | 'LogAppendTime';
  readonly key: K;
  readonly value: V;
  readonly headers: Headers;
}

/**
 * Chooses each input record's timestamp (Kafka's `TimestampExtractor`). A negative result drops the record
 * (with a warning), as in Kafka. `partitionTime` is the largest timestamp seen so far in the record's partition,
 * `-1` before the first.
 */
export interface TimestampExtractor {
  extract(record: ConsumerRecord<unknown, unknown>, partitionTime: number): number;
}

/** The default: the record's own timestamp, failing the application on a negative one (Kafka's `FailOnInvalidTimestamp`). */
export class FailOnInvalidTimestamp implements TimestampExtractor {
  extract(record: ConsumerRecord<unknown, unknown>): number {
    if (record.timestamp < 0) {
      throw new StreamsException(
        `Input record ${record.topic}-${record.partition}@${record.offset} has invalid (negative) timestamp. Possibly because a ` +
          'pre-0.10 producer client was used to write this record to Kafka without embedding a timestamp, or because the input ' +
          'topic was created before upgrading the Kafka cluster to 0.10+. Use a different TimestampExtractor to process this data.',
        { code: 'INVALID_TIMESTAMP' },
      );
    }
    return record.timestamp;
  }

  toString(): string {
    return 'FailOnInvalidTimestamp';
  }
}

/** The record's own timestamp; records with a negative one are dropped (Kafka's `LogAndSkipOnInvalidTimestamp`). */
export class LogAndSkipOnInvalidTimestamp implements TimestampExtractor {
  extract(record: ConsumerRecord<unknown, unknown>): number {
    return record.timestamp;
  }
}

/** The record's own timestamp, or the partition time when it is negative (Kafka's `UsePartitionTimeOnInvalidTimestamp`). */
export class UsePartitionTimeOnInvalidTimestamp implements TimestampExtractor {
  extract(record: ConsumerRecord<unknown, unknown>, partitionTime: number): number {
    if (record.timestamp >= 0) return record.timestamp;
    if (partitionTime < 0) {
      throw new StreamsException('Could not infer new timestamp for input record because partition time is unknown.', { code: 'INVALID_TIMESTAMP' });
    }
    return partitionTime;
  }
}

/** The current wall-clock time, ignoring the record (Kafka's `WallclockTimestampExtractor`). */
export class WallclockTimestampExtractor implements TimestampExtractor {
  extract(): number {
    return Date.now();
  }
}

/**
 * Picks the topic each record is written to (Kafka's `TopicNameExtractor`): a function, or an object with
 * `extract`. The topic must exist.
 */
export type TopicNameExtractor<K, V> =
  | ((key: K, value: V, recordContext: RecordContext) => string)
  | { extract(key: K, value: V, recordContext: RecordContext): string };

/**
 * Picks the partition of a record written by a sink (Kafka's `StreamPartitioner`). Return `undefined` to use the
 * producer's default partitioner (murmur2 of the serialized key).
 */
export type StreamPartitioner<K, V> = (topic: string, key: K, value: V, numPartitions: number) => number | undefined;
