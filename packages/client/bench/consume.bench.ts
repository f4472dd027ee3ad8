/**
 * Plain consume throughput of the client contract: 1,000,000 records of 100 bytes (8-byte key) produced, then
 * read back by a consumer that only counts them, for the in-process transport (broker in this process) and
 * for kafkajs over TCP (broker in a child process). Same-run baselines: decoding the very same batches with
 * `decodeRecordBatches` (what in-process consume costs at least) and kafkajs's own `eachBatch` consumer
 * (what the kafkajs transport adds to kafkajs). `@tributary/streams`' benchmark compares its topology against
 * these plain-consume rates.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import kafkajsModule from 'kafkajs';
import { Broker } from '@tributary/broker';
import { decodeRecordBatches } from '@tributary/protocol';
import { inProcess, kafkajs, type Transport } from '@tributary/client';

const { Kafka, logLevel } = kafkajsModule;
const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PARTITIONS = 4;
const value = Buffer.alloc(100, 0x61);

async function produce(t: Transport, topic: string): Promise<number> {
  await t.admin().createTopics([{ name: topic, numPartitions: PARTITIONS }]);
  const producer = t.producer({ 'linger.ms': 5, 'batch.size': 262144, 'max.request.size': 4 << 20 });
  const started = performance.now();
  const key = Buffer.alloc(8);
  for (let i = 0; i < RECORDS; i++) {
    const k = Buffer.allocUnsafe(8);
    k.writeUInt32BE(0, 0);
    k.writeUInt32BE(i, 4);
    void producer.send({ topic, key: i % 2 === 0 ? k : key, value, partition: i % PARTITIONS });
    if (i % 50_000 === 49_999) await producer.flush();
  }
  await producer.close();
  return RECORDS / ((performance.now() - started) / 1000);
}

async function consume(t: Transport, topic: string): Promise<number> {
  const consumer = t.consumer({ 'auto.offset.reset': 'earliest' });
  consumer.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition })));
  const started = performance.now();
  let n = 0;
  let bytes = 0;
  while (n < RECORDS) {
    const polled = await consumer.poll(1000);
    for (const r of polled) bytes += r.value!.length;
    n += polled.count;
  }
  const rate = RECORDS / ((performance.now() - started) / 1000);
  if (bytes !== RECORDS * 100) throw new Error(`read ${bytes} value bytes, expected ${RECORDS * 100}`);
  await consumer.close();
  return rate;
}

/** Decoding the topic's stored batches directly, read with raw Fetch requests first (not timed). */
async function decodeBaseline(broker: Broker, topic: string): Promise<number> {
  const blobs: Buffer[] = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    let offset = 0n;
    for (;;) {
      const res = await broker.handle(1, 11, {
        replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 8 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, clusterId: null,
        replicaState: { replicaId: -1, replicaEpoch: -1n }, forgottenTopicsData: [], rackId: '',
        topics: [{ topic, topicId: '00000000-0000-0000-0000-000000000000', partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 8 << 20, replicaDirectoryId: '00000000-0000-0000-0000-000000000000' }] }],
      });
      const blob = res!.responses[0]!.partitions[0]!.records as Buffer;
      const batches = decodeRecordBatches(blob);
      if (batches.length === 0) break;
      blobs.push(blob);
      const last = batches[batches.length - 1]!;
      offset = BigInt(last.baseOffset + last.lastOffsetDelta + 1);
    }
  }
  const started = performance.now();
  let n = 0;
  for (const b of blobs) for (const batch of decodeRecordBatches(b)) n += batch.records.length;
  if (n !== RECORDS) throw new Error(`decoded ${n} records, expected ${RECORDS}`);
  return RECORDS / ((performance.now() - started) / 1000);
}

async function kafkajsBaseline(bootstrap: string, topic: string): Promise<number> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `baseline-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let n = 0;
  let started = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (started === 0) started = performance.now();
        n += batch.messages.length;
        if (n >= RECORDS) resolve();
      },
    });
  });
  await done;
  const rate = RECORDS / ((performance.now() - started) / 1000);
  await consumer.disconnect();
  return rate;
}

function row(name: string, rate: number, baseline?: number): void {
  const ratio = baseline === undefined ? '' : `  (${(rate / baseline).toFixed(2)}x the baseline)`;
  console.log(`${name.padEnd(58)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} records/s${ratio}`);
}

const dir = await mkdtemp(join(tmpdir(), 'tributary-client-bench-'));
try {
  console.log(`${RECORDS.toLocaleString('en-US')} records of 100 bytes over ${PARTITIONS} partitions\n`);
  const broker = await Broker.start({ 'node.id': 1, 'log.dirs': join(dir, 'in-process'), 'offsets.topic.replication.factor': 1 }, { listen: false, log: () => {} });
  const local = inProcess(broker);
  const produced = await produce(local, 'bench');
  const decode = await decodeBaseline(broker, 'bench');
  const consumed = await consume(local, 'bench');
  await local.close();
  await broker.stop();
  row('in-process: produce', produced);
  row('in-process: baseline, decodeRecordBatches of the same bytes', decode);
  row('in-process: plain consume (poll loop)', consumed, decode);

  const child = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', join(import.meta.dirname, 'broker-child.ts'), join(dir, 'tcp')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const { bootstrap } = JSON.parse(first) as { bootstrap: string };
  try {
    const tcp = kafkajs({ 'bootstrap.servers': bootstrap });
    const producedTcp = await produce(tcp, 'bench');
    const kjs = await kafkajsBaseline(bootstrap, 'bench');
    const consumedTcp = await consume(tcp, 'bench');
    await tcp.close();
    row('kafkajs over TCP: produce', producedTcp);
    row("kafkajs over TCP: baseline, kafkajs's own eachBatch consumer", kjs);
    row('kafkajs over TCP: plain consume (poll loop)', consumedTcp, kjs);
  } finally {
    child.stdin!.end();
    await new Promise((r) => child.once('exit', r));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
