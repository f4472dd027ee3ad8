import { IllegalArgumentException, IllegalStateException, StreamsException } from '../common/errors.js';
import { Headers, type Header } from '../common/headers.js';
import { resolveStreamsConfig, type StreamsProps } from '../config/streams-config.js';
import { andThen, isThenable, loop, type MaybePromise } from '../internal/runtime/async.js';
import { StreamTask } from '../internal/runtime/stream-task.js';
import { Fifo } from '../internal/runtime/fifo.js';
import { sourceFor } from '../internal/runtime/task-topology.js';
import type { SerializedRecord } from '../internal/runtime/task-services.js';
import type { StateStore } from '../processor/state-store.js';
import { TaskId } from '../processor/task-id.js';
import type { Deserializer, Serializer } from '../serialization/serde.js';
import { internalTopologyBuilder, type Topology } from '../topology/topology.js';
import { TestInputTopic } from './test-input-topic.js';
import { TestOutputTopic } from './test-output-topic.js';
import { TestRecord } from './test-record.js';

const TASK_ID = new TaskId(0, 0);

/**
 * Runs a topology without a broker (Kafka's `TopologyTestDriver`): records piped into input topics are processed
 * at once, one at a time, by a single task holding every sub-topology; records written to topics the topology
 * also reads (repartition topics) are fed back in; everything written is captured per topic with its timestamp
 * and headers. Wall-clock time is a mock clock that only `advanceWallClockTime` moves.
 *
 * Every method finishes synchronously when the topology does. If a processor returns a Promise, `pipeInput`,
 * `advanceWallClockTime` and `close` return one too: await it before reading the output.
 *
 * @example
 * ```ts
 * const driver = new TopologyTestDriver(builder.build(), { 'application.id': 'test' });
 * const input = driver.createInputTopic('input', Serdes.String().serializer(), Serdes.String().serializer());
 * const output = driver.createOutputTopic('output', Serdes.String().deserializer(), Serdes.String().deserializer());
 * input.pipeInput('k', 'v');
 * expect(output.readKeyValue()).toEqual(KeyValue.pair('k', 'V'));
 * driver.close();
 * ```
 */
export class TopologyTestDriver {
  readonly #task: StreamTask | undefined;
  readonly #output = new Map<string, Fifo<SerializedRecord>>();
  readonly #produced: SerializedRecord[] = [];
  readonly #offsets = new Map<string, number>();
  readonly #sinkTopics: ReadonlySet<string>;
  #wallClock: number;
  #inflight: Promise<void> | undefined;
  #closed = false;

  /**
   * @param props Streams settings; `application.id` defaults to a random `dummy-topology-test-driver-app-id-<n>`.
   * @param initialWallClockTimeMs The mock wall clock's start (default: now).
   */
  constructor(topology: Topology, props: StreamsProps = {}, initialWallClockTimeMs: number = Date.now()) {
    const config = resolveStreamsConfig(props, `dummy-topology-test-driver-app-id-${(Math.random() * 2 ** 31) | 0}`);
    this.#wallClock = initialWallClockTimeMs;
    const builder = internalTopologyBuilder(topology);
    const sinks = new Set<string>();
    for (const def of builder.nodeFactories.values()) if (def.kind === 'sink' && def.topic !== undefined) sinks.add(builder.decorateTopic(def.topic, config.applicationId));
    this.#sinkTopics = sinks;
    if (builder.nodeFactories.size === 0) return;
    this.#task = new StreamTask({
      id: TASK_ID,
      builder,
      nodeNames: undefined,
      config,
      collector: { send: (r) => void this.#produced.push(r), partitionsFor: () => 1, offsets: () => new Map() },
      time: () => this.#wallClock,
    });
    const init = this.#task.init();
    if (isThenable(init)) this.#inflight = this.#track(init);
  }

  /** An input topic with serializers; records without a timestamp get `startTimestampMs` (default now), advancing by `autoAdvanceMs`. */
  createInputTopic<K, V>(topic: string, keySerializer: Serializer<K>, valueSerializer: Serializer<V>, startTimestampMs: number | Date = Date.now(), autoAdvanceMs = 0): TestInputTopic<K, V> {
    return new TestInputTopic(this, topic, keySerializer, valueSerializer, startTimestampMs instanceof Date ? startTimestampMs.getTime() : startTimestampMs, autoAdvanceMs);
  }

  /** An output topic with deserializers. */
  createOutputTopic<K, V>(topic: string, keyDeserializer: Deserializer<K>, valueDeserializer: Deserializer<V>): TestOutputTopic<K, V> {
    return new TestOutputTopic(this, topic, keyDeserializer, valueDeserializer);
  }

  /** Every topic written to so far, internal ones (`<application.id>-...-repartition`) included. */
  producedTopicNames(): ReadonlySet<string> {
    return new Set(this.#output.keys());
  }

  /** Moves the mock wall clock, firing the wall-clock punctuations that come due. */
  advanceWallClockTime(advanceMs: number): MaybePromise {
    if (!(advanceMs >= 0)) throw new IllegalArgumentException('advance must be non-negative');
    this.#checkOpen();
    return this.#whenIdle(() => {
      this.#wallClock += advanceMs;
      const task = this.#task;
      if (task === undefined) return this.#completeAllProcessableWork();
      return andThen(task.maybePunctuateSystemTime(), () => andThen(this.#commit(), () => this.#completeAllProcessableWork()));
    });
  }

  /** A store of the topology (Kafka's `getStateStore`), or undefined. */
  getStateStore<S extends StateStore = StateStore>(name: string): S | undefined {
    return this.#task?.stateStore(name) as S | undefined;
  }

  /** Every store by name (Kafka's `getAllStateStores`). */
  getAllStateStores(): ReadonlyMap<string, StateStore> {
    return new Map(this.#task?.topology.stores ?? []);
  }

  /** Closes the processors and stores (Kafka's `close()`). */
  close(): MaybePromise {
    if (this.#closed) return undefined;
    return this.#whenIdle(() => {
      this.#closed = true;
      const task = this.#task;
      if (task === undefined) return undefined;
      return andThen(this.#commit(), () => andThen(task.close(), () => this.#capture()));
    });
  }

  // --- package-internal: used by TestInputTopic / TestOutputTopic ---------------------------------------------

  /** @internal Serializes and pipes one record (Kafka's pipeRecord). */
  pipeRecord<K, V>(topic: string, record: TestRecord<K, V>, keySerializer: Serializer<K>, valueSerializer: Serializer<V>, timestamp: number): MaybePromise {
    this.#checkOpen();
    const headers = record.headers();
    const key = keySerializer.serialize(topic, record.key(), headers);
    const value = valueSerializer.serialize(topic, record.value(), headers);
    const task = this.#task;
    if (task === undefined || sourceFor(task.topology, topic) === undefined) throw new IllegalArgumentException(`Unknown topic: ${topic}`);
    this.#enqueue({ topic, partition: 0, timestamp, key, value, headers: headers.toArray() });
    // While an asynchronous round runs, this record waits in the task's queue; the next round picks it up.
    return this.#whenIdle(() => this.#completeAllProcessableWork());
  }

  /** @internal Reads and deserializes the next output record (Kafka's readRecord). */
  readRecord<K, V>(topic: string, keyDeserializer: Deserializer<K>, valueDeserializer: Deserializer<V>): TestRecord<K, V> {
    this.#checkSettled();
    const queue = this.#queueOf(topic);
    if (queue === undefined) throw new StreamsException(`Uninitialized topic: ${topic}`, { code: 'NO_SUCH_ELEMENT' });
    const record = queue.shift();
    if (record === undefined) throw new StreamsException(`Empty topic: ${topic}`, { code: 'NO_SUCH_ELEMENT' });
    const headers = new Headers(record.headers);
    const key = keyDeserializer.deserialize(record.topic, record.key, headers);
    const value = valueDeserializer.deserialize(record.topic, record.value, headers);
    return new TestRecord(key, value, headers, record.timestamp);
  }

  /** @internal Output records waiting in a topic. */
  queueSize(topic: string): number {
    this.#checkSettled();
    return this.#queueOf(topic)?.length ?? 0;
  }

  // --- internals -----------------------------------------------------------------------------------------------

  #queueOf(topic: string): Fifo<SerializedRecord> | undefined {
    const queue = this.#output.get(topic);
    if (queue === undefined && !this.#sinkTopics.has(topic)) {
      console.warn(
        `Unrecognized topic: ${topic}, this can occur if dynamic routing is used and no output has been sent to this topic yet. ` +
          'If not using a TopicNameExtractor, check that the output topic is correct.',
      );
    }
    return queue;
  }

  #enqueue(r: { topic: string; partition: number; timestamp: number; key: Buffer | null; value: Buffer | null; headers: readonly Header[] }): void {
    const offset = this.#offsets.get(r.topic) ?? 0;
    this.#offsets.set(r.topic, offset + 1);
    this.#task!.addRecords(r.topic, 0, [
      { topic: r.topic, partition: 0, offset, timestamp: r.timestamp, timestampType: 'CreateTime', key: r.key, value: r.value, headers: r.headers },
    ]);
  }

  /** Moves produced records to the output queues; records for topics the topology reads go back in. */
  #capture(): void {
    const task = this.#task;
    for (const record of this.#produced.splice(0)) {
      let queue = this.#output.get(record.topic);
      if (queue === undefined) this.#output.set(record.topic, (queue = new Fifo()));
      queue.push(record);
      if (task !== undefined && sourceFor(task.topology, record.topic) !== undefined) {
        this.#enqueue({ topic: record.topic, partition: 0, timestamp: record.timestamp, key: record.key, value: record.value, headers: record.headers });
      }
    }
  }

  #commit(): MaybePromise {
    const task = this.#task;
    if (task === undefined || !(task.commitNeeded || task.commitRequested)) return undefined;
    return andThen(task.flush(), () => task.markCommitted());
  }

  /** Processes everything queued: record, stream-time punctuation, commit, capture - until nothing is left. */
  #completeAllProcessableWork(): MaybePromise {
    this.#capture();
    const task = this.#task;
    if (task === undefined) return undefined;
    return loop(() => {
      if (!task.hasRecordsQueued()) return false;
      const processed = task.process();
      const after = () => andThen(task.maybePunctuateStreamTime(), () => andThen(this.#commit(), () => this.#capture()));
      const r = andThen(processed, after);
      return isThenable(r) ? r.then(() => true) : true;
    });
  }

  #track(p: Promise<unknown>): Promise<void> {
    const tracked = p.then(
      () => {
        if (this.#inflight === tracked) this.#inflight = undefined;
      },
      (e: unknown) => {
        if (this.#inflight === tracked) this.#inflight = undefined;
        throw e;
      },
    );
    this.#inflight = tracked;
    return tracked;
  }

  #whenIdle(work: () => MaybePromise): MaybePromise {
    const inflight = this.#inflight;
    if (inflight !== undefined) return this.#track(inflight.then(work));
    const r = work();
    return r === undefined ? undefined : this.#track(r);
  }

  #checkSettled(): void {
    if (this.#inflight !== undefined) {
      throw new IllegalStateException('The topology is still processing asynchronously: await the Promise pipeInput() returned before reading output');
    }
  }

  #checkOpen(): void {
    if (this.#closed) throw new IllegalStateException('TopologyTestDriver is closed');
  }
}
