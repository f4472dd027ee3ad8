/**
 * End-to-end latency phases of the broker benchmark: `latency.py` (confluent-kafka, i.e. librdkafka) produces at
 * a fixed moderate rate with the send time in each payload and consumes the same partition in the same process;
 * `redis-latency.py` does the same through a Redis stream (XADD -> XREAD BLOCK), the same-run baseline that
 * shows how much of the tail is the machine's scheduling rather than the broker.
 */
import { join } from 'node:path';
import { runClient } from './processes.js';
import { MESSAGE_BYTES } from './payload.js';


/** Percentiles of receive time - send time, in milliseconds. */
export interface LatencyRun {
  readonly sent: number;
  readonly received: number;
  readonly measured: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly cpuSeconds: number;
}

async function run(script: string, target: readonly string[], rate: number, seconds: number, warmup: number): Promise<LatencyRun> {
  const args = [join(import.meta.dirname, script), ...target, String(rate), String(seconds), String(warmup), String(MESSAGE_BYTES)];
  const result = await runClient('/usr/bin/python3', args, { timeoutMs: (seconds + warmup + 60) * 1000 });
  const r = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Omit<LatencyRun, 'cpuSeconds'>;
  if (r.sent === 0 || r.received !== r.sent || r.measured === 0) throw new Error(`${script} run incomplete: ${result.stdout.trim()}`);
  return { ...r, cpuSeconds: result.cpuSeconds };
}

/** Through our broker: `rate` msgs/s for `seconds` after `warmup` seconds whose messages are not counted. */
export function measureLatency(bootstrap: string, topic: string, rate: number, seconds: number, warmup: number): Promise<LatencyRun> {
  return run('latency.py', [bootstrap, topic], rate, seconds, warmup);
}

/** The same through a Redis stream. */
export function measureRedisLatency(port: number, stream: string, rate: number, seconds: number, warmup: number): Promise<LatencyRun> {
  return run('redis-latency.py', [String(port), stream], rate, seconds, warmup);
}
