import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IllegalArgumentException, IllegalStateException, StreamsException } from '../common/errors.js';
import { Headers, type Header } from '../common/headers.js';
import { resolveStreamsConfig, type StreamsProps } from '../config/streams-config.js';
import { andThen, isThenable, loop, type MaybePromise } from '../internal/runtime/async.js';
import { BackgroundWrites } from './background-writes.js';
import { StreamTask } from '../internal/runtime/stream-task.js';
import { Fifo } from '../internal/runtime/fifo.js';
import { sourceFor } from '../internal/runtime/task-topology.js';
import type { RecordCollector, SerializedRecord } from '../internal/runtime/task-services.js';
import { GlobalTask } from '../internal/processor-state/global-task.js';
import { StateDirectory } from '../internal/processor-state/state-directory.js';
import type { StateOptions } from '../internal/processor-state/task-state-manager.js';
import { ThreadCache } from '../internal/state/cache/thread-cache.js';
import { MetricsRegistry } from '../internal/metrics/metrics-registry.js';
import type { MetricsSnapshot } from '../app/metrics.js';
import type { StateStore } from '../processor/state-store.js';
import type { KeyValueStore, TimestampedKeyValueStore } from '../state/key-value-store.js';
import type { SessionStore } from '../state/session-store.js';
import type { ValueAndTimestamp } from '../state/value-and-timestamp.js';
import type { TimestampedWindowStore, WindowStore } from '../state/window-store.js';
import { TaskId } from '../processor/task-id.js';
import type { Deserializer, Serializer } from '../serialization/serde.js';
import { internalTopologyBuilder, type Topology } from '../topology/topology.js';
import { TestInputTopic } from './test-input-topic.js';
import { TestOutputTopic } from './test-output-topic.js';
import { TestRecord } from './test-record.js';
import { isKeyValueStore, isSessionStore, isTimestamped, isWindowStore } from '../internal/query/store-kinds.js';
import { keyValueStoreFacade, windowStoreFacade } from './store-facades.js';

const TASK_ID = new TaskId(0, 0);

/**
 * Runs a topology without a broker (Kafka's `TopologyTestDriver`): records piped into input topics are processed
 * at once, one at a time, by a single task holding every sub-topology; records written to topics the topology
 * also reads (repartition topics) are fed back in; everything written is captured per topic with its timestamp
 * and headers. Wall-clock time is a mock clock that only `advanceWallClockTime` moves.
 *
 * Every method finishes synchronously when the topology does. If a processor returns a Promise, `pipeInput`,
 * `advanceWallClockTime` and `close` return one too: await it before reading the output. Opening LevelDB stores
 * is asynchronous: with persistent stores, `await driver.ready()` first (or await the first `pipeInput`); after
 * that the driver is synchronous - stores write their batches in the background, and reads see them at once.
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
  readonly #global: GlobalTask | undefined;
  /** The temporary state directory this driver made (removed by close), when `state.dir` was not given. */
  readonly #tempStateDir: string | undefined;
  /** The next offset per topic-partition of partitioned output (changelogs): what the checkpoint records. */
  readonly #outputOffsets = new Map<string, number>();
  readonly #output = new Map<string, Fifo<SerializedRecord>>();
  readonly #produced: SerializedRecord[] = [];
  readonly #offsets = new Map<string, number>();
  readonly #sinkTopics: ReadonlySet<string>;
  readonly #metrics: MetricsRegistry;
  #wallClock: number;
  #inflight: Promise<void> | undefined;
  readonly #writes = new BackgroundWrites();
  #closed = false;

  /**
   * @param props Streams settings; `application.id` defaults to a random `dummy-topology-test-driver-app-id-<n>`.
   * @param initialWallClockTimeMs The mock wall clock's start (default: now).
   */
  constructor(topology: Topology, props: StreamsProps = {}, initialWallClockTimeMs: number = Date.now()) {
    const fallbackId = `dummy-topology-test-driver-app-id-${(Math.random() * 2 ** 31) | 0}`;
    // Only a path: the directory appears when a persistent store needs it.
    this.#tempStateDir = props['state.dir'] === undefined ? join(tmpdir(), `kafka-streams-test-driver-${randomUUID()}`) : undefined;
    const config = resolveStreamsConfig(this.#tempStateDir === undefined ? props : { ...props, 'state.dir': this.#tempStateDir }, fallbackId);
    this.#wallClock = initialWallClockTimeMs;
    const builder = internalTopologyBuilder(topology);
    const sinks = new Set<string>();
    for (const def of builder.nodeFactories.values()) if (def.kind === 'sink' && def.topic !== undefined) sinks.add(builder.decorateTopic(def.topic, config.applicationId));
    this.#sinkTopics = sinks;
    // Partition 0 of every named source topic is the task's input from the start, as in Kafka's driver: an empty
    // one holds processing back while max.task.idle.ms > 0 (pattern topics join when first piped).
    const partitions: { topic: string; partition: number }[] = [];
    for (const [name, def] of builder.nodeFactories) {
      if (def.kind !== 'source' || builder.globalNodeNames().has(name)) continue;
      for (const t of def.topics ?? []) partitions.push({ topic: builder.decorateTopic(t, config.applicationId), partition: 0 });
    }
    // One record cache for the driver, as one stream thread has (Kafka's driver makes its own ThreadCache).
    let cache: ThreadCache | undefined;
    const state: StateOptions = {
      directory: new StateDirectory(config.stateDir, config.applicationId),
      owner: `test-driver-${fallbackId}`,
      threadCache: () => (cache ??= new ThreadCache(config.cacheMaxBytes)),
      reader: undefined,
      listener: undefined,
      warn: (m) => console.warn(m),
    };
    const time = () => this.#wallClock;
    // Kafka's driver has its own metrics registry on the mock clock; its thread-id tag is the calling thread's name.
    this.#metrics = new MetricsRegistry(time);
    if (builder.globalStateFactories.size > 0) {
      this.#global = new GlobalTask(builder, config, state, time, (m) => console.warn(m));
    }
    const hasTask = [...builder.nodeFactories.keys()].some((n) => !builder.globalNodeNames().has(n));
    if (hasTask) {
      this.#task = new StreamTask({
        id: TASK_ID,
        builder,
        nodeNames: undefined,
        config,
        collector: this.#collector(),
        time,
        state,
        globalStores: (name) => this.#global?.stateStore(name),
        partitions,
        metrics: { registry: this.#metrics, threadId: 'main' },
      });
    }
    const init = andThen(this.#global?.initialize(), () => this.#task?.init());
    if (isThenable(init)) this.#inflight = this.#track(init);
  }

  #collector(): RecordCollector {
    return {
      send: (r) => {
        this.#produced.push(r);
        if (r.partition !== undefined) {
          const key = `${r.topic}-${r.partition}`;
          this.#outputOffsets.set(key, (this.#outputOffsets.get(key) ?? -1) + 1);
        }
      },
      partitionsFor: () => 1,
      offsets: () => this.#outputOffsets,
    };
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

  /**
   * The driver's metrics (Kafka's `metrics()`): the task-level ones of group `stream-task-metrics` with tags
   * `thread-id` = `main` and `task-id` = `0_0` - `dropped-records-total`/`-rate` (records skipped: invalid
   * timestamps, deserialization errors under LogAndContinue, null keys, records after window end + grace, ...),
   * `enforced-processing-total`/`-rate` and `process-total`/`-rate`. Rates are measured on the mock clock. Look a
   * metric up by its `MetricName`, or by name alone.
   */
  metrics(): MetricsSnapshot {
    return this.#metrics.snapshot();
  }

  /** A store of the topology, global stores included (Kafka's `getStateStore`), or undefined. */
  getStateStore<S extends StateStore = StateStore>(name: string): S | undefined {
    return (this.#task?.stateStore(name) ?? this.#global?.stateStore(name)) as S | undefined;
  }

  /**
   * A key-value store (Kafka's `getKeyValueStore`), or undefined. A timestamped store is shown as a plain one:
   * values without their timestamps (Kafka's KeyValueStoreFacade).
   */
  getKeyValueStore<K, V>(name: string): KeyValueStore<K, V> | undefined {
    const store = this.getStateStore(name);
    if (store === undefined || !isKeyValueStore(store)) return undefined;
    return isTimestamped(store) ? keyValueStoreFacade(store as unknown as TimestampedKeyValueStore<K, V>) : (store as unknown as KeyValueStore<K, V>);
  }

  /** A timestamped key-value store (Kafka's `getTimestampedKeyValueStore`), or undefined (also for a plain one). */
  getTimestampedKeyValueStore<K, V>(name: string): KeyValueStore<K, ValueAndTimestamp<V>> | undefined {
    const store = this.getStateStore(name);
    return store !== undefined && isKeyValueStore(store) && isTimestamped(store) ? (store as unknown as TimestampedKeyValueStore<K, V>) : undefined;
  }

  /** A window store (Kafka's `getWindowStore`), or undefined; a timestamped one is shown as a plain one. */
  getWindowStore<K, V>(name: string): WindowStore<K, V> | undefined {
    const store = this.getStateStore(name);
    if (store === undefined || !isWindowStore(store)) return undefined;
    return isTimestamped(store) ? windowStoreFacade(store as unknown as TimestampedWindowStore<K, V>) : (store as unknown as WindowStore<K, V>);
  }

  /** A timestamped window store (Kafka's `getTimestampedWindowStore`), or undefined. */
  getTimestampedWindowStore<K, V>(name: string): TimestampedWindowStore<K, V> | undefined {
    const store = this.getStateStore(name);
    return store !== undefined && isWindowStore(store) && isTimestamped(store) ? (store as unknown as TimestampedWindowStore<K, V>) : undefined;
  }

  /** A session store (Kafka's `getSessionStore`), or undefined. */
  getSessionStore<K, V>(name: string): SessionStore<K, V> | undefined {
    const store = this.getStateStore(name);
    return store !== undefined && isSessionStore(store) ? (store as unknown as SessionStore<K, V>) : undefined;
  }

  /** Every store by name, global ones included (Kafka's `getAllStateStores`). */
  getAllStateStores(): ReadonlyMap<string, StateStore> {
    return new Map([...(this.#task?.topology.stores ?? []), ...(this.#global?.topology.stores ?? [])]);
  }

  /**
   * Resolves once the stores are open and the processors initialised (LevelDB opens asynchronously); from then on
   * `pipeInput` is synchronous unless a processor is asynchronous. Rejects if initialisation failed.
   */
  ready(): Promise<void> {
    return this.#inflight === undefined ? Promise.resolve() : this.#inflight.then(() => this.ready());
  }

  /**
   * Commits, closes the processors and stores - writing their checkpoints - and removes the temporary state
   * directory when the driver made one (Kafka's `close()`).
   */
  close(): MaybePromise {
    if (this.#closed) return undefined;
    return this.#whenIdle(() => {
      this.#closed = true;
      const task = this.#task;
      const closeTask = () =>
        task === undefined ? undefined : andThen(this.#commit(), () => andThen(this.#writes.done(), () => andThen(task.close(), () => this.#capture())));
      const closeGlobal = () => this.#global?.close(true);
      return andThen(closeTask(), () => andThen(closeGlobal(), () => this.#removeTempDir()));
    });
  }

  #removeTempDir(): void {
    if (this.#tempStateDir !== undefined) rmSync(this.#tempStateDir, { recursive: true, force: true });
  }

  // --- package-internal: used by TestInputTopic / TestOutputTopic ---------------------------------------------

  /** @internal Serializes and pipes one record (Kafka's pipeRecord). */
  pipeRecord<K, V>(topic: string, record: TestRecord<K, V>, keySerializer: Serializer<K>, valueSerializer: Serializer<V>, timestamp: number): MaybePromise {
    this.#checkOpen();
    const headers = record.headers();
    const key = keySerializer.serialize(topic, record.key(), headers);
    const value = valueSerializer.serialize(topic, record.value(), headers);
    const task = this.#task;
    const raw = { topic, partition: 0, timestamp, key, value, headers: headers.toArray() };
    if (task === undefined || sourceFor(task.topology, topic) === undefined) {
      const global = this.#global;
      if (global === undefined || !global.topics().includes(topic)) throw new IllegalArgumentException(`Unknown topic: ${topic}`);
      // A global topic updates the global stores at once, then they are flushed (Kafka's driver does the same).
      return this.#whenIdle(() => {
        const offset = this.#nextInputOffset(topic);
        return andThen(global.update(topic, 0, [{ ...raw, offset, timestampType: 'CreateTime' }]), () => global.flushState());
      });
    }
    this.#enqueue(raw);
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

  #nextInputOffset(topic: string): number {
    const offset = this.#offsets.get(topic) ?? 0;
    this.#offsets.set(topic, offset + 1);
    return offset;
  }

  #enqueue(r: { topic: string; partition: number; timestamp: number; key: Buffer | null; value: Buffer | null; headers: readonly Header[] }): void {
    const offset = this.#nextInputOffset(r.topic);
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

  /**
   * Kafka's driver commits after every record: the stores flush (caches forward at once, LevelDB writes in the
   * background - see BackgroundWrites), then the checkpoint is written.
   */
  #commit(): MaybePromise {
    const task = this.#task;
    if (task === undefined || !(task.commitNeeded || task.commitRequested)) return undefined;
    const { forwarded, written } = task.startFlush();
    task.markCommitted();
    this.#writes.add(written, () => task.checkpoint());
    return forwarded;
  }

  /**
   * Processes everything processable: record, stream-time punctuation, commit, capture - until nothing is left
   * or `max.task.idle.ms` holds the task back (records then wait for the empty topics or advanceWallClockTime).
   */
  #completeAllProcessableWork(): MaybePromise {
    this.#capture();
    const task = this.#task;
    if (task === undefined) return undefined;
    return loop(() => {
      // Kafka's driver reads lags from a MockConsumer that models every partition as caught up.
      for (const tp of task.partitionsAwaitingLag()) task.updateLag(tp.topic, tp.partition, 0);
      if (!task.hasRecordsQueued()) return false;
      const processed = task.process();
      const after = (done: boolean): boolean | Promise<boolean> => {
        if (!done) return false;
        const r = andThen(task.maybePunctuateStreamTime(), () => andThen(this.#commit(), () => this.#capture()));
        return isThenable(r) ? r.then(() => true) : true;
      };
      return isThenable(processed) ? processed.then(after) : after(processed);
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
    this.#writes.check();
  }
}
