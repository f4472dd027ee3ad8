import { join } from 'node:path';
import { DescribeLogDirsRequest } from '@tributary/protocol';
import { Broker } from '@tributary/broker';
import { tempDir } from '@tributary/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { call, createTopic, produce, useBrokers, wire } from './harness.js';

const brokers = useBrokers();

describe('DescribeLogDirs (35)', () => {
  for (const version of [0, 1]) {
    it(`v${version}: null topics lists every partition with its size; the metadata log is not listed`, async () => {
      const b = await brokers.start();
      await createTopic(b.broker, 'a', 2);
      await createTopic(b.broker, 'b', 1);
      const sizeA0 = (await produce(b.broker, 'a', 0, 3, 100)).batchBytes + (await produce(b.broker, 'a', 0, 1, 10)).batchBytes;
      const sizeB0 = (await produce(b.broker, 'b', 0, 2, 50)).batchBytes;
      const r = await call(b.broker, 35, version, DescribeLogDirsRequest.create({ topics: null }));
      expect(r.results).toEqual([
        {
          errorCode: 0,
          logDir: b.logDir,
          totalBytes: -1n,
          usableBytes: -1n,
          topics: [
            {
              name: 'a',
              partitions: [
                { partitionIndex: 0, partitionSize: BigInt(sizeA0), offsetLag: 0n, isFutureKey: false },
                { partitionIndex: 1, partitionSize: 0n, offsetLag: 0n, isFutureKey: false },
              ],
            },
            { name: 'b', partitions: [{ partitionIndex: 0, partitionSize: BigInt(sizeB0), offsetLag: 0n, isFutureKey: false }] },
          ],
        },
      ]);
    });
  }

  it('named partitions only; other topics of the dir appear with no partitions, as in Kafka', async () => {
    const b = await brokers.start();
    await createTopic(b.broker, 'a', 2);
    await createTopic(b.broker, 'b', 1);
    const r = await wire(b.bootstrap, 35, 1, DescribeLogDirsRequest.create({ topics: [{ topic: 'a', partitions: [1, 7] }, { topic: 'nope', partitions: [0] }] }));
    expect(r.results[0]!.topics).toEqual([
      { name: 'a', partitions: [{ partitionIndex: 1, partitionSize: 0n, offsetLag: 0n, isFutureKey: false }] },
      { name: 'b', partitions: [] },
    ]);
  });
});

describe('DescribeLogDirs with several log dirs', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('lists every configured dir, each with the partitions it holds', async () => {
    const dir = await tempDir('tributary-logdirs-');
    cleanups.push(() => dir.cleanup());
    const dirs = [join(dir.path, 'one'), join(dir.path, 'two')];
    const broker = await Broker.start({ 'node.id': 1, 'log.dirs': dirs.join(','), listeners: 'PLAINTEXT://127.0.0.1:0' }, { log: () => {} });
    cleanups.push(() => broker.stop());
    await createTopic(broker, 'spread', 4);
    const r = await call(broker, 35, 1, DescribeLogDirsRequest.create({ topics: null }));
    expect(r.results.map((x) => x.logDir)).toEqual(dirs);
    const partitions = r.results.flatMap((x) => x.topics.flatMap((t) => t.partitions.map((p) => p.partitionIndex)));
    expect(partitions.sort()).toEqual([0, 1, 2, 3]);
    for (const x of r.results) expect(x.topics.flatMap((t) => t.partitions)).not.toHaveLength(0);
  });
});
