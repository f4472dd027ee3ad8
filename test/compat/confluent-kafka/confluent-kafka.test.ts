import { requireApi, startTestBroker, type TestBroker } from '@tributary/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaClient } from '../../e2e/support/kafkajs.js';
import { COMPRESSION_CODE, LIBRDKAFKA_UNCOMPRESSED_CODECS_KNOWN_BUG } from '../../e2e/support/librdkafka-compression.js';
import { clientScript, runPython, type PyRecord } from '../../e2e/support/python.js';
import { storedCompressions } from '../../e2e/support/read-log.js';

// confluent-kafka 1.7.0 (librdkafka 2.0.2, Debian python3-confluent-kafka) against the broker, driven by client.py as async child processes.
const script = clientScript('confluent-kafka');

interface Produced {
  sent: number;
  unflushed: number;
  errors: string[];
  offsets: Record<string, [number, number, number]>;
}
interface ConsumedOut {
  records: PyRecord[];
  committed: Record<string, number | null>;
}

describe('confluent-kafka', () => {
  let tb: TestBroker;

  beforeAll(async () => {
    tb = await startTestBroker();
    const admin = kafkaClient(tb.bootstrap, 'ck-setup').admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: ['ck-none', 'ck-gzip', 'ck-snappy', 'ck-lz4', 'ck-zstd', 'ck-group', 'ck-z-gzip', 'ck-z-snappy', 'ck-z-lz4', 'ck-z-zstd'].map((topic) => ({ topic, numPartitions: 3 })) });
    await admin.disconnect();
  });
  afterAll(async () => {
    await tb?.cleanup();
  });

  it.each(['none', 'gzip', 'snappy', 'lz4', 'zstd'])('produces idempotently with compression %s and consumes by assignment', async (codec) => {
    const topic = `ck-${codec}`;
    const produced = await runPython<Produced>(script, ['produce', tb.bootstrap, topic, 300, codec, codec]);
    expect(produced).toMatchObject({ sent: 300, unflushed: 0, errors: [] });
    const perPartition = Object.values(produced.offsets);
    expect(perPartition.reduce((n, [, , c]) => n + c, 0)).toBe(300);
    for (const [first, last, n] of perPartition) expect([first, last]).toEqual([0, n - 1]);

    const consumed = await runPython<ConsumedOut>(script, ['consume', tb.bootstrap, topic, 300]);
    expect(consumed.records).toHaveLength(300);
    expect(consumed.records.map((r) => `${r.k}=${r.v}`).sort()).toEqual(Array.from({ length: 300 }, (_, i) => `${codec}-k${i}=${codec}-v${i}`).sort());
  });

  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
    const knownBug = LIBRDKAFKA_UNCOMPRESSED_CODECS_KNOWN_BUG.includes(codec);
    // it.fails for gzip/snappy/lz4: known broker bug, Produce v0 not advertised (support/librdkafka-compression.ts).
    (knownBug ? it.fails : it)(`compression.codec=${codec} batches are stored ${codec}-compressed${knownBug ? ' (known bug: Produce v0 not advertised)' : ''}`, async () => {
      const topic = `ck-z-${codec}`;
      const produced = await runPython<Produced>(script, ['produce', tb.bootstrap, topic, 200, codec, codec]);
      expect(produced.errors).toEqual([]);
      expect(await storedCompressions(tb.broker, topic, 3)).toEqual(new Set([COMPRESSION_CODE[codec]]));
    });
  }

  it('AdminClient creates, lists, describes configs of, and deletes a topic; lists groups (ListGroups v0)', async () => {
    const out = await runPython<{ partitions: number; 'cleanup.policy': string; 'retention.ms': string; groups: string[] }>(script, ['admin', tb.bootstrap, 'ck-admin', 4]);
    expect(out).toEqual({ partitions: 4, 'cleanup.policy': 'compact', 'retention.ms': '604800000', groups: expect.any(Array) });
    const admin = kafkaClient(tb.bootstrap, 'ck-check').admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain('ck-admin');
    await admin.disconnect();
  });

  it('consumes in a group, commits, and a second member run of the group reads nothing new', async () => {
    requireApi(tb.broker, 11, 'JoinGroup');
    const produced = await runPython<Produced>(script, ['produce', tb.bootstrap, 'ck-group', 90, 'g']);
    expect(produced.errors).toEqual([]);
    const first = await runPython<ConsumedOut>(script, ['consume', tb.bootstrap, 'ck-group', 90, 'ck-g']);
    expect(first.records.map((r) => r.v).sort()).toEqual(Array.from({ length: 90 }, (_, i) => `g-v${i}`).sort());
    const ends = new Map<number, number>();
    for (const r of first.records) ends.set(r.p, Math.max(ends.get(r.p) ?? -1, r.o + 1));
    expect(first.committed).toEqual(Object.fromEntries([...ends].map(([p, o]) => [String(p), o])));

    const second = await runPython<ConsumedOut>(script, ['consume', tb.bootstrap, 'ck-group', 90, 'ck-g']);
    expect(second.records).toEqual([]);
    expect(second.committed).toEqual(first.committed);
  }, 90_000);
});
