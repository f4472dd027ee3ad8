/**
 * Issue 5's stateless streams benchmark: a filter -> mapValues -> to topology over records of 100 bytes (8-byte
 * key, 4 input and 4 output partitions), end to end, beside a plain consume of the same input records with the
 * same transport in the same run (the baseline the topology is measured against):
 * - in-process (broker in this process): BENCH_RECORDS records, 1,000,000 by default;
 * - kafkajs over TCP to our broker in a child process: BENCH_TCP_RECORDS, 200,000 by default (kafkajs is
 *   slower, and the run has to stay short).
 * The topology figure is input records / seconds from `start()` until every output record is in the output
 * topic's log (polled with ListOffsets every 10 ms by one admin); the time to the first RUNNING (the group join) is printed
 * beside it, since it is included, and so is this process's CPU time per record (user + system, all threads;
 * steadier than the rate on a busy machine).
 * Targets (issue 5): in-process >= 1,000,000 records/s and within 2x of plain consume; kafkajs within 1.25x
 * of kafkajs's plain consume.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Broker } from '@tributary/broker';
import { inProcess, kafkajs, type Admin, type Transport } from '@tributary/client';
import { KafkaStreams, KafkaStreamsState, Serdes, StreamsBuilder } from '@tributary/streams';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const TCP_RECORDS = Number(process.env.BENCH_TCP_RECORDS ?? 200_000);
const PARTITIONS = 4;
const value = Buffer.alloc(100, 0x61);

async function produce(t: Transport, topic: string, count: number): Promise<void> {
  const admin = t.admin();
  await admin.createTopics([{ name: topic, numPartitions: PARTITIONS }, { name: `${topic}-out`, numPartitions: PARTITIONS }]);
  await admin.close();
  const producer = t.producer({ 'linger.ms': 5, 'batch.size': 262144, 'max.request.size': 4 << 20 });
  for (let i = 0; i < count; i++) {
    const k = Buffer.allocUnsafe(8);
    k.writeUInt32BE(0, 0);
    k.writeUInt32BE(i, 4);
    void producer.send({ topic, key: k, value, partition: i % PARTITIONS });
    if (i % 50_000 === 49_999) await producer.flush();
  }
  await producer.close();
}

/** The baseline: a consumer that only counts the input records. */
async function plainConsume(t: Transport, topic: string, count: number): Promise<number> {
  const consumer = t.consumer({ 'auto.offset.reset': 'earliest' });
  consumer.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition })));
  const started = performance.now();
  let n = 0;
  while (n < count) n += (await consumer.poll(1000)).count;
  const rate = count / ((performance.now() - started) / 1000);
  await consumer.close();
  return rate;
}

async function outputCount(admin: Admin, topic: string): Promise<number> {
  const ends = await admin.listOffsets(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition, spec: 'latest' as const })));
  return ends.reduce((sum, e) => sum + Number(e.offset), 0);
}

/** filter -> mapValues -> to; every record passes the filter, so the output count is the input count. */
async function topology(t: Transport, topic: string, count: number): Promise<{ rate: number; joinMs: number; cpuUs: number }> {
  const builder = new StreamsBuilder();
  builder.stream<Buffer, Buffer>(topic)
    .filter((_k, v) => v.length === 100)
    .mapValues((v) => v.subarray(1))
    .to(`${topic}-out`);
  const streams = new KafkaStreams(builder.build(), {
    'application.id': `bench-${topic}`, 'default.key.serde': Serdes.Buffer(), 'default.value.serde': Serdes.Buffer(),
  }, t);
  let joinMs = -1;
  const started = performance.now();
  const cpu = process.cpuUsage();
  streams.setStateListener((now) => {
    if (now === KafkaStreamsState.RUNNING && joinMs < 0) joinMs = performance.now() - started;
  });
  streams.start();
  const admin = t.admin();
  while ((await outputCount(admin, `${topic}-out`)) < count) await new Promise((r) => setTimeout(r, 10));
  const rate = count / ((performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  await admin.close();
  await streams.close();
  return { rate, joinMs, cpuUs: (used.user + used.system) / count };
}

function row(name: string, rate: number, baseline?: number, note = ''): void {
  const ratio = baseline === undefined ? '' : `  (${(rate / baseline).toFixed(2)}x plain consume, ${(baseline / rate).toFixed(2)}x slower)`;
  console.log(`${name.padEnd(44)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} records/s${ratio}${note}`);
}

const dir = await mkdtemp(join(tmpdir(), 'tributary-streams-bench-'));
try {
  console.log('filter -> mapValues -> to, 100-byte records, 4 partitions; targets: in-process >= 1,000,000 records/s and');
  console.log('within 2x of plain consume; kafkajs within 1.25x of plain consume\n');
  if (process.env.BENCH_SKIP_INPROCESS !== '1') {
    const broker = await Broker.start({ 'node.id': 1, 'log.dirs': join(dir, 'in-process'), 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 }, { listen: false, log: () => {} });
    const local = inProcess(broker);
    await produce(local, 'bench', RECORDS);
    const plain = await plainConsume(local, 'bench', RECORDS);
    const topo = await topology(local, 'bench', RECORDS);
    await local.close();
    await broker.stop();
    console.log(`in-process, ${RECORDS.toLocaleString('en-US')} records:`);
    row('  plain consume (poll loop, counting)', plain);
    row('  filter -> mapValues -> to', topo.rate, plain, `; join took ${Math.round(topo.joinMs)} ms; ${topo.cpuUs.toFixed(2)} us CPU per record`);
  }
  if (process.env.BENCH_SKIP_TCP !== '1') {
    const child = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', join(import.meta.dirname, '..', '..', 'client', 'bench', 'broker-child.ts'), join(dir, 'tcp')], { stdio: ['pipe', 'pipe', 'inherit'] });
    const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const { bootstrap } = JSON.parse(first) as { bootstrap: string };
    try {
      const tcp = kafkajs({ 'bootstrap.servers': bootstrap });
      await produce(tcp, 'bench', TCP_RECORDS);
      const plain = await plainConsume(tcp, 'bench', TCP_RECORDS);
      const topo = await topology(tcp, 'bench', TCP_RECORDS);
      await tcp.close();
      console.log(`kafkajs over TCP (broker in a child process), ${TCP_RECORDS.toLocaleString('en-US')} records:`);
      row('  plain consume (poll loop, counting)', plain);
      row('  filter -> mapValues -> to', topo.rate, plain, `; join took ${Math.round(topo.joinMs)} ms; ${topo.cpuUs.toFixed(2)} us CPU per record`);
    } finally {
      child.stdin!.end();
      await new Promise((r) => child.once('exit', r));
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
