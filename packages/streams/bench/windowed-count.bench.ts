/**
 * Issue 7's windowed-count benchmark, in-process: stream -> groupByKey -> windowedBy(1-minute tumbling windows)
 * -> count on a LevelDB window store with its changelog -> toStream -> to, over BENCH_RECORDS records
 * (1,000,000 by default) of BENCH_KEYS keys (10,000) whose timestamps advance evenly over 10 minutes (so every
 * key has a window in each of 10 minutes), with Kafka Streams' defaults (record cache 10 MB) but a commit every
 * second (the run ends with the first commit covering all input), beside a plain consume of the same input in the
 * same run. Reported: input records/s from start() until every input record is committed, output updates/s,
 * CPU time per record, RSS at the end. Target: >= 300,000 records/s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '@tributary/broker';
import { inProcess, type Admin, type Transport } from '@tributary/client';
import { KafkaStreams, Produced, Serdes, StreamsBuilder, TimeWindows, WindowedSerdes } from '@tributary/streams';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 10_000);
const PARTITIONS = 2;
const SPAN_MS = 10 * 60_000;
const WINDOW_MS = 60_000;
const APP = 'bench-windowed-count';
const START = Date.UTC(2024, 0, 1);
/** `rocksDB` (LevelDB here, the default) or `in_memory`: the store type of the window store. */
const STORE = process.env.BENCH_STORE ?? 'rocksDB';

async function produceInput(t: Transport): Promise<void> {
  const admin = t.admin();
  await admin.createTopics([{ name: 'wc-in', numPartitions: PARTITIONS }, { name: 'wc-out', numPartitions: PARTITIONS }]);
  await admin.close();
  const producer = t.producer({ 'linger.ms': 5, 'batch.size': 262144, 'max.request.size': 4 << 20 });
  const keys = Array.from({ length: KEYS }, (_, i) => Buffer.from(`key-${i}`));
  const value = Buffer.from('click');
  for (let i = 0; i < RECORDS; i++) {
    const k = i % KEYS;
    // Keys go to a fixed partition each, so a key's records stay in order, as a keyed producer would send them.
    void producer.send({ topic: 'wc-in', key: keys[k]!, value, partition: k % PARTITIONS, timestamp: START + Math.floor((i * SPAN_MS) / RECORDS) });
    if (i % 50_000 === 49_999) await producer.flush();
  }
  await producer.close();
}

async function plainConsume(t: Transport): Promise<number> {
  const consumer = t.consumer({ 'auto.offset.reset': 'earliest' });
  consumer.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: 'wc-in', partition })));
  const started = performance.now();
  let n = 0;
  while (n < RECORDS) n += (await consumer.poll(1000)).count;
  const rate = RECORDS / ((performance.now() - started) / 1000);
  await consumer.close();
  return rate;
}

async function committedAll(admin: Admin): Promise<boolean> {
  const parts = Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: 'wc-in', partition }));
  const ends = await admin.listOffsets(parts.map((p) => ({ ...p, spec: 'latest' as const }))).catch(() => []);
  if (ends.length === 0) return false;
  const committed = new Map((await admin.listGroupOffsets(APP, parts)).map((c) => [`${c.topic}-${c.partition}`, c.offset]));
  return ends.every((e) => (committed.get(`${e.topic}-${e.partition}`) ?? -1) >= Number(e.offset));
}

async function windowedCount(t: Transport, stateDir: string): Promise<{ seconds: number; updates: number; cpuUs: number }> {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('wc-in')
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(WINDOW_MS))
    .count()
    .toStream()
    .to('wc-out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(Serdes.String(), WINDOW_MS), Serdes.Long()));
  const streams = new KafkaStreams(builder.build({ 'default.dsl.store': STORE } as Record<string, unknown>), {
    'application.id': APP, 'default.key.serde': Serdes.String(), 'default.value.serde': Serdes.String(), 'state.dir': stateDir, 'commit.interval.ms': 1000,
  }, t);
  const admin = t.admin();
  const cpu = process.cpuUsage();
  const started = performance.now();
  streams.start();
  let lastReport = started;
  while (!(await committedAll(admin))) {
    await new Promise((r) => setTimeout(r, 100));
    if (performance.now() - lastReport > 10_000) {
      console.log(`  ... waiting for the commit that covers all ${RECORDS.toLocaleString('en-US')} records (${Math.round((performance.now() - started) / 1000)} s)`);
      lastReport = performance.now();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const ends = await admin.listOffsets(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic: 'wc-out', partition, spec: 'latest' as const })));
  await admin.close();
  await streams.close();
  return { seconds, updates: ends.reduce((s, e) => s + Number(e.offset), 0), cpuUs: (used.user + used.system) / RECORDS };
}

const dir = await mkdtemp(join(tmpdir(), 'tributary-windowed-bench-'));
try {
  console.log(`windowed count, in-process: ${RECORDS.toLocaleString('en-US')} records, ${KEYS.toLocaleString('en-US')} keys, 1-minute tumbling windows over 10 minutes,`);
  console.log(`${STORE === 'in_memory' ? 'in-memory' : 'LevelDB'} window store with changelog, record cache 10 MB, commit every 1 s; target: >= 300,000 records/s\n`);
  const broker = await Broker.start({ 'node.id': 1, 'log.dirs': join(dir, 'broker'), 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 }, { listen: false, log: () => {} });
  const t = inProcess(broker);
  await produceInput(t);
  const plain = await plainConsume(t);
  const { seconds, updates, cpuUs } = await windowedCount(t, join(dir, 'state'));
  const rss = process.memoryUsage().rss;
  await t.close();
  await broker.stop();
  const rate = RECORDS / seconds;
  console.log(`  plain consume of the input          ${Math.round(plain).toLocaleString('en-US').padStart(12)} records/s`);
  console.log(`  windowed count                       ${Math.round(rate).toLocaleString('en-US').padStart(12)} records/s (${(plain / rate).toFixed(2)}x slower than plain consume; target 300,000)`);
  console.log(`  output updates                       ${Math.round(updates / seconds).toLocaleString('en-US').padStart(12)} updates/s (${updates.toLocaleString('en-US')} updates; the cache dedups per commit)`);
  console.log(`  CPU per input record                 ${cpuUs.toFixed(2).padStart(12)} us (this process: broker, client and topology)`);
  console.log(`  RSS at the end                       ${(rss / 2 ** 20).toFixed(0).padStart(12)} MB`);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}
