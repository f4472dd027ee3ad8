import { StreamsException } from '../common/errors.js';
import { Headers, type Header } from '../common/headers.js';

// Headers are copied lazily. Kafka copies a record's headers on every withKey/withValue/...; here a derived
// record shares its parent's headers until one of them asks for `headers()` (which hands out a private copy).
// Sharing drops ownership on both sides, so nobody ever mutates a shared list. On the hot path (filter/map/to
// with no headers) no header object is allocated at all.

function checkTimestamp(timestamp: number): number {
  if (!(timestamp >= 0)) {
    throw new StreamsException('Malformed Record', { cause: new RangeError(`Timestamp may never be negative but got: ${timestamp}`) });
  }
  return timestamp;
}

/** Package-internal access to records (set up by the classes' static blocks; not exported from the package). */
export const internals = {} as {
  /** Whether a record has at least one header, without making a Headers object for it. */
  recordHasHeaders: (r: Record<unknown, unknown>) => boolean;
  /** Gives up ownership of a record's headers and returns them for sharing (undefined when there are none). */
  recordHeadersForSharing: (r: Record<unknown, unknown>) => Headers | undefined;
  /** A record sharing (not copying) the given headers. */
  recordWithSharedHeaders: <K, V>(key: K, value: V, timestamp: number, headers: Headers | undefined) => Record<K, V>;
  /** Kafka's InternalFixedKeyRecordFactory: a fixed-key view of a record, sharing its headers. */
  fixedKeyFromRecord: <K, V>(r: Record<K, V>) => FixedKeyRecord<K, V>;
  /** A fixed-key record back as a plain record, for the children of a fixed-key processor. */
  fixedKeyToRecord: <K, V>(r: FixedKeyRecord<K, V>) => Record<K, V>;
};

function toHeaders(headers: Headers | Iterable<Header> | undefined): Headers | undefined {
  if (headers === undefined) return undefined;
  return new Headers(headers);
}

/**
 * A data record of the Processor API (Kafka's `org.apache.kafka.streams.processor.api.Record`): key, value,
 * timestamp and headers. Immutable apart from its headers: the `with*` methods return a new record.
 *
 * @example
 * ```ts
 * context.forward(record.withValue(record.value().toUpperCase()).withTimestamp(record.timestamp() + 1));
 * ```
 */
export class Record<K, V> {
  readonly #key: K;
  readonly #value: V;
  readonly #timestamp: number;
  #headers: Headers | undefined;
  #ownsHeaders: boolean;

  /** A record; `timestamp` must not be negative. The headers are copied. */
  constructor(key: K, value: V, timestamp: number, headers?: Headers | Iterable<Header>) {
    this.#key = key;
    this.#value = value;
    this.#timestamp = checkTimestamp(timestamp);
    this.#headers = toHeaders(headers);
    this.#ownsHeaders = true;
  }

  key(): K {
    return this.#key;
  }

  value(): V {
    return this.#value;
  }

  /** Milliseconds since the epoch. */
  timestamp(): number {
    return this.#timestamp;
  }

  /** This record's headers, which you may change; they are this record's own. */
  headers(): Headers {
    if (!this.#ownsHeaders || this.#headers === undefined) {
      this.#headers = new Headers(this.#headers ?? []);
      this.#ownsHeaders = true;
    }
    return this.#headers;
  }

  withKey<NewK>(key: NewK): Record<NewK, V> {
    return Record.#derive(this, key, this.#value, this.#timestamp);
  }

  withValue<NewV>(value: NewV): Record<K, NewV> {
    return Record.#derive(this, this.#key, value, this.#timestamp);
  }

  withTimestamp(timestamp: number): Record<K, V> {
    return Record.#derive(this, this.#key, this.#value, checkTimestamp(timestamp));
  }

  withHeaders(headers: Headers | Iterable<Header>): Record<K, V> {
    return new Record(this.#key, this.#value, this.#timestamp, headers);
  }

  toString(): string {
    return `Record{key=${String(this.#key)}, value=${String(this.#value)}, timestamp=${this.#timestamp}, headers=${this.headers().toString()}}`;
  }

  static #derive<K2, V2>(from: Record<unknown, unknown>, key: K2, value: V2, timestamp: number): Record<K2, V2> {
    const r = new Record<K2, V2>(key, value, timestamp);
    if (from.#headers !== undefined && from.#headers.size > 0) {
      r.#headers = from.#headers;
      r.#ownsHeaders = false;
      from.#ownsHeaders = false;
    }
    return r;
  }

  static {
    internals.recordHasHeaders = (r) => r.#headers !== undefined && r.#headers.size > 0;
    internals.recordHeadersForSharing = (r) => {
      if (r.#headers === undefined || r.#headers.size === 0) return undefined;
      r.#ownsHeaders = false;
      return r.#headers;
    };
    internals.recordWithSharedHeaders = (key, value, timestamp, headers) => {
      const r = new Record(key, value, timestamp);
      if (headers !== undefined) {
        r.#headers = headers;
        r.#ownsHeaders = false;
      }
      return r;
    };
  }
}

/**
 * The record a {@link FixedKeyProcessor} sees (Kafka's `FixedKeyRecord`): like {@link Record} but without
 * `withKey`, so the key - and with it the partitioning - cannot change. Only the runtime creates them.
 */
export class FixedKeyRecord<K, V> {
  readonly #key: K;
  readonly #value: V;
  readonly #timestamp: number;
  #headers: Headers | undefined;
  #ownsHeaders: boolean;

  private constructor(key: K, value: V, timestamp: number, headers: Headers | undefined, owns: boolean) {
    this.#key = key;
    this.#value = value;
    this.#timestamp = timestamp;
    this.#headers = headers;
    this.#ownsHeaders = owns;
  }

  key(): K {
    return this.#key;
  }

  value(): V {
    return this.#value;
  }

  timestamp(): number {
    return this.#timestamp;
  }

  headers(): Headers {
    if (!this.#ownsHeaders || this.#headers === undefined) {
      this.#headers = new Headers(this.#headers ?? []);
      this.#ownsHeaders = true;
    }
    return this.#headers;
  }

  withValue<NewV>(value: NewV): FixedKeyRecord<K, NewV> {
    return new FixedKeyRecord(this.#key, value, this.#timestamp, this.#share(), false);
  }

  withTimestamp(timestamp: number): FixedKeyRecord<K, V> {
    return new FixedKeyRecord(this.#key, this.#value, checkTimestamp(timestamp), this.#share(), false);
  }

  withHeaders(headers: Headers | Iterable<Header>): FixedKeyRecord<K, V> {
    return new FixedKeyRecord(this.#key, this.#value, this.#timestamp, new Headers(headers), true);
  }

  #share(): Headers | undefined {
    if (this.#headers === undefined || this.#headers.size === 0) return undefined;
    this.#ownsHeaders = false;
    return this.#headers;
  }

  static {
    internals.fixedKeyFromRecord = (r) => new FixedKeyRecord(r.key(), r.value(), r.timestamp(), internals.recordHeadersForSharing(r as Record<unknown, unknown>), false);
    internals.fixedKeyToRecord = (r) => internals.recordWithSharedHeaders(r.#key, r.#value, r.#timestamp, r.#share());
  }

  toString(): string {
    return `FixedKeyRecord{key=${String(this.#key)}, value=${String(this.#value)}, timestamp=${this.#timestamp}, headers=${this.headers().toString()}}`;
  }
}
