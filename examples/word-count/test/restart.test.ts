import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcess, type Transport } from '@tributary/client';
import { startTestBroker, tempDir, waitFor, type TempDir, type TestBroker } from '@tributary/test-kit';
import { INPUT_TOPIC, OUTPUT_TOPIC, splitWords } from '../src/topology.js';
import { startWordCount } from './run-word-count.js';

const LINES = 20_000;
const APP = 'wordcount-restart';
const REPARTITION = `${APP}-counts-store-repartition`;

/** A deterministic text: ~10 words a line from a 500-word vocabulary, skewed so some words are frequent. */
function makeLines(n: number, seed: number): string[] {
  let x = seed;
  const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: n }, () => Array.from({ length: 5 + Math.floor(next() * 10) }, () => `w${Math.floor(500 * next() ** 2)}`).join(' '));
}

function countWords(lines: readonly string[], into = new Map<string, number>()): Map<string, number> {
  for (const line of lines) for (const w of splitWords(line)) into.set(w, (into.get(w) ?? 0) + 1);
  return into;
}

/** Reads a topic from the start to its current end: String keys, raw values, in offset order per partition. */
async function readAll(t: Transport, topic: string, from: Map<number, number> = new Map()): Promise<{ key: string; value: Buffer; partition: number }[]> {
  const admin = t.admin();
  const parts = (await admin.describeTopics([topic]))[0]!.partitions.map((p) => ({ topic, partition: p.partition }));
  const ends = await admin.listOffsets(parts.map((p) => ({ ...p, spec: 'latest' as const })));
  await admin.close();
  const consumer = t.consumer({ 'auto.offset.reset': 'earliest' });
  consumer.assign(parts);
  for (const p of parts) if (from.has(p.partition)) consumer.seek(p, from.get(p.partition)!);
  const out: { key: string; value: Buffer; partition: number }[] = [];
  const want = ends.reduce((s, e) => s + Number(e.offset) - (from.get(e.partition) ?? 0), 0);
  while (out.length < want) for (const r of await consumer.poll(500)) out.push({ key: r.key!.toString(), value: r.value!, partition: r.partition });
  await consumer.close();
  return out;
}

async function finalCounts(t: Transport): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const r of await readAll(t, OUTPUT_TOPIC)) counts.set(r.key, Number(r.value.readBigInt64BE(0)));
  return counts;
}

async function produceLines(t: Transport, lines: readonly string[]): Promise<void> {
  const producer = t.producer({ 'linger.ms': 5 });
  await Promise.all(lines.map((line) => producer.send({ topic: INPUT_TOPIC, value: Buffer.from(line) })));
  await producer.close();
}

describe('word count survives SIGKILL and the loss of its local state', () => {
  let broker: TestBroker;
  let state: TempDir;
  let t: Transport;

  beforeAll(async () => {
    broker = await startTestBroker();
    state = await tempDir('tributary-wordcount-restart-');
    t = inProcess(broker.broker);
    const admin = t.admin();
    await admin.createTopics([{ name: INPUT_TOPIC, numPartitions: 2 }, { name: OUTPUT_TOPIC, numPartitions: 2, configs: { 'cleanup.policy': 'compact' } }]);
    await admin.close();
  });
  afterAll(async () => {
    await t?.close();
    await broker?.cleanup();
    await state?.cleanup();
  });

  it('killed half way, restarted: every count is at least the true count, over-counting only re-processed records', async () => {
    const lines = makeLines(LINES, 7);
    const reference = countWords(lines);
    const totalWords = [...reference.values()].reduce((a, b) => a + b, 0);
    await produceLines(t, lines);
    const args = ['--bootstrap-server', broker.bootstrap, '--no-feed', '--quiet', '--state-dir', state.path, '--application-id', APP, '--partitions', '2', '--commit-interval-ms', '300'];

    const first = startWordCount(args);
    const admin = t.admin();
    const outputSize = async (): Promise<number> => {
      const ends = await admin.listOffsets([0, 1].map((partition) => ({ topic: OUTPUT_TOPIC, partition, spec: 'latest' as const })));
      return ends.reduce((s, e) => s + Number(e.offset), 0);
    };
    await waitFor(`half of the ${totalWords} count updates in ${OUTPUT_TOPIC} (first run)`, async () => (await outputSize()) >= totalWords / 2, { timeoutMs: 120_000, intervalMs: 20 });
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    // What the killed run had committed: records after these offsets are processed again by the restart.
    const committed = await admin.listGroupOffsets(APP, [0, 1].flatMap((partition) => [{ topic: INPUT_TOPIC, partition }, { topic: REPARTITION, partition }]));
    await admin.close();
    const from = (topic: string): Map<number, number> => new Map(committed.filter((c) => c.topic === topic).map((c) => [c.partition, Math.max(0, c.offset)]));
    const inputAgain = (await readAll(t, INPUT_TOPIC, from(INPUT_TOPIC))).map((r) => r.value.toString());
    const repartitionAgain = (await readAll(t, REPARTITION, from(REPARTITION))).map((r) => r.key);
    const bound = countWords(inputAgain);
    for (const w of repartitionAgain) bound.set(w, (bound.get(w) ?? 0) + 1);

    const second = startWordCount(args);
    const { code } = await second.exited;
    expect(code, second.output()).toBe(0);
    // The local LevelDB store survived the kill; it restores the changelog records written after the last
    // checkpoint (none when the kill came right after a commit, so a restore line is not required here).
    const restoredTail = /restored counts-store/.test(second.output());

    const counts = await finalCounts(t);
    let over = 0;
    for (const [word, truth] of reference) {
      const got = counts.get(word) ?? 0;
      expect(got, word).toBeGreaterThanOrEqual(truth);
      expect(got - truth, `over-count of ${word}`).toBeLessThanOrEqual(bound.get(word) ?? 0);
      over += got - truth;
    }
    console.log(`restart after SIGKILL: ${totalWords} words; over-counted ${over} (${[...bound.values()].reduce((a, b) => a + b, 0)} re-processed at most); changelog tail restored: ${restoredTail}`);

    // Lose the local state: the restart restores counts-store from its changelog, then counts new lines on top.
    await rm(state.path, { recursive: true, force: true });
    const more = ['w1 w2 w3 hello', 'hello w1'];
    await produceLines(t, more);
    const third = startWordCount(args);
    const third_ = await third.exited;
    expect(third_.code, third.output()).toBe(0);
    expect(third.output()).toMatch(/restored counts-store/);
    const after = await finalCounts(t);
    for (const [word, n] of countWords(more)) expect(after.get(word), word).toBe((counts.get(word) ?? 0) + n);
  }, 300_000);
});
