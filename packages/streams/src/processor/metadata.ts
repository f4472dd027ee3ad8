import type { Headers } from '../common/headers.js';

/**
 * Where the record being processed came from (Kafka's `RecordMetadata` in the Processor API): its source topic,
 * partition and offset.
 */
export interface RecordMetadata {
  topic(): string;
  partition(): number;
  offset(): number;
}

/**
 * The context a {@link TopicNameExtractor} sees (Kafka's `RecordContext`): the source record's metadata with the
 * timestamp and headers of the record being written.
 */
export interface RecordContext {
  /** The source topic, or `null` for a record forwarded by a punctuation. */
  topic(): string | null;
  /** The source partition, `-1` for a record forwarded by a punctuation. */
  partition(): number;
  /** The source offset, `-1` for a record forwarded by a punctuation. */
  offset(): number;
  timestamp(): number;
  headers(): Headers;
}
