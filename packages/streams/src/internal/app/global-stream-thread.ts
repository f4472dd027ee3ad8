import type { Consumer, TopicPartition, Transport } from '@tributary/client';
import type { ResolvedStreamsConfig } from '../../config/streams-config.js';
import type { StateRestoreListener, StateStore } from '../../processor/state-store.js';
import { isThenable } from '../runtime/async.js';
import { tpKey } from '../processor-state/checkpoint-file.js';
import { GlobalTask } from '../processor-state/global-task.js';
import type { StateDirectory } from '../processor-state/state-directory.js';
import { ThreadCache } from '../state/cache/thread-cache.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { adminConfig, globalConsumerConfig } from './client-configs.js';

export interface GlobalStreamThreadOptions {
  readonly name: string;
  readonly builder: InternalTopologyBuilder;
  readonly config: ResolvedStreamsConfig;
  readonly transport: Transport;
  readonly stateDirectory: StateDirectory;
  readonly cacheMaxBytes: number;
  readonly restoreListener: () => StateRestoreListener | undefined;
  readonly warn: (message: string) => void;
  /** The thread died of this error while running (after bootstrap). */
  readonly onError: (error: Error) => void;
}

/**
 * The global stream thread of one KafkaStreams instance (Kafka's GlobalStreamThread): it reads every partition
 * of the global stores' topics through their state update processors - first up to the end offsets seen at
 * start (`start()` resolves then, before the stream threads start), then continuously. Stores flush and the
 * positions are checkpointed every `commit.interval.ms` and on shutdown.
 */
export class GlobalStreamThread {
  readonly #o: GlobalStreamThreadOptions;
  readonly #task: GlobalTask;
  #consumer: Consumer | undefined;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #starting: Promise<void> | undefined;

  constructor(options: GlobalStreamThreadOptions) {
    this.#o = options;
    let cache: ThreadCache | undefined;
    this.#task = new GlobalTask(options.builder, options.config, {
      directory: options.stateDirectory,
      owner: options.name,
      threadCache: () => (cache ??= new ThreadCache(options.cacheMaxBytes)),
      reader: undefined,
      listener: undefined,
      warn: options.warn,
    }, Date.now, options.warn);
  }

  store(name: string): StateStore | undefined {
    return this.#task.stateStore(name);
  }

  /** Opens the stores and reads the global topics to their current end; then keeps reading in the background. */
  start(): Promise<void> {
    return (this.#starting ??= this.#start());
  }

  async #start(): Promise<void> {
    const { transport, config, name } = this.#o;
    const init = this.#task.initialize();
    if (isThenable(init)) await init;
    const partitions = await this.#partitions();
    const consumer = transport.consumer(globalConsumerConfig(config.props, `${name}-global-consumer`));
    this.#consumer = consumer;
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    const ends = new Map<string, number>();
    for (const tp of partitions) ends.set(tpKey(tp.topic, tp.partition), await consumer.position(tp));
    for (const tp of partitions) {
      const from = this.#task.position(tp.topic, tp.partition);
      if (from === undefined || from > ends.get(tpKey(tp.topic, tp.partition))!) consumer.seekToBeginning([tp]);
      else consumer.seek(tp, from);
    }
    await this.#bootstrap(consumer, partitions, ends);
    if (!this.#stopping) this.#loop = this.#run(consumer);
  }

  async #partitions(): Promise<TopicPartition[]> {
    const admin = this.#o.transport.admin(adminConfig(this.#o.config.props, `${this.#o.name}-admin`));
    try {
      const described = await admin.describeTopics(this.#task.topics());
      return described.flatMap((d) => d.partitions.map((p) => ({ topic: d.name, partition: p.partition })));
    } finally {
      await admin.close();
    }
  }

  /** Reads until every partition reached its end offset, reporting each store's progress to the restore listener. */
  async #bootstrap(consumer: Consumer, partitions: readonly TopicPartition[], ends: ReadonlyMap<string, number>): Promise<void> {
    const listener = this.#o.restoreListener();
    const storeOf = (topic: string) => this.#storeNameOf(topic);
    const remaining = new Set<string>();
    const totals = new Map<string, number>();
    for (const tp of partitions) {
      const key = tpKey(tp.topic, tp.partition);
      const start = await consumer.position(tp);
      if (start >= ends.get(key)!) continue;
      remaining.add(key);
      totals.set(key, 0);
      listener?.onRestoreStart(tp, storeOf(tp.topic), start, ends.get(key)!);
    }
    while (remaining.size > 0 && !this.#stopping) {
      const polled = await consumer.poll(100);
      for (const batch of polled.batches) {
        const r = this.#task.update(batch.topic, batch.partition, batch.records);
        if (isThenable(r)) await r;
        const key = tpKey(batch.topic, batch.partition);
        if (!remaining.has(key) || batch.records.length === 0) continue;
        const last = batch.records[batch.records.length - 1]!.offset;
        totals.set(key, totals.get(key)! + batch.records.length);
        listener?.onBatchRestored({ topic: batch.topic, partition: batch.partition }, storeOf(batch.topic), last, batch.records.length);
      }
      for (const key of [...remaining]) {
        const [topic, partition] = splitKey(key);
        if ((await consumer.position({ topic, partition })) >= ends.get(key)!) {
          remaining.delete(key);
          listener?.onRestoreEnd({ topic, partition }, storeOf(topic), totals.get(key)!);
        }
      }
    }
    const flushed = this.#task.flushState();
    if (isThenable(flushed)) await flushed;
  }

  #storeNameOf(topic: string): string {
    const source = this.#task.topology.sourceByTopic.get(topic);
    const processor = source?.children[0];
    return processor?.context.storeNames[0] ?? topic;
  }

  async #run(consumer: Consumer): Promise<void> {
    let lastFlush = Date.now();
    try {
      while (!this.#stopping) {
        const polled = await consumer.poll(this.#o.config.pollMs);
        for (const batch of polled.batches) {
          const r = this.#task.update(batch.topic, batch.partition, batch.records);
          if (isThenable(r)) await r;
        }
        if (Date.now() - lastFlush >= this.#o.config.commitIntervalMs) {
          const f = this.#task.flushState();
          if (isThenable(f)) await f;
          lastFlush = Date.now();
        }
      }
    } catch (e) {
      if (!this.#stopping) this.#o.onError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Stops reading, flushes and checkpoints the global stores, closes them and the consumer. */
  async shutdown(): Promise<void> {
    this.#stopping = true;
    this.#consumer?.wakeup();
    await this.#starting?.catch(() => undefined);
    this.#consumer?.wakeup();
    await this.#loop;
    try {
      const r = this.#task.close(this.#loop !== undefined);
      if (isThenable(r)) await r;
    } finally {
      await this.#consumer?.close().catch((e: unknown) => this.#o.warn(`closing the global consumer failed: ${(e as Error).message}`));
    }
  }
}

function splitKey(key: string): [string, number] {
  const dash = key.lastIndexOf('-');
  return [key.slice(0, dash), Number(key.slice(dash + 1))];
}
