/**
 * Issue 6's restoration benchmark: a 1,000,000-key changelog (BENCH_RESTORE_KEYS) on the in-process broker is
 * restored into a fresh LevelDB store through the runtime's restore path - a KafkaStreams instance with an
 * empty state directory, its restore consumer and the store's batched restore callback - timed from the
 * restore listener's onRestoreStart to onRestoreEnd. Beside it, in the same run: a plain consume of the same
 * changelog (the baseline). RSS at the end. Target (issue 6): >= 200,000 keys/s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Broker } from '@tributary/broker';
import { inProcess, type Transport } from '@tributary/client';
import { KafkaStreams, Serdes, Stores, Topology, type KeyValueStore, type Processor, type ProcessorContext, type Record } from '@tributary/streams';

const KEYS = Number(process.env.BENCH_RESTORE_KEYS ?? 1_000_000);
const APP = 'bench-restore';
const CHANGELOG = `${APP}-counts-changelog`;

async function fillChangelog(t: Transport): Promise<void> {
  const admin = t.admin();
  await admin.createTopics([
    { name: 'bench-restore-in', numPartitions: 1 },
    { name: CHANGELOG, numPartitions: 1, configs: { 'cleanup.policy': 'compact' } },
  ]);
  await admin.close();
  const producer = t.producer({ 'linger.ms': 5, 'batch.size': 262144, 'max.request.size': 4 << 20 });
  const value = Buffer.alloc(8);
  for (let i = 0; i < KEYS; i++) {
    const key = Buffer.from(`key-${String(i).padStart(8, '0')}`);
    value.writeUInt32BE(i, 4);
    void producer.send({ topic: CHANGELOG, partition: 0, key, value: Buffer.from(value) });
    if (i % 50_000 === 49_999) await producer.flush();
  }
  await producer.close();
}

async function plainConsume(t: Transport): Promise<number> {
  const consumer = t.consumer({ 'auto.offset.reset': 'earliest', 'max.poll.records': 1000 });
  consumer.assign([{ topic: CHANGELOG, partition: 0 }]);
  const started = performance.now();
  let n = 0;
  while (n < KEYS) n += (await consumer.poll(1000)).count;
  const rate = KEYS / ((performance.now() - started) / 1000);
  await consumer.close();
  return rate;
}

class Touch implements Processor<string, string, void, void> {
  #store!: KeyValueStore<string, number>;
  init(context: ProcessorContext<void, void>): void {
    this.#store = context.getStateStore('counts');
  }
  process(record: Record<string, string>): void {
    this.#store.put(record.key(), 1);
  }
}

async function restore(t: Transport, stateDir: string): Promise<{ rate: number; restored: number }> {
  const topology = new Topology()
    .addSource('src', ['bench-restore-in'], { keyDeserializer: Serdes.String().deserializer(), valueDeserializer: Serdes.String().deserializer() })
    .addProcessor('touch', () => new Touch(), 'src')
    .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('counts'), Serdes.String(), Serdes.Long()), 'touch');
  const streams = new KafkaStreams(topology, { 'application.id': APP, 'state.dir': stateDir }, t);
  let started = 0;
  let restored = 0;
  const done = new Promise<number>((resolve) => {
    streams.setGlobalStateRestoreListener({
      onRestoreStart: () => void (started = performance.now()),
      onBatchRestored: () => {},
      onRestoreEnd: (_tp, _store, total) => {
        restored = total;
        resolve(performance.now() - started);
      },
    });
  });
  streams.start();
  const ms = await done;
  await streams.close();
  return { rate: restored / (ms / 1000), restored };
}

const dir = await mkdtemp(join(tmpdir(), 'tributary-restore-bench-'));
try {
  const broker = await Broker.start({ 'node.id': 1, 'log.dirs': join(dir, 'broker'), 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 }, { listen: false, log: () => {} });
  const t = inProcess(broker);
  await fillChangelog(t);
  const plain = await plainConsume(t);
  const r = await restore(t, join(dir, 'state'));
  await t.close();
  await broker.stop();
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(12);
  console.log(`restore a ${KEYS.toLocaleString('en-US')}-key changelog into a fresh LevelDB store (in-process); target >= 200,000 keys/s\n`);
  console.log(`  plain consume of the changelog (poll loop)    ${fmt(plain)} records/s`);
  console.log(`  restore through the runtime (${r.restored.toLocaleString('en-US')} keys)   ${fmt(r.rate)} keys/s  (${(r.rate / plain).toFixed(2)}x plain consume)${r.rate >= 200_000 ? '' : '  BELOW TARGET'}`);
  console.log(`  RSS at the end                                ${fmt(process.memoryUsage().rss / 2 ** 20)} MiB`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
