import { Headers, type Header } from '../common/headers.js';

/**
 * A record piped into or read from the {@link TopologyTestDriver} (Kafka's `TestRecord`): key, value, headers and
 * an optional timestamp. Its fields are plain data, so `expect(a).toEqual(b)` compares records.
 *
 * @example
 * ```ts
 * expect(output.readRecord()).toEqual(new TestRecord('k', 'v', [], 42));
 * ```
 */
export class TestRecord<K, V> {
  private readonly recordKey: K;
  private readonly recordValue: V;
  private readonly recordHeaders: Headers;
  private readonly recordTimestamp: number | null;

  /** A record; without a timestamp the input topic assigns its current time. */
  constructor(key: K, value: V, headers?: Iterable<Header> | null, timestamp?: number | Date | null) {
    this.recordKey = key;
    this.recordValue = value;
    this.recordHeaders = new Headers(headers ?? []);
    this.recordTimestamp = timestamp === undefined || timestamp === null ? null : timestamp instanceof Date ? timestamp.getTime() : timestamp;
    if (this.recordTimestamp !== null && this.recordTimestamp < 0) {
      throw new RangeError(`Timestamp may not be negative. Got: ${this.recordTimestamp}`);
    }
  }

  /** A record with a null key (Kafka's `new TestRecord(value)`). */
  static ofValue<V>(value: V): TestRecord<null, V> {
    return new TestRecord(null, value);
  }

  key(): K {
    return this.recordKey;
  }

  value(): V {
    return this.recordValue;
  }

  headers(): Headers {
    return this.recordHeaders;
  }

  /** The timestamp in ms, or null when none was set. */
  timestamp(): number | null {
    return this.recordTimestamp;
  }

  /** Kafka's `getRecordTime()`: the timestamp as a Date, or null. */
  getRecordTime(): Date | null {
    return this.recordTimestamp === null ? null : new Date(this.recordTimestamp);
  }

  toString(): string {
    const time = this.recordTimestamp === null ? 'null' : new Date(this.recordTimestamp).toISOString();
    return `TestRecord[key=${String(this.recordKey)}, value=${String(this.recordValue)}, headers=${this.recordHeaders.toString()}, recordTime=${time}]`;
  }
}
