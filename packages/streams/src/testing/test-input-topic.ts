import { IllegalArgumentException } from '../common/errors.js';
import type { KeyValue } from '../common/key-value.js';
import type { MaybePromise } from '../internal/runtime/async.js';
import type { Serializer } from '../serialization/serde.js';
import { TestRecord } from './test-record.js';
import type { TopologyTestDriver } from './topology-test-driver.js';

/**
 * Pipes records into one input topic of a {@link TopologyTestDriver} (Kafka's `TestInputTopic`). Records without
 * a timestamp get the topic's current time, which then advances by `autoAdvanceMs`. Each pipe is processed at
 * once; with asynchronous processors the returned Promise settles when it has been.
 */
export class TestInputTopic<K, V> {
  #currentTime: number;

  constructor(
    private readonly driver: TopologyTestDriver,
    readonly topic: string,
    private readonly keySerializer: Serializer<K>,
    private readonly valueSerializer: Serializer<V>,
    startTimestampMs: number,
    private readonly autoAdvanceMs: number,
  ) {
    if (!(autoAdvanceMs >= 0)) throw new IllegalArgumentException('autoAdvance must be positive');
    this.#currentTime = startTimestampMs;
  }

  /** Moves this topic's current time forward. */
  advanceTime(advanceMs: number): void {
    if (!(advanceMs >= 0)) throw new IllegalArgumentException('advance must be positive');
    this.#currentTime += advanceMs;
  }

  /** Pipes a record (its own timestamp, or the topic's current time). */
  pipeInput(record: TestRecord<K, V>): MaybePromise;
  /** Pipes a value with a null key. */
  pipeInput(value: V): MaybePromise;
  /** Pipes a key and a value, with an optional timestamp (ms or Date). */
  pipeInput(key: K | null, value: V, timestamp?: number | Date): MaybePromise;
  pipeInput(...args: unknown[]): MaybePromise {
    if (args.length === 1) {
      const only = args[0];
      const record = only instanceof TestRecord ? (only as TestRecord<K, V>) : new TestRecord(null as K, only as V);
      return this.#pipe(record);
    }
    const [key, value, timestamp] = args as [K, V, number | Date | undefined];
    return this.#pipe(new TestRecord(key, value, null, timestamp ?? null));
  }

  /** Pipes records in order. */
  pipeRecordList(records: readonly TestRecord<K, V>[]): MaybePromise {
    return this.#each(records, (r) => this.#pipe(r));
  }

  /** Pipes key-value pairs in order; with `startTimestampMs`, record i gets `start + i * advanceMs`. */
  pipeKeyValueList(keyValues: readonly KeyValue<K, V>[], startTimestampMs?: number, advanceMs = 0): MaybePromise {
    let time = startTimestampMs;
    return this.#each(keyValues, (kv) => {
      const r = this.pipeInput(kv.key, kv.value, time);
      if (time !== undefined) time += advanceMs;
      return r;
    });
  }

  /** Pipes values with null keys in order; with `startTimestampMs`, value i gets `start + i * advanceMs`. */
  pipeValueList(values: readonly V[], startTimestampMs?: number, advanceMs = 0): MaybePromise {
    let time = startTimestampMs;
    return this.#each(values, (v) => {
      const r = this.pipeInput(null as K, v, time);
      if (time !== undefined) time += advanceMs;
      return r;
    });
  }

  #each<T>(items: readonly T[], pipe: (item: T) => MaybePromise): MaybePromise {
    let last: MaybePromise = undefined;
    for (const item of items) last = pipe(item) ?? last;
    return last;
  }

  #pipe(record: TestRecord<K, V>): MaybePromise {
    let timestamp = record.timestamp();
    if (timestamp === null) {
      timestamp = this.#currentTime;
      this.#currentTime += this.autoAdvanceMs;
    }
    return this.driver.pipeRecord(this.topic, record, this.keySerializer, this.valueSerializer, timestamp);
  }

  toString(): string {
    return `TestInputTopic[topic='${this.topic}', currentTime=${new Date(this.#currentTime).toISOString()}]`;
  }
}
