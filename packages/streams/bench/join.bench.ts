/**
 * Issue 7's join benchmark: a KStream-KStream inner join of two 500,000-record streams (BENCH_JOIN_RECORDS per
 * side), in-process (broker in this process), beside a plain consume of the same 1,000,000 input records with
 * the same transport in the same run.
 *
 * Input: 100-byte values, 8-byte keys from 100,000 distinct keys (each key recurs every 100,000 records), 4
 * partitions per topic, partitioned by key so the topics are co-partitioned. Left record i has timestamp base + i,
 * right record i the same key and base + i + 1; the join window is 1 s, so every right record joins exactly its
 * left twin: 500,000 output records. The figure is input records (both sides) / seconds from `start()` until
 * every output record is in the output topic (polled with ListOffsets); the time to the first RUNNING is
 * included and printed, and so is the CPU time per input record. Join stores are LevelDB (Kafka's default), then
 * in-memory (`default.dsl.store=in_memory`), both logging to changelog topics as Kafka does, then in-memory
 * without changelogs (StreamJoined.withLoggingDisabled) to show what the changelog records cost.
 * Target (issue 7): 200,000 records/s or more.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '@tributary/broker';
import { inProcess, type Admin, type Transport } from '@tributary/client';
import { JoinWindows, KafkaStreams, KafkaStreamsState, Serdes, StreamJoined, StreamsBuilder } from '@tributary/streams';

const PER_SIDE = Number(process.env.BENCH_JOIN_RECORDS ?? 500_000);
const KEYS = 100_000;
const PARTITIONS = 4;
const value = Buffer.alloc(100, 0x61);
const base = Date.now() - 3_600_000;
// A 1 s join window. The grace period keeps every record of the run in the join stores: the runtime does not idle
// for an empty partition (max.task.idle.ms is not implemented yet), so one side may be processed far ahead of the
// other, and with no grace the lagging side would find its partners expired (lost joins, a stalled count).
const windows = JoinWindows.ofTimeDifferenceAndGrace(1000, PER_SIDE + 10_000);

async function produce(t: Transport, topic: string, offsetMs: number): Promise<void> {
  const producer = t.producer({ 'linger.ms': 5, 'batch.size': 262144, 'max.request.size': 4 << 20 });
  for (let i = 0; i < PER_SIDE; i++) {
    const key = i % KEYS;
    const k = Buffer.allocUnsafe(8);
    k.writeUInt32BE(0, 0);
    k.writeUInt32BE(key, 4);
    void producer.send({ topic, key: k, value, partition: key % PARTITIONS, timestamp: base + i + offsetMs });
    if (i % 50_000 === 49_999) await producer.flush();
  }
  await producer.close();
}

async function plainConsume(t: Transport, topics: readonly string[]): Promise<number> {
  const consumer = t.consumer({ 'auto.offset.reset': 'earliest' });
  consumer.assign(topics.flatMap((topic) => Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition }))));
  const total = PER_SIDE * topics.length;
  const started = performance.now();
  let n = 0;
  while (n < total) n += (await consumer.poll(1000)).count;
  const rate = total / ((performance.now() - started) / 1000);
  await consumer.close();
  return rate;
}

async function outputCount(admin: Admin, topic: string): Promise<number> {
  const ends = await admin.listOffsets(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition, spec: 'latest' as const })));
  return ends.reduce((sum, e) => sum + Number(e.offset), 0);
}

interface Result {
  rate: number;
  joinMs: number;
  cpuUs: number;
  outputs: number;
}

async function joinRun(t: Transport, store: 'rocksDB' | 'in_memory', logging: boolean): Promise<Result> {
  const out = `join-out-${store}-${logging}`;
  const admin = t.admin();
  await admin.createTopics([{ name: out, numPartitions: PARTITIONS }]);
  const builder = new StreamsBuilder();
  builder.stream<Buffer, Buffer>('left')
    .join(builder.stream<Buffer, Buffer>('right'), (l) => l, windows, logging ? undefined : StreamJoined.with<Buffer, Buffer, Buffer>(undefined, undefined, undefined).withLoggingDisabled())
    .to(out);
  const props = {
    'application.id': `bench-join-${store}-${logging}`, 'default.key.serde': Serdes.Buffer(), 'default.value.serde': Serdes.Buffer(), 'default.dsl.store': store,
    // Its own state directory: a fresh broker must not meet an earlier run's checkpoints.
    'state.dir': join(dir, 'state'),
  };
  const streams = new KafkaStreams(builder.build(props), props, t);
  let joinMs = -1;
  const started = performance.now();
  const cpu = process.cpuUsage();
  streams.setStateListener((now) => {
    if (now === KafkaStreamsState.RUNNING && joinMs < 0) joinMs = performance.now() - started;
  });
  streams.start();
  // Stop at the expected count, or when the output stops growing for 10 s (a lost join must not hang the run).
  let outputs = 0;
  let lastGrowth = performance.now();
  let finished = started;
  while (outputs < PER_SIDE && performance.now() - lastGrowth < 10_000) {
    await new Promise((r) => setTimeout(r, 10));
    const now = await outputCount(admin, out);
    if (now > outputs) {
      outputs = now;
      lastGrowth = finished = performance.now();
    }
  }
  const used = process.cpuUsage(cpu);
  await admin.close();
  await streams.close();
  return { rate: (2 * PER_SIDE) / ((finished - started) / 1000), joinMs, cpuUs: (used.user + used.system) / (2 * PER_SIDE), outputs };
}

function row(name: string, rate: number, baseline?: number, note = ''): void {
  const ratio = baseline === undefined ? '' : `  (${(rate / baseline).toFixed(2)}x plain consume)`;
  console.log(`${name.padEnd(40)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} records/s${ratio}${note}`);
}

const dir = await mkdtemp(join(tmpdir(), 'tributary-join-bench-'));
try {
  console.log(`KStream-KStream join, ${PER_SIDE.toLocaleString('en-US')} records per side, 100-byte values, ${KEYS.toLocaleString('en-US')} keys,`);
  console.log(`4 partitions, 1 s window; target >= 200,000 input records/s\n`);
  const broker = await Broker.start({ 'node.id': 1, 'log.dirs': join(dir, 'log'), 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 }, { listen: false, log: () => {} });
  const t = inProcess(broker);
  const admin = t.admin();
  await admin.createTopics([{ name: 'left', numPartitions: PARTITIONS }, { name: 'right', numPartitions: PARTITIONS }]);
  await admin.close();
  await produce(t, 'left', 0);
  await produce(t, 'right', 1);
  const plain = await plainConsume(t, ['left', 'right']);
  const results: [string, Result][] = [];
  const runs = [
    ['rocksDB', true, 'LevelDB join stores'],
    ['in_memory', true, 'in-memory join stores'],
    ['in_memory', false, 'in-memory, no changelogs'],
  ] as const;
  for (const [store, logging, name] of runs) {
    if (process.env.BENCH_JOIN_STORE !== undefined && process.env.BENCH_JOIN_STORE !== store) continue;
    if (process.env.BENCH_JOIN_LOGGING !== undefined && String(logging) !== process.env.BENCH_JOIN_LOGGING) continue;
    results.push([name, await joinRun(t, store, logging)]);
  }
  await t.close();
  await broker.stop();
  console.log(`in-process, ${(2 * PER_SIDE).toLocaleString('en-US')} input records:`);
  row('  plain consume (poll loop, counting)', plain);
  for (const [name, r] of results) {
    const lost = r.outputs === PER_SIDE ? '' : ` - ONLY ${r.outputs} of ${PER_SIDE} outputs`;
    row(`  join, ${name}`, r.rate, plain, `; join took ${Math.round(r.joinMs)} ms; ${r.cpuUs.toFixed(2)} us CPU per input record${lost}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
