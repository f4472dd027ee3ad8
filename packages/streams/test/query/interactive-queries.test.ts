import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcess, kafkajs, partitionForKey, type Transport } from '@tributary/client';
import { startTestBroker, tempDir, waitFor, type TempDir, type TestBroker } from '@tributary/test-kit';
import {
  InvalidStateStorePartitionException,
  KafkaStreams,
  KafkaStreamsState,
  Materialized,
  QueryableStoreTypes,
  Serdes,
  StoreQueryParameters,
  StreamsBuilder,
  StreamsNotStartedException,
  UnknownStateStoreException,
  type ReadOnlyKeyValueStore,
  type ValueAndTimestamp,
} from '../../src/index.js';

const INPUT = 'iq-words';
const KEYS = Array.from({ length: 40 }, (_, i) => `user-${i}`);

function counting(): StreamsBuilder {
  const builder = new StreamsBuilder();
  builder.stream<string, string>(INPUT).groupByKey().count(Materialized.as<string, number>('counts'));
  return builder;
}

async function allOf<K, V>(store: ReadOnlyKeyValueStore<K, V>): Promise<Map<K, V>> {
  const out = new Map<K, V>();
  for await (const kv of store.all()) out.set(kv.key, kv.value);
  return out;
}

describe.each([
  ['in-process', (b: TestBroker): Transport => inProcess(b.broker)],
  ['kafkajs over TCP', (b: TestBroker): Transport => kafkajs({ 'bootstrap.servers': b.bootstrap })],
])('interactive queries (%s)', (_name, transportOf) => {
  let broker: TestBroker;
  let state: TempDir;
  let t: Transport;
  const instances: KafkaStreams[] = [];

  beforeAll(async () => {
    broker = await startTestBroker();
    state = await tempDir('tributary-iq-');
    t = transportOf(broker);
    const admin = t.admin();
    await admin.createTopics([{ name: INPUT, numPartitions: 4 }]);
    await admin.close();
    const producer = t.producer();
    // user-i gets i + 1 records.
    await Promise.all(KEYS.flatMap((k, i) => Array.from({ length: i + 1 }, () => producer.send({ topic: INPUT, key: Buffer.from(k), value: Buffer.from('x') }))));
    await producer.close();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(instances.map((s) => s.close()));
    await t?.close();
    await broker?.cleanup();
    await state?.cleanup();
  });

  it('each instance serves its own partitions, and metadata routes every key to the instance holding it', async () => {
    const props = (server: string, dir: string) => ({
      'application.id': `iq-app-${_name.replace(/\W/g, '')}`,
      'application.server': server,
      'default.key.serde': Serdes.String(),
      'default.value.serde': Serdes.String(),
      'commit.interval.ms': 100,
      'state.dir': `${state.path}/${dir}`,
    });
    const a = new KafkaStreams(counting().build(), props('host-a:7001', 'a'), t);
    const b = new KafkaStreams(counting().build(), props('host-b:7002', 'b'), t);
    instances.push(a, b);
    const params = StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.keyValueStore<string, number>());
    expect(() => a.store(params)).toThrow(StreamsNotStartedException);
    a.start();
    b.start();
    await waitFor('both instances RUNNING with 2 tasks each', () =>
      [a, b].every((s) => s.state() === KafkaStreamsState.RUNNING && s.metadataForLocalThreads()[0]!.activeTasks.length === 2), { timeoutMs: 60_000 });

    const total = () => [a, b].reduce(async (sum, s) => (await sum) + [...(await allOf(s.store(params))).values()].reduce((x, y) => x + y, 0), Promise.resolve(0));
    await waitFor('every record counted in the two instances\' stores', async () => (await total()) === (KEYS.length * (KEYS.length + 1)) / 2, { timeoutMs: 60_000 });

    const all = a.metadataForAllStreamsClients().map((m) => `${m.host()}:${m.port()} ${m.topicPartitions().length} ${[...m.stateStoreNames()].join(',')}`).sort();
    expect(all).toEqual(['host-a:7001 2 counts', 'host-b:7002 2 counts']);
    expect(b.streamsMetadataForStore('counts')).toHaveLength(2);
    const stringSer = Serdes.String().serializer();
    for (const [i, key] of KEYS.entries()) {
      const meta = a.queryMetadataForKey('counts', key, stringSer);
      expect(meta.partition()).toBe(partitionForKey(Buffer.from(key), 4));
      const owner = meta.activeHost().port() === 7001 ? a : b;
      const other = owner === a ? b : a;
      expect(owner.store(params).get(key)).toBe(i + 1);
      expect(other.store(params).get(key)).toBeNull();
      expect(owner.store(params.withPartition(meta.partition())).get(key)).toBe(i + 1);
      expect(() => other.store(params.withPartition(meta.partition())).get(key)).toThrow(InvalidStateStorePartitionException);
    }
    const timestamped = a.store(StoreQueryParameters.fromNameAndType('counts', QueryableStoreTypes.timestampedKeyValueStore<string, number>()));
    const local = [...(await allOf(timestamped)).values()] as ValueAndTimestamp<number>[];
    expect(local.length).toBeGreaterThan(0);
    expect(local.every((v) => typeof v.value() === 'number' && v.timestamp() > 0)).toBe(true);
    expect(() => a.store(StoreQueryParameters.fromNameAndType('nope', QueryableStoreTypes.keyValueStore()))).toThrow(UnknownStateStoreException);
  }, 120_000);
});
