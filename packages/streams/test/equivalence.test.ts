import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter as rxFilter } from 'rxjs';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { inProcess, kafkajs, type ConsumerRecord, type Transport } from '@tributary/client';
import { pollRecords } from '@tributary/client/testing';
import { Branched, KafkaStreams, Named, Repartitioned, Serdes, StreamsBuilder, type Topology } from '../src/index.js';
import { TestRecord, TopologyTestDriver } from '../src/testing/index.js';

// One stateless topology, three runtimes: the test driver, the in-process broker, and our broker over TCP through
// kafkajs. The output must be the same: every record (key, value, timestamp, headers), in the same order per key
// where Kafka guarantees an order (same key, same partition path), as a multiset where it does not.

interface Order {
  readonly amount: number;
  readonly country: string;
}

const S = Serdes.String();
const J = Serdes.JSON<Order>();
const OUTPUTS = ['eq-domestic', 'eq-international', 'eq-by-country'] as const;

/** The topology under test; `suffix` renames its topics so several runs share one broker. */
function topology(suffix = ''): Topology {
  const builder = new StreamsBuilder();
  const orders = builder.stream<string, Order>(`eq-orders${suffix}`)
    .filter((_k, o) => o.amount > 0, Named.as('positive'))
    .mapValues((o) => ({ ...o, amount: Math.round(o.amount * 1.2) }));
  const branches = orders.split(Named.as('route-'))
    .branch((_k, o) => o.country === 'NL', Branched.as('domestic'))
    .defaultBranch(Branched.as('international'));
  branches.get('route-domestic')!.to(`eq-domestic${suffix}`);
  branches.get('route-international')!.mapValues((o) => ({ ...o, country: o.country.toLowerCase() })).to(`eq-international${suffix}`);
  orders.selectKey((_k, o) => o.country).repartition(Repartitioned.as('by-country')).to(`eq-by-country${suffix}`);
  return builder.build();
}

const props = { 'application.id': 'eq-app', 'default.key.serde': S, 'default.value.serde': J, 'commit.interval.ms': 100 };

const INPUT: { key: string; value: Order; timestamp: number; trace: string }[] = Array.from({ length: 40 }, (_, i) => ({
  key: `customer-${i % 7}`,
  value: { amount: (i % 5) - 1, country: ['NL', 'BE', 'DE', 'NL', 'FR'][i % 5]! },
  timestamp: 1_700_000_000_000 + i * 1000,
  trace: `t${i}`,
}));

interface Out {
  readonly key: string;
  readonly value: string;
  readonly timestamp: number;
  readonly headers: string;
}

function normalise(records: Out[]): { perKey: { [key: string]: string[] }; sorted: string[] } {
  const perKey: { [key: string]: string[] } = {};
  for (const r of records) (perKey[r.key] ??= []).push(`${r.value}@${r.timestamp}[${r.headers}]`);
  return { perKey, sorted: records.map((r) => `${r.key}=${r.value}@${r.timestamp}[${r.headers}]`).sort() };
}

function onDriver(): { [topic: string]: Out[] } {
  const driver = new TopologyTestDriver(topology(), props, 0);
  const input = driver.createInputTopic('eq-orders', S.serializer(), J.serializer());
  for (const r of INPUT) input.pipeInput(new TestRecord(r.key, r.value, [{ key: 'trace', value: Buffer.from(r.trace) }], r.timestamp));
  const out: { [topic: string]: Out[] } = {};
  for (const topic of OUTPUTS) {
    out[topic] = driver.createOutputTopic(topic, S.deserializer(), S.deserializer()).readRecordsToList().map((r) => ({
      key: r.key(), value: r.value(), timestamp: r.timestamp()!, headers: r.headers().toArray().map((h) => `${h.key}=${h.value}`).join(','),
    }));
  }
  driver.close();
  return out;
}

async function onBroker(transport: Transport, admin: Transport, suffix: string, expected: { [topic: string]: number }): Promise<{ [topic: string]: Out[] }> {
  const a = admin.admin();
  const names = (t: string) => `${t}${suffix}`;
  await a.createTopics([{ name: names('eq-orders'), numPartitions: 3 }, ...OUTPUTS.map((t) => ({ name: names(t), numPartitions: 3 }))]);
  await a.close();
  const streams = new KafkaStreams(topology(suffix), { ...props, 'application.id': `eq-app${suffix}` }, transport);
  streams.start();
  console.log(`waiting for the ${transport.name} application to run ...`);
  await firstValueFrom(streams.stateChanges().pipe(rxFilter((c) => c.newState === 'RUNNING')));
  const producer = admin.producer();
  await Promise.all(INPUT.map((r) => producer.send({
    topic: names('eq-orders'), key: Buffer.from(r.key), value: Buffer.from(JSON.stringify(r.value)), timestamp: r.timestamp, headers: [{ key: 'trace', value: Buffer.from(r.trace) }],
  })));
  await producer.close();
  const out: { [topic: string]: Out[] } = {};
  for (const topic of OUTPUTS) {
    const consumer = admin.consumer({ 'auto.offset.reset': 'earliest' });
    consumer.assign([0, 1, 2].map((partition) => ({ topic: names(topic), partition })));
    console.log(`waiting for ${expected[topic]} records on ${names(topic)} (${transport.name}) ...`);
    const got: ConsumerRecord[] = await pollRecords(consumer, expected[topic]!, 20_000);
    await consumer.close();
    out[topic] = got.map((r) => ({
      key: r.key!.toString(), value: r.value!.toString(), timestamp: r.timestamp, headers: r.headers.map((h) => `${h.key}=${h.value}`).join(','),
    }));
  }
  expect(await streams.close()).toBe(true);
  return out;
}

describe('the same topology gives the same output on the test driver, in-process, and over TCP through kafkajs', () => {
  let tb: TestBroker;
  let local: Transport;
  let tcp: Transport;
  beforeAll(async () => {
    tb = await startTestBroker();
    local = inProcess(tb.broker);
    tcp = kafkajs({ 'bootstrap.servers': tb.bootstrap, retry: { retries: 5, initialRetryTime: 50, maxRetryTime: 500 } });
  });
  afterAll(async () => {
    await local.close();
    await tcp.close();
    await tb.cleanup();
  });

  it('identical records per key (and as a whole) on all three', async () => {
    const driver = onDriver();
    const counts = Object.fromEntries(OUTPUTS.map((t) => [t, driver[t]!.length]));
    expect(counts['eq-domestic']).toBeGreaterThan(0);
    expect(counts['eq-international']).toBeGreaterThan(0);
    const inProcessOut = await onBroker(local, local, '-local', counts);
    const kafkajsOut = await onBroker(tcp, local, '-tcp', counts);
    for (const topic of OUTPUTS) {
      const d = normalise(driver[topic]!);
      for (const other of [inProcessOut, kafkajsOut]) {
        const o = normalise(other[topic]!);
        expect(o.sorted).toEqual(d.sorted);
        // Order per key holds where one partition path carries the key: the unchanged-key outputs.
        if (topic !== 'eq-by-country') expect(o.perKey).toEqual(d.perKey);
      }
    }
  }, 90_000);
});
