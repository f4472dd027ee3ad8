import type { Headers } from '../common/headers.js';

/**
 * Turns a value into bytes for a topic (Kafka's `Serializer`). `null` serializes to `null` (a tombstone value or
 * a null key) in every built-in serializer, as in Kafka.
 */
export interface Serializer<T> {
  /** The bytes for `data` written to `topic`; may read or add `headers`. */
  serialize(topic: string, data: T | null, headers?: Headers): Buffer | null;
  /** Called once with the application's configs before use (Kafka's `configure(configs, isKey)`). */
  configure?(configs: Readonly<Record<string, unknown>>, isKey: boolean): void;
  /** Releases resources; called when the application closes. */
  close?(): void;
}

/**
 * Turns bytes read from a topic back into a value (Kafka's `Deserializer`). `null` bytes deserialize to `null`
 * in every built-in deserializer, as in Kafka, even where the type parameter does not say so: keys and values
 * read from Kafka may always be absent.
 */
export interface Deserializer<T> {
  /** The value of `data` read from `topic`. */
  deserialize(topic: string, data: Buffer | null, headers?: Headers): T;
  /** Called once with the application's configs before use (Kafka's `configure(configs, isKey)`). */
  configure?(configs: Readonly<Record<string, unknown>>, isKey: boolean): void;
  /** Releases resources; called when the application closes. */
  close?(): void;
}

/** A serializer and a deserializer for one type (Kafka's `Serde`). */
export interface Serde<T> {
  serializer(): Serializer<T>;
  deserializer(): Deserializer<T>;
  configure?(configs: Readonly<Record<string, unknown>>, isKey: boolean): void;
  close?(): void;
}

/**
 * A {@link Serde} from a serializer and a deserializer (Kafka's `Serdes.serdeFrom(serializer, deserializer)`).
 *
 * @example
 * ```ts
 * const upper = serdeFrom<string>(
 *   { serialize: (_t, s) => (s === null ? null : Buffer.from(s.toUpperCase())) },
 *   { deserialize: (_t, b) => (b === null ? null : b.toString()) as string },
 * );
 * ```
 */
export function serdeFrom<T>(serializer: Serializer<T>, deserializer: Deserializer<T>): Serde<T> {
  return {
    serializer: () => serializer,
    deserializer: () => deserializer,
    configure(configs, isKey) {
      serializer.configure?.(configs, isKey);
      deserializer.configure?.(configs, isKey);
    },
    close() {
      serializer.close?.();
      deserializer.close?.();
    },
  };
}
