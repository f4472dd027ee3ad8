/**
 * The Redis Streams baseline of the broker benchmark: `redis-server` on a free loopback port with no
 * persistence (no RDB, no AOF: memory only, so this baseline does less than our broker, which writes its log),
 * XADD of the same messages pipelined by `redis-cli --pipe` (C, the whole file written as fast as Redis reads
 * it), and XREAD of them back with a minimal RESP reader (`resp-xread.ts`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './ports.js';
import { runClient, selfCpuSeconds, startServer, type ClientRun, type Server } from './processes.js';
import { xreadAll } from './resp-xread.js';
import { MESSAGE_BYTES } from './payload.js';

/** Entries per XREAD. */
export const XREAD_COUNT = 10_000;

/** A running redis-server. */
export interface RedisProcess {
  readonly server: Server;
  readonly port: number;
}

/** Starts redis-server with its working dir under `dir`. */
export async function startRedis(dir: string): Promise<RedisProcess> {
  const port = await freePort();
  const work = join(dir, 'redis');
  mkdirSync(work, { recursive: true });
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', work, '--daemonize', 'no'];
  const server = await startServer('redis-server', args, /Ready to accept connections/);
  return { server, port };
}

/** Runs `XADD` for every command in `respFile` (written by `writeXaddFile`), checking every reply arrived. */
export async function redisProduce(redis: RedisProcess, respFile: string, stream: string, count: number): Promise<ClientRun> {
  const run = await runClient('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), '--pipe'], { stdinFile: respFile });
  const m = /errors: (\d+), replies: (\d+)/.exec(run.stdout);
  if (!m || m[1] !== '0' || Number(m[2]) !== count) throw new Error(`redis-cli --pipe: ${run.stdout.trim()}`);
  const len = await runClient('redis-cli', ['-h', '127.0.0.1', '-p', String(redis.port), 'XLEN', stream]);
  if (Number(len.stdout.trim()) !== count) throw new Error(`XLEN ${stream} is ${len.stdout.trim()}, expected ${count}`);
  return run;
}

/** Reads the stream back from the beginning; the client (this process) is timed and its CPU measured. */
export async function redisConsume(redis: RedisProcess, stream: string, count: number): Promise<{ seconds: number; cpuSeconds: number }> {
  const cpu0 = selfCpuSeconds();
  const t0 = process.hrtime.bigint();
  const r = await xreadAll(redis.port, stream, count, XREAD_COUNT);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.entries !== count || r.valueBytes !== count * MESSAGE_BYTES) throw new Error(`XREAD got ${r.entries} entries, ${r.valueBytes} bytes`);
  return { seconds, cpuSeconds: selfCpuSeconds() - cpu0 };
}
