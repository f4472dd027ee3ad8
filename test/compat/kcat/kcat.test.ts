import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireApi, runProcess, startTestBroker, tempDir, type TempDir, type TestBroker } from '@tributary/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaClient } from '../../e2e/support/kafkajs.js';

// kcat 1.7.1 (librdkafka 2.0.2) against the broker over TCP, always as an async child process.
const TOTAL = 100_000;
const PARTITIONS = 4;

describe('kcat', () => {
  let tb: TestBroker;
  let dir: TempDir;
  let input: string;
  const sent = new Map<string, string>();

  const kcat = (args: readonly string[], options: { input?: Buffer; timeoutMs?: number } = {}) =>
    runProcess('kcat', ['-b', tb.bootstrap, ...args], { timeoutMs: 60_000, ...options });

  beforeAll(async () => {
    tb = await startTestBroker();
    dir = await tempDir('tributary-kcat-');
    const lines: string[] = [];
    for (let i = 0; i < TOTAL; i++) {
      const key = `key-${i}`;
      const value = `value-${i}-${'x'.repeat(i % 50)}`;
      sent.set(key, value);
      lines.push(`${key}:${value}`);
    }
    input = join(dir.path, 'input.txt');
    await writeFile(input, lines.join('\n') + '\n');
    const admin = kafkaClient(tb.bootstrap, 'kcat-setup').admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'kcat-bulk', numPartitions: PARTITIONS }, { topic: 'kcat-group', numPartitions: 3 }] });
    await admin.disconnect();
  });
  afterAll(async () => {
    await tb?.cleanup();
    await dir?.cleanup();
  });

  it('-L lists the broker and the topics with their partitions (JSON)', async () => {
    const r = await kcat(['-L', '-J']);
    expect(r.code, r.stderr).toBe(0);
    const md = JSON.parse(r.stdout) as {
      brokers: Array<{ id: number; name: string }>;
      topics: Array<{ topic: string; partitions: Array<{ partition: number; leader: number; replicas: Array<{ id: number }>; isrs: Array<{ id: number }> }> }>;
    };
    expect(md.brokers).toEqual([{ id: 1, name: tb.bootstrap }]);
    const bulk = md.topics.find((t) => t.topic === 'kcat-bulk')!;
    expect(bulk.partitions.map((p) => p.partition).sort()).toEqual([0, 1, 2, 3]);
    for (const p of bulk.partitions) {
      expect(p.leader).toBe(1);
      expect(p.replicas).toEqual([{ id: 1 }]);
      expect(p.isrs).toEqual([{ id: 1 }]);
    }
  });

  it(`-P produces ${TOTAL} keyed messages from stdin (-K:), spread by key over ${PARTITIONS} partitions`, async () => {
    console.log(`[kcat] producing ${TOTAL} messages`);
    const r = await kcat(['-P', '-t', 'kcat-bulk', '-K:'], { input: await readFile(input) });
    expect(r.code, r.stderr).toBe(0);
    const admin = kafkaClient(tb.bootstrap, 'kcat-check').admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets('kcat-bulk');
    await admin.disconnect();
    expect(offsets.reduce((n, o) => n + Number(o.high), 0)).toBe(TOTAL);
    // The default partitioner hashes keys, so every partition gets a share.
    for (const o of offsets) expect(Number(o.high)).toBeGreaterThan(TOTAL / PARTITIONS / 2);
  });

  it('-C from the beginning reads every message back, keys and values intact, in order per partition', async () => {
    console.log(`[kcat] consuming ${TOTAL} messages`);
    const r = await kcat(['-C', '-t', 'kcat-bulk', '-o', 'beginning', '-e', '-q', '-f', '%p %o %k:%s\\n']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(TOTAL);
    const got = new Map<string, string>();
    const lastOffset = new Map<number, number>();
    const lastIndex = new Map<number, number>();
    for (const line of lines) {
      const m = /^(\d+) (\d+) (key-(\d+)):(.*)$/.exec(line);
      expect(m, line).not.toBeNull();
      const [, p, o, key, index, value] = m!;
      got.set(key!, value!);
      // Offsets are dense per partition, and input order is kept within a partition.
      expect(Number(o)).toBe((lastOffset.get(Number(p)) ?? -1) + 1);
      expect(Number(index)).toBeGreaterThan(lastIndex.get(Number(p)) ?? -1);
      lastOffset.set(Number(p), Number(o));
      lastIndex.set(Number(p), Number(index));
    }
    expect(got.size).toBe(TOTAL);
    for (const [k, v] of sent) if (got.get(k) !== v) expect(got.get(k), k).toBe(v);
  });

  it('-C -p 0 -o 5 starts at offset 5', async () => {
    const r = await kcat(['-C', '-t', 'kcat-bulk', '-p', '0', '-o', '5', '-e', '-q', '-f', '%o\\n']);
    expect(r.code, r.stderr).toBe(0);
    const offsets = r.stdout.trimEnd().split('\n').map(Number);
    expect(offsets[0]).toBe(5);
    expect(offsets.every((o, i) => o === 5 + i)).toBe(true);
    const c = await kcat(['-C', '-t', 'kcat-bulk', '-p', '0', '-o', '5', '-c', '3', '-q', '-f', '%o %k\\n']);
    expect(c.stdout.trimEnd().split('\n').map((l) => l.split(' ')[0])).toEqual(['5', '6', '7']);
  });

  it('-G reads everything in a balanced consumer group and commits; a second run reads nothing new', async () => {
    requireApi(tb.broker, 11, 'JoinGroup');
    const values = Array.from({ length: 300 }, (_, i) => `g-${i}`);
    const p = await kcat(['-P', '-t', 'kcat-group'], { input: Buffer.from(values.join('\n') + '\n') });
    expect(p.code, p.stderr).toBe(0);
    // No `-o`: in -G mode kcat applies an explicit -o to every assigned partition, overriding committed offsets;
    // auto.offset.reset=earliest is what makes a fresh group start at the beginning.
    const group = ['-G', 'kcat-g', '-X', 'auto.offset.reset=earliest', '-e', '-q', '-f', '%s\\n', '-X', 'auto.commit.interval.ms=100', 'kcat-group'];
    const first = await kcat(group, { timeoutMs: 45_000 });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trimEnd().split('\n').sort()).toEqual([...values].sort());
    const second = await kcat(group, { timeoutMs: 45_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe('');
  }, 100_000);
});
