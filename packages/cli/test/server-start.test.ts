import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProcess, tempDir, type TempDir } from '@tributary/test-kit';
import { SERVER_PROPERTIES, runCliProcess, startServer, type CliProcess } from './support/cli-process.js';

// Real `tributary server-start` processes from the shipped config/server.properties, reached by kafkajs and
// kcat over TCP. Each start runs the CLI from source through tsx (about a second of start-up).

const TOPIC = 'cli-orders';

let dir: TempDir;
let running: CliProcess[] = [];

beforeEach(async () => {
  dir = await tempDir('tributary-cli-');
});

afterEach(async () => {
  for (const p of running) p.signal('SIGKILL');
  await Promise.all(running.map((p) => p.done));
  running = [];
  await dir.cleanup();
});

function overrides(logDirs: string): string[] {
  return ['--override', 'listeners=PLAINTEXT://127.0.0.1:0', '--override', `log.dirs=${logDirs}`];
}

async function start(logDirs: string): Promise<{ bootstrap: string; clusterId: string; server: CliProcess }> {
  const started = await startServer([SERVER_PROPERTIES, ...overrides(logDirs)]);
  running.push(started.server);
  return started;
}

async function stop(server: CliProcess, signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string }> {
  server.signal(signal);
  const result = await server.done;
  running = running.filter((p) => p !== server);
  return result;
}

function kafka(bootstrap: string): Kafka {
  return new Kafka({ clientId: 'cli-test', brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 3 } });
}

/** Every record of the topic, read from the beginning by kcat (no consumer group involved). */
async function consumeAll(bootstrap: string): Promise<string[]> {
  const r = await runProcess('kcat', ['-b', bootstrap, '-C', '-t', TOPIC, '-o', 'beginning', '-e', '-q', '-f', '%p %k=%s\\n'], { timeoutMs: 20_000 });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '').sort();
}

describe('tributary server-start', () => {
  it('serves kafkajs and kcat, stops cleanly on SIGTERM, and keeps topics and data across a restart', async () => {
    const logs = join(dir.path, 'logs');
    const first = await start(logs);
    expect(first.server.stdout()).toMatch(/INFO \[BrokerServer id=1\] listening on PLAINTEXT:\/\/127\.0\.0\.1:\d+/);
    expect(first.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const client = kafka(first.bootstrap);
    const admin = client.admin();
    await admin.connect();
    expect(await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }] })).toBe(true);
    await admin.disconnect();
    const producer = client.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: [0, 1, 2, 3].map((i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 2 })) });
    await producer.disconnect();
    const expected = ['0 k0=v0', '0 k2=v2', '1 k1=v1', '1 k3=v3'];
    expect(await consumeAll(first.bootstrap)).toEqual(expected);

    const stopped = await stop(first.server, 'SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/received SIGTERM: shutting down[^\n]*\n[^\n]*shut down cleanly/);
    expect(existsSync(join(logs, '.kafka_cleanshutdown'))).toBe(true);
    expect(readFileSync(join(logs, 'meta.properties'), 'utf8')).toContain(`cluster.id=${first.clusterId}`);

    // Same log dirs, new process: same cluster, the topic and its records are still there.
    const second = await start(logs);
    expect(second.clusterId).toBe(first.clusterId);
    const admin2 = kafka(second.bootstrap).admin();
    await admin2.connect();
    expect(await admin2.listTopics()).toContain(TOPIC);
    const offsets = await admin2.fetchTopicOffsets(TOPIC);
    await admin2.disconnect();
    expect(offsets.map((o) => [o.partition, o.high]).sort()).toEqual([[0, '2'], [1, '2']]);
    expect(await consumeAll(second.bootstrap)).toEqual(expected);
    expect((await stop(second.server, 'SIGINT')).code).toBe(0);
  });

  it.each([
    ['a malformed value', ['--override', 'num.partitions=abc'], 'num.partitions'],
    ['an unknown key', ['--override', 'no.such.setting=1'], 'no.such.setting'],
    ['a value out of range', ['--override', 'num.partitions=0'], 'num.partitions'],
    ['a log default the topic rules refuse', ['--override', 'log.roll.ms=0'], 'log.roll.ms'],
  ])('refuses %s with one line naming the key, exit 1, and nothing written', async (_what, bad, key) => {
    const logs = join(dir.path, 'logs');
    const r = await runCliProcess(['server-start', SERVER_PROPERTIES, ...overrides(logs), ...bad]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining(`ERROR invalid configuration: ${key}:`)]);
    expect(r.stdout).toBe('');
    expect(existsSync(logs)).toBe(false);
  });

  it('refuses a missing properties file, naming it', async () => {
    const r = await runCliProcess(['server-start', join(dir.path, 'nope.properties')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot read ${join(dir.path, 'nope.properties')}`);
  });

  it('answers --help and an unknown flag as a real process', async () => {
    const [help, bad] = await Promise.all([
      runCliProcess(['server-start', '--help']),
      runCliProcess(['server-start', SERVER_PROPERTIES, '--overide', 'a=b']),
    ]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: tributary server-start <server.properties> [--override <property=value>]...');
    expect(bad.code).toBe(1);
    expect(bad.stderr.split('\n')[0]).toBe('tributary server-start: unknown flag --overide');
  });
});
