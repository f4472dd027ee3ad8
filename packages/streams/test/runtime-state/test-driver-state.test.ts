import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Stores, Topology, ValueAndTimestamp, type KeyValueStore, type Processor, type ProcessorContext, type Record } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';
import { countingTopology, L, S } from './counting.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempStateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'runtime-state-ttd-'));
  dirs.push(d);
  return d;
}

describe('TopologyTestDriver with state', () => {
  it('counts in an in-memory store, logs every write to <app>-<store>-changelog with the record timestamp', () => {
    const driver = new TopologyTestDriver(countingTopology('in', 'out', Stores.inMemoryKeyValueStore('counts')), { 'application.id': 'ttd' });
    const input = driver.createInputTopic('in', S.serializer(), S.serializer());
    input.pipeInput('a', 'x', 100);
    input.pipeInput('b', 'x', 200);
    input.pipeInput('a', 'x', 300);
    expect(driver.getKeyValueStore<string, number>('counts')?.get('a')).toBe(2);
    const out = driver.createOutputTopic('out', S.deserializer(), L.deserializer()).readKeyValuesToList();
    expect(out.map((kv) => `${kv.key}=${kv.value}`)).toEqual(['a=1', 'b=1', 'a=2']);
    expect([...driver.producedTopicNames()].sort()).toEqual(['out', 'ttd-counts-changelog']);
    const changelog = driver.createOutputTopic('ttd-counts-changelog', S.deserializer(), L.deserializer()).readRecordsToList();
    expect(changelog.map((r) => `${r.key()}=${r.value()}@${r.timestamp()}`)).toEqual(['a=1@100', 'b=1@200', 'a=2@300']);
    driver.close();
  });

  it('a persistent store lives in <state.dir>/<app>/0_0 with a lock while open and a Kafka-format checkpoint after close', async () => {
    const stateDir = tempStateDir();
    const driver = new TopologyTestDriver(countingTopology('in', 'out', Stores.persistentKeyValueStore('counts')), { 'application.id': 'ttd-p', 'state.dir': stateDir });
    const taskDir = join(stateDir, 'ttd-p', '0_0');
    const input = driver.createInputTopic('in', S.serializer(), S.serializer());
    await input.pipeInput('a', 'x', 1);
    await input.pipeInput('a', 'x', 2);
    expect(driver.getKeyValueStore<string, number>('counts')?.get('a')).toBe(2);
    expect(existsSync(join(taskDir, '.lock'))).toBe(true);
    await driver.close();
    expect(existsSync(join(taskDir, '.lock'))).toBe(false);
    // Kafka's OffsetCheckpoint: version, count, then "topic partition offset" (the last changelog offset).
    expect(readFileSync(join(taskDir, '.checkpoint'), 'utf8')).toBe('0\n1\nttd-p-counts-changelog 0 1\n');
    // A second driver on the same directory finds the data.
    const again = new TopologyTestDriver(countingTopology('in', 'out', Stores.persistentKeyValueStore('counts')), { 'application.id': 'ttd-p', 'state.dir': stateDir });
    await again.createInputTopic('in', S.serializer(), S.serializer()).pipeInput('a', 'x', 3);
    expect(again.getKeyValueStore<string, number>('counts')?.get('a')).toBe(3);
    await again.close();
  });

  it('without state.dir the driver uses a temporary directory and removes it on close', async () => {
    const driver = new TopologyTestDriver(countingTopology('in', 'out', Stores.persistentKeyValueStore('counts')), { 'application.id': 'ttd-tmp' });
    await driver.createInputTopic('in', S.serializer(), S.serializer()).pipeInput('k', 'v');
    const store = driver.getStateStore('counts')!;
    expect(store.persistent()).toBe(true);
    const dir = findTempDir();
    expect(dir).toBeDefined();
    await driver.close();
    expect(existsSync(dir!)).toBe(false);
  });

  it('typed getters: a timestamped store is unwrapped by getKeyValueStore and whole by getTimestampedKeyValueStore', () => {
    const topology = new Topology()
      .addSource('src', ['in'], { keyDeserializer: S.deserializer(), valueDeserializer: S.deserializer() })
      .addProcessor('put', () => new PutTimestamped(), 'src')
      .addStateStore(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore('ts'), S, S), 'put');
    const driver = new TopologyTestDriver(topology, { 'application.id': 'ttd-ts' });
    driver.createInputTopic('in', S.serializer(), S.serializer()).pipeInput('k', 'v', 42);
    expect(driver.getKeyValueStore<string, string>('ts')?.get('k')).toBe('v');
    expect(driver.getTimestampedKeyValueStore<string, string>('ts')?.get('k')).toEqual(ValueAndTimestamp.make('v', 42));
    expect(driver.getWindowStore('ts')).toBeUndefined();
    expect(driver.getSessionStore('ts')).toBeUndefined();
    driver.close();
  });

  it('global store: piped global records update it at once; every processor reads it without being connected', () => {
    const topology = new Topology()
      .addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('rates'), S, S).withLoggingDisabled(),
        'rates-source', { keyDeserializer: S.deserializer(), valueDeserializer: S.deserializer() }, 'rates',
        'rates-updater', () => new GlobalPut('rates'))
      .addSource('src', ['orders'], { keyDeserializer: S.deserializer(), valueDeserializer: S.deserializer() })
      .addProcessor('enrich', () => new Enrich('rates'), 'src')
      .addSink('sink', 'enriched', { keySerializer: S.serializer(), valueSerializer: S.serializer() }, 'enrich');
    expect(topology.describe().toString()).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0 for global store (will not generate tasks)\n' +
        '    Source: rates-source (topics: [rates])\n      --> rates-updater\n' +
        '    Processor: rates-updater (stores: [rates])\n      --> none\n      <-- rates-source\n' +
        '  Sub-topology: 1\n' +
        '    Source: src (topics: [orders])\n      --> enrich\n' +
        '    Processor: enrich (stores: [])\n      --> sink\n      <-- src\n' +
        '    Sink: sink (topic: enriched)\n      <-- enrich\n\n',
    );
    const driver = new TopologyTestDriver(topology, { 'application.id': 'ttd-global' });
    const rates = driver.createInputTopic('rates', S.serializer(), S.serializer());
    const orders = driver.createInputTopic('orders', S.serializer(), S.serializer());
    const out = driver.createOutputTopic('enriched', S.deserializer(), S.deserializer());
    rates.pipeInput('EUR', '1.1');
    orders.pipeInput('o1', 'EUR');
    rates.pipeInput('EUR', '1.2');
    orders.pipeInput('o2', 'EUR');
    orders.pipeInput('o3', 'USD');
    expect(out.readValuesToList()).toEqual(['EUR@1.1', 'EUR@1.2', 'USD@none']);
    expect(driver.getKeyValueStore<string, string>('rates')?.get('EUR')).toBe('1.2');
    expect([...driver.getAllStateStores().keys()]).toEqual(['rates']);
    driver.close();
  });

  it('a global store must not log, and cannot be connected explicitly (Kafka\'s messages)', () => {
    const logged = () => new Topology().addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('g'), S, S), 's', {}, 't', 'p', () => new GlobalPut('g'));
    expect(logged).toThrow('Invalid topology: StateStore g for global table must not have logging enabled.');
    const t = new Topology()
      .addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('g'), S, S).withLoggingDisabled(), 's', {}, 't', 'p', () => new GlobalPut('g'))
      .addSource('src', 'in')
      .addProcessor('x', () => new Enrich('g'), 'src');
    expect(() => t.connectProcessorAndStateStores('x', 'g')).toThrow('Global StateStore g can be used by a Processor without being specified');
  });
});

function findTempDir(): string | undefined {
  const names = readdirSync(tmpdir()).filter((n) => n.startsWith('kafka-streams-test-driver-') && existsSync(join(tmpdir(), n, 'ttd-tmp')));
  return names.length === 0 ? undefined : join(tmpdir(), names[names.length - 1]!);
}

class PutTimestamped implements Processor<string, string, void, void> {
  #store!: KeyValueStore<string, ValueAndTimestamp<string>>;
  init(context: ProcessorContext<void, void>): void {
    this.#store = context.getStateStore('ts');
  }
  process(record: Record<string, string>): void {
    this.#store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
  }
}

class GlobalPut implements Processor<string, string, void, void> {
  #store!: KeyValueStore<string, string>;
  constructor(private readonly name: string) {}
  init(context: ProcessorContext<void, void>): void {
    this.#store = context.getStateStore(this.name);
  }
  process(record: Record<string, string>): void {
    this.#store.put(record.key(), record.value());
  }
}

class Enrich implements Processor<string, string, string, string> {
  #store!: KeyValueStore<string, string>;
  #context!: ProcessorContext<string, string>;
  constructor(private readonly name: string) {}
  init(context: ProcessorContext<string, string>): void {
    this.#context = context;
    this.#store = context.getStateStore(this.name);
  }
  process(record: Record<string, string>): void {
    this.#context.forward(record.withValue(`${record.value()}@${this.#store.get(record.value()) ?? 'none'}`));
  }
}

