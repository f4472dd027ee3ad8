// Runs every real client against the capture servers; each family is a chain of bounded steps and the
// families run concurrently (they use distinct client ids, topics and groups).
import { fileURLToPath } from 'node:url';
import type { CaptureServer } from './capture-server.js';
import { runKafkajsSession } from './kafkajs-session.js';
import { runProcess, type ProcessResult } from './processes.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const PYTHON = '/usr/bin/python3';
const STEP_MS = 15_000;

export const KCAT_TOPIC = 'golden-kcat';
export const KCAT_GROUP = 'golden-kcat-group';
/** Keyed input for `kcat -P -K:`. */
export const KCAT_INPUT = 'k1:v1\nk2:v2\nk3:v3\n';
/** Compressible lines for the zstd producer (librdkafka sends a batch uncompressed when compression does not pay). */
export const KCAT_ZSTD_INPUT = `${'z'.repeat(500)}1\n${'z'.repeat(500)}2\n`;

export interface SessionResults {
  readonly processes: ProcessResult[];
  /** What made the kafkajs session fail, if it did. */
  readonly kafkajsError: unknown;
}

function kcat(bootstrap: string, clientId: string, args: string[], input?: string): Promise<ProcessResult> {
  const all = ['-b', bootstrap, '-X', `client.id=${clientId}`, '-m', '5', ...args];
  return runProcess('kcat', all, { timeoutMs: STEP_MS, ...(input === undefined ? {} : { input }) });
}

/** kcat (librdkafka 2.0.2) in every mode: metadata, producers (idempotent, zstd, transactional), consumers. */
async function kcatSession(server: CaptureServer, fallback: CaptureServer): Promise<ProcessResult[]> {
  const b = server.bootstrap;
  const out: ProcessResult[] = [];
  out.push(await kcat(fallback.bootstrap, 'golden-kcat-fallback', ['-L']));
  out.push(await kcat(b, 'golden-kcat-L', ['-L']));
  out.push(await kcat(b, 'golden-kcat-P', ['-P', '-t', KCAT_TOPIC, '-K:', '-X', 'enable.idempotence=true', '-X', 'linger.ms=200'], KCAT_INPUT));
  out.push(await kcat(b, 'golden-kcat-Z', ['-P', '-t', KCAT_TOPIC, '-p', '0', '-X', 'compression.codec=zstd', '-X', 'linger.ms=200'], KCAT_ZSTD_INPUT));
  out.push(await kcat(b, 'golden-kcat-T', ['-P', '-t', KCAT_TOPIC, '-K:', '-X', 'transactional.id=golden-kcat-txn'], 't1:x\n'));
  out.push(await kcat(b, 'golden-kcat-C', ['-C', '-t', KCAT_TOPIC, '-o', 'beginning', '-e', '-K:']));
  out.push(await kcat(b, 'golden-kcat-G', ['-G', KCAT_GROUP, KCAT_TOPIC, '-X', 'auto.offset.reset=earliest', '-c', '3', '-e', '-K:']));
  return out;
}

async function python(script: string, server: CaptureServer): Promise<ProcessResult> {
  return runProcess(PYTHON, [`${here}${script}`, server.bootstrap], { timeoutMs: 30_000 });
}

/**
 * Runs kcat, kafkajs, kafka-python and confluent-kafka-python against `server` (and kcat once against
 * `fallback`, which refuses ApiVersions v3). Never rejects: results and errors are returned for the test.
 */
export async function runAllClients(server: CaptureServer, fallback: CaptureServer): Promise<SessionResults> {
  let kafkajsError: unknown;
  const [kcatRuns, kp] = await Promise.all([
    // confluent-kafka lists groups, so it runs once kcat has created one.
    kcatSession(server, fallback).then(async (runs) => [...runs, await python('confluent-kafka-session.py', server)]),
    python('kafka-python-session.py', server),
    runKafkajsSession(server.bootstrap).catch((e: unknown) => {
      kafkajsError = e;
    }),
  ]);
  return { processes: [...kcatRuns, kp], kafkajsError };
}
