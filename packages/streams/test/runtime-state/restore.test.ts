import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter as rxFilter } from 'rxjs';
import { startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import { inProcess, type Consumer, type Transport } from '@tributary/client';
import { KafkaStreams, KafkaStreamsState, Stores, type KeyValueBytesStoreSupplier, type StateRestoreListener } from '../../src/index.js';
import { countingTopology, L, S } from './counting.js';

interface RestoreEvent {
  kind: 'start' | 'batch' | 'end';
  topic: string;
  partition: number;
  store: string;
  a: number;
  b?: number;
}

function recordingListener(events: RestoreEvent[]): StateRestoreListener {
  return {
    onRestoreStart: (tp, store, start, end) => void events.push({ kind: 'start', ...tp, store, a: start, b: end }),
    onBatchRestored: (tp, store, last, n) => void events.push({ kind: 'batch', ...tp, store, a: last, b: n }),
    onRestoreEnd: (tp, store, total) => void events.push({ kind: 'end', ...tp, store, a: total }),
  };
}

describe('state restoration on the in-process broker', () => {
  let tb: TestBroker;
  let transport: Transport;
  let stateDir: string;
  beforeAll(async () => {
    tb = await startTestBroker();
    transport = inProcess(tb.broker);
    stateDir = await mkdtemp(join(tmpdir(), 'runtime-state-'));
  });
  afterAll(async () => {
    await transport.close();
    await tb.cleanup();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function produce(topic: string, keys: string[]): Promise<void> {
    const producer = transport.producer();
    await Promise.all(keys.map((k) => producer.send({ topic, key: Buffer.from(k), value: Buffer.from('x'), partition: 0 })));
    await producer.close();
  }

  /** Runs the counting app until `expected` outputs are in `out` (read by `reader`), then closes it cleanly. */
  async function runApp(app: string, supplier: () => KeyValueBytesStoreSupplier, events: RestoreEvent[], run: (streams: KafkaStreams) => Promise<void>): Promise<void> {
    const streams = new KafkaStreams(countingTopology(`${app}-in`, `${app}-out`, supplier()), { 'application.id': app, 'state.dir': stateDir, 'commit.interval.ms': 50 }, transport);
    streams.setGlobalStateRestoreListener(recordingListener(events));
    streams.start();
    console.log(`waiting for ${app} to run ...`);
    await firstValueFrom(streams.stateChanges().pipe(rxFilter((c) => c.newState === KafkaStreamsState.RUNNING)));
    try {
      await run(streams);
    } finally {
      await streams.close();
    }
  }

  async function readCounts(consumer: Consumer, n: number): Promise<string[]> {
    const out: string[] = [];
    await waitFor(`${n} counts`, async () => {
      for (const r of await consumer.poll(100)) out.push(`${r.key!.toString()}=${L.deserializer().deserialize('', r.value)}`);
      return out.length >= n;
    }, { timeoutMs: 20_000 });
    return out;
  }

  function outConsumer(topic: string): Consumer {
    const c = transport.consumer({ 'auto.offset.reset': 'earliest' });
    c.assign([{ topic, partition: 0 }]);
    return c;
  }

  it('creates the changelog compacted, with the input partition count; restores only the tail after the checkpoint; rebuilds after the local state is deleted or corrupt', async () => {
    const app = 'rs-count';
    const admin = transport.admin();
    await admin.createTopics([{ name: `${app}-in`, numPartitions: 1 }, { name: `${app}-out`, numPartitions: 1 }]);
    const out = outConsumer(`${app}-out`);
    const changelog = `${app}-counts-changelog`;
    const supplier = () => Stores.persistentKeyValueStore('counts');

    // First run: 5 records, counts a=3 b=2.
    const first: RestoreEvent[] = [];
    await runApp(app, supplier, first, async () => {
      await produce(`${app}-in`, ['a', 'b', 'a', 'b', 'a']);
      expect(await readCounts(out, 5)).toEqual(['a=1', 'b=1', 'a=2', 'b=2', 'a=3']);
    });
    expect(first).toEqual([]);
    const [described] = await admin.describeTopics([changelog]);
    expect(described!.partitions).toHaveLength(1);
    const [configs] = await admin.describeConfigs([{ type: 'topic', name: changelog }]);
    expect(configs!.entries.find((e) => e.name === 'cleanup.policy')?.value).toBe('compact');
    const checkpointPath = join(stateDir, app, '0_0', '.checkpoint');
    expect(readFileSync(checkpointPath, 'utf8')).toBe(`0\n1\n${changelog} 0 4\n`);

    // Another owner wrote two more changelog records (a=10 at offset 5, b=20 at 6): only they are restored.
    const producer = transport.producer();
    await producer.send({ topic: changelog, partition: 0, key: Buffer.from('a'), value: L.serializer().serialize('', 10) });
    await producer.send({ topic: changelog, partition: 0, key: Buffer.from('b'), value: L.serializer().serialize('', 20) });
    await producer.close();
    const second: RestoreEvent[] = [];
    await runApp(app, supplier, second, async () => {
      await produce(`${app}-in`, ['a', 'b']);
      expect(await readCounts(out, 2)).toEqual(['a=11', 'b=21']);
    });
    expect(second.filter((e) => e.kind !== 'batch')).toEqual([
      { kind: 'start', topic: changelog, partition: 0, store: 'counts', a: 5, b: 7 },
      { kind: 'end', topic: changelog, partition: 0, store: 'counts', a: 2 },
    ]);

    // Local state deleted (cleanUp): a full restore gives the same values. Changelog now has 9 records.
    const cleaner = new KafkaStreams(countingTopology(`${app}-in`, `${app}-out`, supplier()), { 'application.id': app, 'state.dir': stateDir }, transport);
    await cleaner.cleanUp();
    expect(existsSync(join(stateDir, app))).toBe(false);
    const third: RestoreEvent[] = [];
    await runApp(app, supplier, third, async () => {
      await produce(`${app}-in`, ['a']);
      expect(await readCounts(out, 1)).toEqual(['a=12']);
    });
    expect(third.filter((e) => e.kind !== 'batch')).toEqual([
      { kind: 'start', topic: changelog, partition: 0, store: 'counts', a: 0, b: 9 },
      { kind: 'end', topic: changelog, partition: 0, store: 'counts', a: 9 },
    ]);

    // A corrupt checkpoint: the local state is wiped and rebuilt from the whole changelog (10 records now).
    writeFileSync(checkpointPath, 'garbage\n');
    const fourth: RestoreEvent[] = [];
    await runApp(app, supplier, fourth, async () => {
      await produce(`${app}-in`, ['b']);
      expect(await readCounts(out, 1)).toEqual(['b=22']);
    });
    expect(fourth.filter((e) => e.kind === 'start')).toEqual([{ kind: 'start', topic: changelog, partition: 0, store: 'counts', a: 0, b: 10 }]);
    await out.close();
    await admin.close();
  });

  it('an in-memory store restores its whole changelog at every start', async () => {
    const app = 'rs-mem';
    const admin = transport.admin();
    await admin.createTopics([{ name: `${app}-in`, numPartitions: 1 }, { name: `${app}-out`, numPartitions: 1 }]);
    await admin.close();
    const out = outConsumer(`${app}-out`);
    const supplier = () => Stores.inMemoryKeyValueStore('counts');
    await runApp(app, supplier, [], async () => {
      await produce(`${app}-in`, ['a', 'a']);
      await readCounts(out, 2);
    });
    const events: RestoreEvent[] = [];
    await runApp(app, supplier, events, async () => {
      await produce(`${app}-in`, ['a']);
      expect(await readCounts(out, 1)).toEqual(['a=3']);
    });
    expect(events.filter((e) => e.kind === 'start').map((e) => [e.a, e.b])).toEqual([[0, 2]]);
    await out.close();
  });

  it('a task directory locked by a live process is not opened until the lock goes away', async () => {
    const app = 'rs-lock';
    const admin = transport.admin();
    await admin.createTopics([{ name: `${app}-in`, numPartitions: 1 }, { name: `${app}-out`, numPartitions: 1 }]);
    await admin.close();
    const taskDir = join(stateDir, app, '0_0');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(taskDir, { recursive: true });
    // Our parent process is alive: its pid in the lock file means "held".
    writeFileSync(join(taskDir, '.lock'), `${process.ppid}\nsomeone-else\n`);
    const out = outConsumer(`${app}-out`);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(' '));
    try {
      await runApp(app, () => Stores.persistentKeyValueStore('counts'), [], async () => {
        await produce(`${app}-in`, ['a']);
        await new Promise((r) => setTimeout(r, 500));
        expect((await out.poll(100)).count).toBe(0);
        expect(warnings.some((w) => w.includes(`locked by process ${process.ppid}`))).toBe(true);
        rmSync(join(taskDir, '.lock'));
        console.log('lock removed; waiting for the task to start ...');
        expect(await readCounts(out, 1)).toEqual(['a=1']);
      });
    } finally {
      console.warn = warn;
    }
    await out.close();
  });
});
