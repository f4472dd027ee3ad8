import { requireApi, startTestBroker, type TestBroker } from '@tributary/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaClient } from '../../e2e/support/kafkajs.js';
import { clientScript, runPython, type PyRecord } from '../../e2e/support/python.js';
import { storedCompressions } from '../../e2e/support/read-log.js';

// kafka-python 2.0.2 (Debian python3-kafka) against the broker, driven by client.py as async child processes.
const script = clientScript('kafka-python');

interface Produced {
  sent: number;
  api_version: number[];
  offsets: Record<string, [number, number, number]>;
}
interface ConsumedOut {
  records: PyRecord[];
  committed: Record<string, number | null>;
}

describe('kafka-python', () => {
  let tb: TestBroker;

  beforeAll(async () => {
    tb = await startTestBroker();
    const admin = kafkaClient(tb.bootstrap, 'kp-setup').admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'kp', numPartitions: 3 }, { topic: 'kp-group', numPartitions: 3 }, { topic: 'kp-gzip' }] });
    await admin.disconnect();
  });
  afterAll(async () => {
    await tb?.cleanup();
  });

  it('produces with acks=all (infers a broker >= 2.0 from ApiVersions) and consumes by assignment', async () => {
    const produced = await runPython<Produced>(script, ['produce', tb.bootstrap, 'kp', 300, 'a']);
    // kafka-python maps our ApiVersions to a broker version (today (2, 4, 0): Produce v8, no DescribeAcls v2)
    // and picks fixed request versions from it; >= 2.0 means magic-2 batches and modern fetches.
    expect(produced.api_version[0]).toBe(2);
    const perPartition = Object.values(produced.offsets);
    expect(perPartition.reduce((n, [, , c]) => n + c, 0)).toBe(300);
    for (const [first, last, n] of perPartition) expect([first, last]).toEqual([0, n - 1]);

    const consumed = await runPython<ConsumedOut>(script, ['consume', tb.bootstrap, 'kp', 300]);
    expect(consumed.records).toHaveLength(300);
    expect(consumed.records.map((r) => `${r.k}=${r.v}`).sort()).toEqual(Array.from({ length: 300 }, (_, i) => `a-k${i}=a-v${i}`).sort());
  });

  it('produces gzip batches (the codec Debian ships libraries for) that are stored gzip-compressed', async () => {
    const produced = await runPython<Produced>(script, ['produce', tb.bootstrap, 'kp-gzip', 100, 'z', 'gzip']);
    expect(Object.values(produced.offsets).reduce((n, [, , c]) => n + c, 0)).toBe(100);
    expect(await storedCompressions(tb.broker, 'kp-gzip', 1)).toEqual(new Set([1]));
    const consumed = await runPython<ConsumedOut>(script, ['consume', tb.bootstrap, 'kp-gzip', 100]);
    expect(consumed.records.map((r) => r.v).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `z-v${i}`).sort());
  });

  it('KafkaAdminClient creates, lists, describes configs of, and deletes a topic; lists groups', async () => {
    const out = await runPython<{ listed: boolean; 'retention.ms': string; 'cleanup.policy': string; groups: string[]; deleted: boolean }>(script, [
      'admin',
      tb.bootstrap,
      'kp-admin',
      2,
    ]);
    expect(out).toEqual({ listed: true, 'retention.ms': '3600000', 'cleanup.policy': 'delete', groups: expect.any(Array), deleted: true });
  });

  it('consumes in a group, commits, and a second member run of the group reads nothing new', async () => {
    requireApi(tb.broker, 11, 'JoinGroup');
    await runPython<Produced>(script, ['produce', tb.bootstrap, 'kp-group', 90, 'g']);
    const first = await runPython<ConsumedOut>(script, ['consume', tb.bootstrap, 'kp-group', 90, 'kp-g']);
    expect(first.records.map((r) => r.v).sort()).toEqual(Array.from({ length: 90 }, (_, i) => `g-v${i}`).sort());
    const ends = new Map<number, number>();
    for (const r of first.records) ends.set(r.p, Math.max(ends.get(r.p) ?? -1, r.o + 1));
    expect(first.committed).toEqual(Object.fromEntries([...ends].map(([p, o]) => [String(p), o])));

    const second = await runPython<ConsumedOut>(script, ['consume', tb.bootstrap, 'kp-group', 90, 'kp-g']);
    expect(second.records).toEqual([]);
    expect(second.committed).toEqual(first.committed);
  }, 90_000);
});
