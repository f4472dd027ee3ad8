/**
 * The broker benchmark (`npm run bench -- broker`): our broker as a separate process on loopback, driven by real
 * clients, beside real alternatives measured in the same run with the same messages.
 *
 * - librdkafka (kcat) produce of 100-byte messages (acks=1, linger.ms=5, batch.num.messages=10000) from a
 *   pre-generated file, and consume from the beginning, beside the storage append rate of the same bytes as
 *   16 KiB batches straight into a `Log` (`@tributary/storage`).
 * - kafkajs produce (batches of 1000, 4 sends in flight) and consume (`eachBatch`, when the broker serves
 *   consumer groups), with the broker's share of the CPU (broker CPU / (broker + client CPU)).
 * - End-to-end latency p50/p99 at 2,000 msgs/s for 10 s (confluent-kafka producer -> consumer), beside the
 *   same through Redis (XADD -> XREAD BLOCK) as the baseline of what the shared machine's scheduling adds.
 * - Redis Streams (redis-server, no persistence; XADD pipelined by redis-cli --pipe; XREAD) and NATS JetStream
 *   (nats-server -js, file store; the NATS C client) with the same messages.
 *
 * Targets (client and broker share the 2 cores): librdkafka produce >= 500k msgs/s and >= Redis XADD in the
 * same run; consume >= 1M msgs/s; kafkajs broker CPU share < 30%.
 *
 * Environment: BENCH_BROKER_MESSAGES (default 1,000,000), BENCH_BROKER_KAFKAJS_MESSAGES (200,000: kafkajs is
 * ~5-10x slower than librdkafka), BENCH_BROKER_REPEAT (3: each throughput phase n times, the median is shown
 * and every run's rate noted - the machine is shared, single runs are noisy),
 * BENCH_BROKER_PHASES (comma list of storage,kcat,kafkajs,latency,redis,nats; default all),
 * BENCH_BROKER_PROFILE=1 (run the built broker under --cpu-prof and print where its time went, by function and
 * by TypeScript line; best with BENCH_BROKER_PHASES limited to the phases of interest).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kafkajsConsume, kafkajsProduce, KAFKAJS_BATCH, KAFKAJS_IN_FLIGHT } from './broker/kafkajs-runs.js';
import { measureLatency, measureRedisLatency, type LatencyRun } from './broker/latency.js';
import { kcatConsume, kcatProduce, KCAT_PRODUCE_CONFIG } from './broker/librdkafka.js';
import { natsConsume, natsCreateStream, natsProduce, startNats } from './broker/nats.js';
import { makeMessages, MESSAGE_BYTES, writeLinesFile, writeXaddFile } from './broker/payload.js';
import { killAll, runClient } from './broker/processes.js';
import { profileReport } from './broker/profile-summary.js';
import { redisConsume, redisProduce, startRedis } from './broker/redis.js';
import { printReport, type Figure, type LatencyFigure } from './broker/report.js';
import { encodeBatches, measureStorageAppend } from './broker/storage-append.js';
import { startBroker, type BrokerProcess } from './broker/tributary.js';

const env = process.env;
const MESSAGES = Number(env.BENCH_BROKER_MESSAGES ?? 1_000_000);
const KAFKAJS_MESSAGES = Math.min(MESSAGES, Number(env.BENCH_BROKER_KAFKAJS_MESSAGES ?? 200_000));
const REPEAT = Math.max(1, Number(env.BENCH_BROKER_REPEAT ?? 3));
const PHASES = new Set((env.BENCH_BROKER_PHASES ?? 'storage,kcat,kafkajs,latency,redis,nats').split(','));
const PROFILE = env.BENCH_BROKER_PROFILE === '1';
const LATENCY = { rate: 2000, seconds: 10, warmup: 2 };
/** A bigger per-partition fetch (librdkafka's default is 1 MiB), shown as a second consume row. */
const KCAT_BIG_FETCH = ['fetch.message.max.bytes=4194304'];
/** Consumer-group APIs kafkajs's consumer needs: OffsetFetch, FindCoordinator, JoinGroup, Heartbeat, SyncGroup. */
const GROUP_APIS = [9, 10, 11, 12, 14];

const root = resolve(import.meta.dirname, '..', '..');
const figures: Figure[] = [];
const latencies: LatencyFigure[] = [];
const notes: string[] = [];

function step(what: string): void {
  console.log(`- ${what}`);
}

/** Runs `once` REPEAT times and keeps the figure with the median rate (all rates are printed when > 1). */
async function repeated(once: (round: number) => Promise<Figure>): Promise<Figure> {
  const runs: Figure[] = [];
  for (let r = 0; r < REPEAT; r++) runs.push(await once(r));
  const sorted = [...runs].sort((a, b) => a.messages / a.seconds - b.messages / b.seconds);
  if (REPEAT > 1) notes.push(`runs in order, ${runs[0]!.name}: ${runs.map((f) => `${Math.round(f.messages / f.seconds / 1000)}k`).join(', ')} msgs/s`);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  figures.push(median);
  return median;
}

/** The server's CPU seconds over `run`. */
async function withServerCpu<T>(cpu: () => number, run: () => Promise<T>): Promise<{ result: T; serverCpu: number }> {
  const before = cpu();
  const result = await run();
  return { result, serverCpu: cpu() - before };
}

async function storagePhase(dir: string, all: Buffer): Promise<void> {
  step('storage: encoding 16 KiB batches, one warm-up append pass of 10%, then the measured appends');
  const batches = encodeBatches(all);
  await measureStorageAppend(join(dir, 'storage-warmup'), batches.slice(0, Math.ceil(batches.length / 10)));
  await repeated(async (r) => {
    const run = await measureStorageAppend(join(dir, `storage-${r}`), batches);
    if (run.messages !== MESSAGES) throw new Error(`storage appended ${run.messages} messages`);
    rmSync(join(dir, `storage-${r}`), { recursive: true, force: true });
    const name = `append, Log.append (${run.batches} batches of <= 16 KiB)`;
    return { name, system: 'storage', op: 'produce', messages: run.messages, seconds: run.seconds, serverCpu: null, clientCpu: run.cpuSeconds };
  });
}

async function kcatPhases(broker: BrokerProcess, linesFile: string, warmFile: string): Promise<void> {
  step('broker warm-up (JIT): kcat produce + consume of 10% of the messages to a separate topic');
  await broker.createTopic('warmup');
  await kcatProduce(broker.bootstrap, 'warmup', warmFile);
  await kcatConsume(broker.bootstrap, 'warmup', Math.ceil(MESSAGES / 10));
  const topics: string[] = [];
  await repeated(async (r) => {
    const topic = `kcat-${r}`;
    topics.push(topic);
    await broker.createTopic(topic);
    step(`kcat produce of ${MESSAGES.toLocaleString()} messages to ${topic}`);
    const { result, serverCpu } = await withServerCpu(broker.server.cpu, () => kcatProduce(broker.bootstrap, topic, linesFile));
    const hw = await broker.highWatermark(topic);
    if (hw !== MESSAGES) throw new Error(`${topic} has ${hw} messages after kcat produced ${MESSAGES}`);
    const name = `produce, kcat (librdkafka) ${KCAT_PRODUCE_CONFIG.join(' ')}`;
    const detail = `window from the first ProduceRequest; the whole kcat process took ${result.processSeconds.toFixed(2)} s`;
    return { name, system: 'tributary', op: 'produce', messages: MESSAGES, seconds: result.seconds, serverCpu, clientCpu: result.cpuSeconds, target: { minRate: 500_000, atLeast: 'XADD, redis-cli --pipe' }, detail };
  });
  for (const [label, config] of [['librdkafka defaults', []], [KCAT_BIG_FETCH.join(' '), KCAT_BIG_FETCH]] as const) {
    let round = 0;
    await repeated(async () => {
      const topic = topics[round++ % topics.length]!;
      step(`kcat consume of ${topic} (${label})`);
      const { result, serverCpu } = await withServerCpu(broker.server.cpu, () => kcatConsume(broker.bootstrap, topic, MESSAGES, config));
      const name = `consume, kcat -C (${label})`;
      const detail = `window from the first FetchRequest; the whole kcat process took ${result.processSeconds.toFixed(2)} s`;
      return { name, system: 'tributary', op: 'consume', messages: MESSAGES, seconds: result.seconds, serverCpu, clientCpu: result.cpuSeconds, target: { minRate: 1_000_000 }, detail };
    });
  }
}

async function kafkajsPhases(broker: BrokerProcess, all: Buffer): Promise<void> {
  const topics: string[] = [];
  await repeated(async (r) => {
    const topic = `kafkajs-${r}`;
    topics.push(topic);
    await broker.createTopic(topic);
    step(`kafkajs produce of ${KAFKAJS_MESSAGES.toLocaleString()} messages to ${topic}`);
    const { result, serverCpu } = await withServerCpu(broker.server.cpu, () => kafkajsProduce(broker.bootstrap, topic, all, KAFKAJS_MESSAGES));
    const hw = await broker.highWatermark(topic);
    if (hw !== KAFKAJS_MESSAGES) throw new Error(`${topic} has ${hw} messages after kafkajs produced ${KAFKAJS_MESSAGES}`);
    const name = `produce, kafkajs (batches of ${KAFKAJS_BATCH}, ${KAFKAJS_IN_FLIGHT} in flight, acks=1)`;
    return { name, system: 'tributary', op: 'produce', messages: KAFKAJS_MESSAGES, seconds: result.seconds, serverCpu, clientCpu: result.cpuSeconds, target: { maxServerShare: 0.3 } };
  });
  const missing = GROUP_APIS.filter((k) => !broker.apiKeys.includes(k));
  if (missing.length > 0) {
    notes.push(`kafkajs consume: not run - the broker does not serve the consumer-group APIs kafkajs needs yet (api keys ${missing.join(', ')})`);
    return;
  }
  let round = 0;
  await repeated(async () => {
    const topic = topics[round++ % topics.length]!;
    step(`kafkajs consume (eachBatch) of ${topic}`);
    let before = 0;
    const result = await kafkajsConsume(broker.bootstrap, topic, KAFKAJS_MESSAGES, () => (before = broker.server.cpu()));
    const serverCpu = broker.server.cpu() - before;
    return { name: 'consume, kafkajs eachBatch (from group join)', system: 'tributary', op: 'consume', messages: result.messages, seconds: result.seconds, serverCpu, clientCpu: result.cpuSeconds, target: { maxServerShare: 0.3 } };
  });
}

async function latencyPhase(broker: BrokerProcess): Promise<void> {
  const { rate, seconds, warmup } = LATENCY;
  step(`end-to-end latency: confluent-kafka, ${rate} msgs/s for ${seconds} s after ${warmup} s of warm-up`);
  await broker.createTopic('latency');
  const { result, serverCpu } = await withServerCpu(broker.server.cpu, () => measureLatency(broker.bootstrap, 'latency', rate, seconds, warmup));
  latencies.push(latencyFigure('latency, confluent-kafka producer (linger.ms=0) -> consumer', result, serverCpu));
}

/** CPU figures cover the whole run, warm-up included: per message, they are over rate * (warmup + seconds). */
function latencyFigure(name: string, r: LatencyRun, serverCpu: number): LatencyFigure {
  const { rate, seconds, warmup } = LATENCY;
  const { p50, p99, p999, max, measured } = r;
  return { name, rate, measured, p50, p99, p999, max, serverCpu, clientCpu: r.cpuSeconds, seconds: warmup + seconds };
}

async function brokerPhases(dir: string, all: Buffer, linesFile: string, warmFile: string): Promise<void> {
  const profileDir = PROFILE ? join(dir, 'profile') : undefined;
  if (PROFILE && !existsSync(join(root, 'packages', 'broker', 'dist', 'index.js'))) {
    throw new Error('BENCH_BROKER_PROFILE profiles the built broker: run `npm run build` first (`npm run bench` does)');
  }
  step(`starting the broker (separate process${PROFILE ? ', --cpu-prof' : ''})`);
  const broker = await startBroker(dir, profileDir);
  let windows = 0;
  const cpuBefore = broker.server.cpu();
  try {
    if (PHASES.has('kcat')) await kcatPhases(broker, linesFile, warmFile);
    if (PHASES.has('kafkajs')) await kafkajsPhases(broker, all);
    if (PHASES.has('latency')) await latencyPhase(broker);
    windows = figures.filter((f) => f.system === 'tributary').reduce((s, f) => s + (f.serverCpu ?? 0), 0);
  } finally {
    const total = broker.server.cpu() - cpuBefore;
    const atExit = await broker.stop();
    notes.push(
      `broker process CPU: ${atExit?.toFixed(2) ?? '?'} s by its own process.cpuUsage() at exit (start-up included); ` +
        `${total.toFixed(2)} s from /proc while serving, of which ${windows.toFixed(2)} s inside the timed windows shown`,
    );
  }
  if (profileDir) reportProfile(profileDir, broker.readyAfterSeconds);
}

function reportProfile(profileDir: string, startupSeconds: number): void {
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    notes.push('profile: the broker wrote no .cpuprofile');
    return;
  }
  const kept = join(tmpdir(), `tributary-broker-${Date.now()}.cpuprofile`);
  copyFileSync(join(profileDir, file), kept);
  console.log(`\n${profileReport(kept, 30, startupSeconds)}\n(profile kept at ${kept}: the broker process's main thread, start-up left out above; every phase run)\n`);
}

async function redisPhases(dir: string, respFile: string): Promise<void> {
  step('starting redis-server (no persistence)');
  const redis = await startRedis(dir);
  try {
    let round = 0;
    await repeated(async () => {
      if (round++ > 0) await redisDel(redis.port);
      step(`redis XADD of ${MESSAGES.toLocaleString()} messages (redis-cli --pipe)`);
      const { result, serverCpu } = await withServerCpu(redis.server.cpu, () => redisProduce(redis, respFile, 's', MESSAGES));
      return { name: 'XADD, redis-cli --pipe', system: 'redis', op: 'produce', messages: MESSAGES, seconds: result.seconds, serverCpu, clientCpu: result.cpuSeconds };
    });
    await repeated(async () => {
      step('redis XREAD of the stream');
      const { result, serverCpu } = await withServerCpu(redis.server.cpu, () => redisConsume(redis, 's', MESSAGES));
      return { name: 'XREAD COUNT 10000, RESP scanner', system: 'redis', op: 'consume', messages: MESSAGES, seconds: result.seconds, serverCpu, clientCpu: result.cpuSeconds };
    });
    if (PHASES.has('latency')) {
      const { rate, seconds, warmup } = LATENCY;
      step(`redis end-to-end latency baseline: python, ${rate} msgs/s for ${seconds} s after ${warmup} s of warm-up`);
      const { result, serverCpu } = await withServerCpu(redis.server.cpu, () => measureRedisLatency(redis.port, 'latency', rate, seconds, warmup));
      latencies.push(latencyFigure('latency, Redis XADD -> XREAD BLOCK (python, raw RESP)', result, serverCpu));
    }
  } finally {
    await redis.server.stop();
  }
}

async function redisDel(port: number): Promise<void> {
  await runClient('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'DEL', 's']);
}

async function natsPhases(dir: string, linesFile: string): Promise<void> {
  step('building the NATS C client and starting nats-server -js');
  const nats = await startNats(dir);
  try {
    const streams: Array<[string, string]> = [];
    await repeated(async (r) => {
      const stream = `BENCH${r}`;
      const subject = `bench.${r}`;
      streams.push([stream, subject]);
      await natsCreateStream(nats, stream, subject);
      step(`NATS JetStream publish of ${MESSAGES.toLocaleString()} messages to ${stream}`);
      const { result, serverCpu } = await withServerCpu(nats.server.cpu, () => natsProduce(nats, subject, linesFile, MESSAGES));
      return { name: 'JetStream publish, C client (async, acked)', system: 'nats', op: 'produce', messages: MESSAGES, seconds: result.seconds, serverCpu, clientCpu: result.cpuSeconds };
    });
    let round = 0;
    await repeated(async () => {
      const [stream, subject] = streams[round++ % streams.length]!;
      step(`NATS JetStream pull consume of ${stream}`);
      const { result, serverCpu } = await withServerCpu(nats.server.cpu, () => natsConsume(nats, stream, subject, MESSAGES));
      return { name: 'JetStream pull fetch, C client (no acks)', system: 'nats', op: 'consume', messages: MESSAGES, seconds: result.seconds, serverCpu, clientCpu: result.cpuSeconds };
    });
  } finally {
    await nats.server.stop();
  }
}

async function main(): Promise<void> {
  const deps = spawnSync('bash', [join(root, 'scripts', 'ensure-bench-deps.sh')], { stdio: 'inherit' });
  if (deps.status !== 0) throw new Error('scripts/ensure-bench-deps.sh failed');
  const dir = mkdtempSync(join(tmpdir(), 'tributary-broker-bench-'));
  const cleanup = (): void => {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

  console.log(`${MESSAGES.toLocaleString()} messages of ${MESSAGE_BYTES} bytes (kafkajs: ${KAFKAJS_MESSAGES.toLocaleString()}), repeat ${REPEAT}, phases ${[...PHASES].join(',')}`);
  step('writing the messages: one a line for kcat and the NATS client, RESP XADD commands for redis-cli');
  const all = makeMessages(MESSAGES);
  const linesFile = join(dir, 'messages.txt');
  const warmFile = join(dir, 'warmup.txt');
  const respFile = join(dir, 'xadd.resp');
  await writeLinesFile(linesFile, all);
  await writeLinesFile(warmFile, all.subarray(0, Math.ceil(MESSAGES / 10) * MESSAGE_BYTES));
  if (PHASES.has('redis')) await writeXaddFile(respFile, all, 's');
  mkdirSync(join(dir, 'work'), { recursive: true });

  if (PHASES.has('storage')) await storagePhase(join(dir, 'work'), all);
  if (['kcat', 'kafkajs', 'latency'].some((p) => PHASES.has(p))) await brokerPhases(dir, all, linesFile, warmFile);
  if (PHASES.has('redis')) await redisPhases(dir, respFile);
  if (PHASES.has('nats')) await natsPhases(dir, linesFile);

  console.log('');
  printReport(figures, latencies);
  for (const n of notes) console.log(`note: ${n}`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
