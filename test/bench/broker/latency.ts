/**
 * End-to-end latency phase of the broker benchmark: `latency.py` (confluent-kafka, i.e. librdkafka) produces at
 * a fixed moderate rate with the send time in each payload and consumes the same partition in the same process.
 */
import { join } from 'node:path';
import { runClient } from './processes.js';
import { MESSAGE_BYTES } from './payload.js';

const SCRIPT = join(import.meta.dirname, 'latency.py');

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

/** Runs `rate` msgs/s for `seconds` after `warmup` seconds whose messages are not counted. */
export async function measureLatency(bootstrap: string, topic: string, rate: number, seconds: number, warmup: number): Promise<LatencyRun> {
  const args = [SCRIPT, bootstrap, topic, String(rate), String(seconds), String(warmup), String(MESSAGE_BYTES)];
  const run = await runClient('/usr/bin/python3', args, { timeoutMs: (seconds + warmup + 60) * 1000 });
  const r = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as Omit<LatencyRun, 'cpuSeconds'>;
  if (r.sent === 0 || r.received !== r.sent || r.measured === 0) throw new Error(`latency run incomplete: ${run.stdout.trim()}`);
  return { ...r, cpuSeconds: run.cpuSeconds };
}
