import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import { inProcess, type Transport } from '@tributary/client';
import { KafkaStreams, Stores, Topology, type KeyValueStore, type Processor, type ProcessorContext, type Record } from '../../src/index.js';
import { S } from './counting.js';

class Put implements Processor<string, string, void, void> {
  #store!: KeyValueStore<string, string>;
  init(context: ProcessorContext<void, void>): void {
    this.#store = context.getStateStore('rates');
  }
  process(record: Record<string, string>): void {
    this.#store.put(record.key(), record.value());
  }
}

class Enrich implements Processor<string, string, string, string> {
  #store!: KeyValueStore<string, string>;
  #context!: ProcessorContext<string, string>;
  init(context: ProcessorContext<string, string>): void {
    this.#context = context;
    this.#store = context.getStateStore('rates');
  }
  process(record: Record<string, string>): void {
    this.#context.forward(record.withValue(`${record.value()}@${this.#store.get(record.value()) ?? 'none'}`));
  }
}

describe('global stores on the in-process broker', () => {
  let tb: TestBroker;
  let transport: Transport;
  let stateDir: string;
  beforeAll(async () => {
    tb = await startTestBroker();
    transport = inProcess(tb.broker);
    stateDir = await mkdtemp(join(tmpdir(), 'runtime-global-'));
  });
  afterAll(async () => {
    await transport.close();
    await tb.cleanup();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reads the whole global topic before processing, then keeps up with it; a restart reads from its checkpoint', async () => {
    const admin = transport.admin();
    await admin.createTopics([{ name: 'g-rates', numPartitions: 2 }, { name: 'g-orders', numPartitions: 1 }, { name: 'g-out', numPartitions: 1 }]);
    await admin.close();
    const producer = transport.producer();
    const send = (topic: string, k: string, v: string, partition = 0) => producer.send({ topic, partition, key: Buffer.from(k), value: Buffer.from(v) });
    await send('g-rates', 'EUR', '1.1', 0);
    await send('g-rates', 'GBP', '0.9', 1);
    // Orders written before the start must already see the rates: the global topic is read first.
    await send('g-orders', 'o1', 'EUR');
    await send('g-orders', 'o2', 'GBP');
    const topology = () =>
      new Topology()
        .addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('rates'), S, S).withLoggingDisabled(), 'rates-src',
          { keyDeserializer: S.deserializer(), valueDeserializer: S.deserializer() }, 'g-rates', 'rates-put', () => new Put())
        .addSource('orders', ['g-orders'], { keyDeserializer: S.deserializer(), valueDeserializer: S.deserializer() })
        .addProcessor('enrich', () => new Enrich(), 'orders')
        .addSink('out', 'g-out', { keySerializer: S.serializer(), valueSerializer: S.serializer() }, 'enrich');
    const restores: string[] = [];
    const start = () => {
      const streams = new KafkaStreams(topology(), { 'application.id': 'g-app', 'state.dir': stateDir, 'commit.interval.ms': 50 }, transport);
      streams.setGlobalStateRestoreListener({
        onRestoreStart: (tp, store, from, to) => void restores.push(`${store} ${tp.topic}-${tp.partition} ${from}..${to}`),
        onBatchRestored: () => {},
        onRestoreEnd: () => {},
      });
      streams.start();
      return streams;
    };
    const consumer = transport.consumer({ 'auto.offset.reset': 'earliest' });
    consumer.assign([{ topic: 'g-out', partition: 0 }]);
    const values: string[] = [];
    const read = (n: number) =>
      waitFor(`${n} enriched orders`, async () => {
        for (const r of await consumer.poll(100)) values.push(r.value!.toString());
        return values.length >= n;
      }, { timeoutMs: 20_000 });

    let streams = start();
    await read(2);
    expect(values).toEqual(['EUR@1.1', 'GBP@0.9']);
    expect(restores.sort()).toEqual(['rates g-rates-0 0..1', 'rates g-rates-1 0..1']);
    // Kept up to date while running.
    await send('g-rates', 'EUR', '1.2', 0);
    await waitFor('an order enriched with the new EUR rate', async () => {
      await send('g-orders', 'o3', 'EUR');
      await read(values.length + 1);
      return values.at(-1) === 'EUR@1.2';
    }, { timeoutMs: 10_000 });
    await streams.close();

    // Restart: the persistent global store starts from its checkpoint; only the new record is read.
    restores.length = 0;
    await send('g-rates', 'USD', '1.0', 1);
    streams = start();
    await send('g-orders', 'o4', 'USD');
    await read(values.length + 1);
    expect(values.at(-1)).toBe('USD@1.0');
    expect(restores).toEqual(['rates g-rates-1 1..2']);
    await streams.close();
    await consumer.close();
    await producer.close();
  });
});
