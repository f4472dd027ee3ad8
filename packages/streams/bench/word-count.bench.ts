/**
 * Issue 6's word-count benchmark, in-process: Kafka's WordCountDemo topology (flatMapValues -> groupBy ->
 * count on a LevelDB store with its changelog -> toStream -> to) over BENCH_LINES lines (1,000,000 by default)
 * of ~10 words drawn from a Zipf-distributed vocabulary of 100,000 words, with Kafka Streams' defaults (record
 * cache 10 MB) but a commit every second (the end of the run is the first commit covering all input; with 30 s
 * the figure would mostly measure the wait), beside a plain consume of the same input in the same run.
 * Reported: input lines/s and words/s from start() until every input record is committed, output updates/s,
 * the process's RSS at the end (broker included). Targets: >= 500,000 words/s; RSS < 500 MB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '@tributary/broker';
import { inProcess, type Admin, type Transport } from '@tributary/client';
import { KafkaStreams, Materialized, Produced, Serdes, StreamsBuilder } from '@tributary/streams';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const VOCABULARY = 100_000;
const WORDS_PER_LINE = 10;
const PARTITIONS = 2;
const APP = 'bench-wordcount';

/** Zipf (s = 1) sampler over ranks 0..n-1 by binary search in the cumulative weights. */
function zipf(n: number, seed: number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  let x = seed;
  return () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const u = (x / 2 ** 32) * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

async function produceInput(t: Transport): Promise<number> {
  const admin = t.admin();
  await admin.createTopics([{ name: 'wc-input', numPartitions: PARTITIONS }, { name: 'wc-output', numPartitions: PARTITIONS }]);
  await admin.close();
  const words = Array.from({ length: VOCABULARY }, (_, i) => `word${i}`);
  const next = zipf(VOCABULARY, 42);
  const producer = t.producer({ 'linger.ms': 5, 'batch.size': 262144, 'max.request.size': 4 << 20 });
  let total = 0;
  for (let i = 0; i < LINES; i++) {
    const line: string[] = [];
    for (let w = 0; w < WORDS_PER_LINE; w++) line.push(words[next()]!);
    total += line.length;
    void producer.send({ topic: 'wc-input', value: Buffer.from(line.join(' ')), partition: i % PARTITIONS });
    if (i % 50_000 === 49_999) await producer.flush();
  }
  await producer.close();
  return total;
}

async function plainConsume(t: Transport): Promise<number> {
  const consumer = t.consumer({ 'auto.offset.reset': 'earliest' });
  consumer.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: 'wc-input', partition })));
  const started = performance.now();
  let n = 0;
  while (n < LINES) n += (await consumer.poll(1000)).count;
  const rate = LINES / ((performance.now() - started) / 1000);
  await consumer.close();
  return rate;
}

async function committedAll(admin: Admin): Promise<boolean> {
  const topics = ['wc-input', `${APP}-counts-store-repartition`];
  const parts = topics.flatMap((topic) => Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition })));
  const ends = await admin.listOffsets(parts.map((p) => ({ ...p, spec: 'latest' as const }))).catch(() => []);
  if (ends.length === 0) return false;
  // The group's coordinator may not be ready yet (NOT_COORDINATOR while __consumer_offsets loads): not done.
  const offsets = await admin.listGroupOffsets(APP, parts).catch(() => undefined);
  if (offsets === undefined) return false;
  const committed = new Map(offsets.map((c) => [`${c.topic}-${c.partition}`, c.offset]));
  return ends.every((e) => (committed.get(`${e.topic}-${e.partition}`) ?? -1) >= Number(e.offset));
}

async function wordCount(t: Transport, stateDir: string): Promise<{ seconds: number; updates: number; cpuUs: number; memory: NodeJS.MemoryUsage }> {
  const builder = new StreamsBuilder();
  builder.stream<null, string>('wc-input')
    .flatMapValues((line) => line.toLowerCase().split(/\W+/))
    .groupBy((_k, word) => word)
    .count(Materialized.as<string, number>('counts-store'))
    .toStream()
    .to('wc-output', Produced.with(Serdes.String(), Serdes.Long()));
  const streams = new KafkaStreams(builder.build(), {
    'application.id': APP, 'default.key.serde': Serdes.String(), 'default.value.serde': Serdes.String(), 'state.dir': stateDir, 'commit.interval.ms': 1000,
  }, t);
  const admin = t.admin();
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  streams.start();
  let lastReport = started;
  while (!(await committedAll(admin))) {
    await new Promise((r) => setTimeout(r, 200));
    if (performance.now() - lastReport > 10_000) {
      console.log(`  ... waiting for the commit that covers all ${LINES.toLocaleString('en-US')} lines (${Math.round((performance.now() - started) / 1000)} s)`);
      lastReport = performance.now();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const memory = process.memoryUsage();
  const ends = await admin.listOffsets(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: 'wc-output', partition, spec: 'latest' as const })));
  await admin.close();
  await streams.close();
  return { seconds, updates: ends.reduce((s, e) => s + Number(e.offset), 0), cpuUs: (cpu.user + cpu.system) / (LINES * WORDS_PER_LINE), memory };
}

const dir = await mkdtemp(join(tmpdir(), 'tributary-wordcount-bench-'));
try {
  console.log(`word count, in-process: ${LINES.toLocaleString('en-US')} lines of ${WORDS_PER_LINE} words, Zipf vocabulary of ${VOCABULARY.toLocaleString('en-US')} words;`);
  console.log('targets: >= 500,000 words/s, RSS < 500 MB\n');
  const broker = await Broker.start({ 'node.id': 1, 'log.dirs': join(dir, 'broker'), 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 }, { listen: false, log: () => {} });
  const t = inProcess(broker);
  const words = await produceInput(t);
  const plain = await plainConsume(t);
  const { seconds, updates, cpuUs, memory } = await wordCount(t, join(dir, 'state'));
  const rss = memory.rss;
  const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MB`;
  await t.close();
  await broker.stop();
  const lineRate = LINES / seconds;
  console.log(`  plain consume of the input          ${Math.round(plain).toLocaleString('en-US').padStart(12)} lines/s`);
  console.log(`  word count                           ${Math.round(lineRate).toLocaleString('en-US').padStart(12)} lines/s (${(plain / lineRate).toFixed(2)}x slower than plain consume)`);
  console.log(`                                       ${Math.round(words / seconds).toLocaleString('en-US').padStart(12)} words/s (target 500,000)`);
  console.log(`  output updates                       ${Math.round(updates / seconds).toLocaleString('en-US').padStart(12)} updates/s (${updates.toLocaleString('en-US')} updates; the cache dedups per commit)`);
  console.log(`  CPU per word                         ${cpuUs.toFixed(2).padStart(12)} us (this process: broker, client and topology)`);
  console.log(`  RSS at the end                       ${(rss / 2 ** 20).toFixed(0).padStart(12)} MB (target < 500 MB; JS heap ${mb(memory.heapUsed)} used of ${mb(memory.heapTotal)}, Buffers ${mb(memory.arrayBuffers)}, other native ${mb(memory.external - memory.arrayBuffers)})`);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}
