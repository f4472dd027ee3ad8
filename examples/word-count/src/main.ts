#!/usr/bin/env node
/**
 * Kafka's WordCountDemo on Tributary, the README's first command. By default it starts the broker inside this
 * process (no port), creates the topics, feeds the three lines of Kafka's quickstart, runs the word-count
 * topology with `statestore.cache.max.bytes=0`, prints every count change as Kafka's console consumer would
 * (`word<TAB>count`) and exits once everything fed has been counted. `--bootstrap-server` runs the same
 * application against a broker over TCP (the kafkajs transport); `--help` lists the options.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '@tributary/broker';
import { inProcess, kafkajs, type Transport } from '@tributary/client';
import { KafkaStreams, Serdes, type StateRestoreListener } from '@tributary/streams';
import { caughtUp } from './caught-up.js';
import { parseOptions, USAGE, type WordCountOptions } from './options.js';
import { buildWordCountTopology, INPUT_TOPIC, OUTPUT_TOPIC, STORE_NAME } from './topology.js';

/** The input of Kafka's quickstart ("Process some data"), whose 11 count updates the demo prints. */
export const QUICKSTART_LINES = ['all streams lead to kafka', 'hello kafka streams', 'join kafka summit'];

async function ensureTopics(transport: Transport, partitions: number): Promise<void> {
  const admin = transport.admin();
  try {
    const existing = new Set(await admin.listTopics());
    const wanted = [
      { name: INPUT_TOPIC, numPartitions: partitions },
      { name: OUTPUT_TOPIC, numPartitions: partitions, configs: { 'cleanup.policy': 'compact' } },
    ].filter((t) => !existing.has(t.name));
    if (wanted.length > 0) await admin.createTopics(wanted);
  } finally {
    await admin.close();
  }
}

async function feed(transport: Transport, lines: readonly string[]): Promise<void> {
  const producer = transport.producer({ 'linger.ms': 5 });
  for (let i = 0; i < lines.length; i++) {
    void producer.send({ topic: INPUT_TOPIC, value: Buffer.from(lines[i]!) });
    if (i % 10_000 === 9_999) await producer.flush();
  }
  await producer.close();
}

const restoreListener: StateRestoreListener = {
  onRestoreStart: (tp, store, start, end) => console.log(`restoring ${store} from ${tp.topic}-${tp.partition}: offsets ${start} to ${end}`),
  onBatchRestored: () => {},
  onRestoreEnd: (tp, store, total) => console.log(`restored ${store} from ${tp.topic}-${tp.partition}: ${total} records`),
};

/** Reads the output topic from the start and prints each update; `stop()` first reads it to its end. */
function printOutput(transport: Transport, partitions: number, quiet: boolean): { stop(): Promise<number> } {
  const consumer = transport.consumer({ 'auto.offset.reset': 'earliest', 'fetch.max.wait.ms': 100 });
  const assigned = Array.from({ length: partitions }, (_, partition) => ({ topic: OUTPUT_TOPIC, partition }));
  consumer.assign(assigned);
  let printed = 0;
  let ends: Map<number, number> | undefined;
  const long = Serdes.Long().deserializer();
  const atEnd = async (): Promise<boolean> => {
    if (ends === undefined) return false;
    for (const tp of assigned) if ((await consumer.position(tp)) < ends.get(tp.partition)!) return false;
    return true;
  };
  const loop = (async () => {
    for (;;) {
      for (const r of await consumer.poll(100)) {
        printed++;
        if (!quiet) console.log(`${r.key?.toString() ?? 'null'}\t${long.deserialize(OUTPUT_TOPIC, r.value)}`);
      }
      if (await atEnd()) return;
    }
  })();
  return {
    async stop() {
      const admin = transport.admin();
      const offsets = await admin.listOffsets(assigned.map((tp) => ({ ...tp, spec: 'latest' as const })));
      await admin.close();
      ends = new Map(offsets.map((o) => [o.partition, Number(o.offset)]));
      await loop;
      await consumer.close();
      return printed;
    },
  };
}

async function run(options: WordCountOptions): Promise<void> {
  let broker: Broker | undefined;
  let dataDir = options.dataDir;
  const removeDataDir = dataDir === undefined;
  if (options.bootstrapServer === undefined) {
    dataDir ??= await mkdtemp(join(tmpdir(), 'tributary-word-count-'));
    broker = await Broker.start({ 'node.id': 1, 'log.dirs': dataDir, 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 }, { listen: false, log: () => {} });
  }
  const transport = broker !== undefined ? inProcess(broker) : kafkajs({ 'bootstrap.servers': options.bootstrapServer! });
  const stateDir = options.stateDir ?? (broker !== undefined ? join(dataDir!, 'kafka-streams') : undefined);
  try {
    await ensureTopics(transport, options.partitions);
    const topology = buildWordCountTopology();
    if (!options.quiet) console.log(topology.describe().toString());
    const streams = new KafkaStreams(topology, {
      'application.id': options.applicationId,
      'default.key.serde': Serdes.String(),
      'default.value.serde': Serdes.String(),
      'statestore.cache.max.bytes': options.cacheMaxBytes,
      'commit.interval.ms': options.commitIntervalMs,
      // With the embedded broker the state lives beside its logs (a fresh broker must not meet the checkpoints of
      // an earlier run's changelogs); over TCP, Kafka's default state.dir.
      ...(stateDir === undefined ? {} : { 'state.dir': stateDir }),
    }, transport);
    streams.setGlobalStateRestoreListener(restoreListener);
    const output = printOutput(transport, options.partitions, options.quiet);
    streams.start();
    if (!options.noFeed) {
      const lines = options.inputFile === undefined ? QUICKSTART_LINES : (await readFile(options.inputFile, 'utf8')).split('\n').filter((l, i, all) => i < all.length - 1 || l !== '');
      await feed(transport, lines);
      console.log(`fed ${lines.length} lines to ${INPUT_TOPIC}`);
    }
    const admin = transport.admin();
    const sources = [INPUT_TOPIC, `${options.applicationId}-${STORE_NAME}-repartition`];
    let lastReport = 0;
    for (;;) {
      const state = await caughtUp(admin, options.applicationId, sources).catch(() => ({ done: false, committed: 0, end: 1 }));
      if (state.done) break;
      if (options.quiet && Date.now() - lastReport > 1000) {
        console.log(`waiting for the counts: ${state.committed} of ${state.end} source records committed`);
        lastReport = Date.now();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.close();
    const printed = await output.stop();
    await streams.close();
    console.log(`done: ${printed} count updates in ${OUTPUT_TOPIC}`);
  } finally {
    await transport.close();
    await broker?.stop();
    if (removeDataDir && dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  }
}

let options: WordCountOptions | undefined;
try {
  options = parseOptions(process.argv.slice(2));
} catch (e) {
  console.error(`word-count: ${(e as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (options === undefined) console.log(USAGE);
else await run(options);
