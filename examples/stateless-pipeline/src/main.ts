/**
 * The stateless pipeline on the embedded broker, in one process and with no port: start the broker, create the
 * topics, run the topology with KafkaStreams over the in-process transport, produce some payments and print
 * what arrives on each output topic.
 *
 * Run: `npm start` in this folder (or `npm start -w @tributary/example-stateless-pipeline` from the root).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter } from 'rxjs';
import { Broker } from '@tributary/broker';
import { inProcess } from '@tributary/client';
import { KafkaStreams } from '@tributary/streams';
import { buildTopology, INPUT, OUTPUTS, type Payment } from './pipeline.js';

const dir = await mkdtemp(join(tmpdir(), 'tributary-pipeline-'));
const broker = await Broker.start({ 'node.id': 1, 'log.dirs': dir, 'offsets.topic.replication.factor': 1, 'group.initial.rebalance.delay.ms': 0 }, { listen: false, log: () => {} });
const transport = inProcess(broker);
try {
  const admin = transport.admin();
  await admin.createTopics([{ name: INPUT, numPartitions: 2 }, ...OUTPUTS.map((name) => ({ name, numPartitions: 2 }))]);
  await admin.close();

  const topology = buildTopology();
  console.log(topology.describe().toString());

  const streams = new KafkaStreams(topology, { 'application.id': 'payments-router', 'commit.interval.ms': 100 }, transport);
  streams.setStateListener((now, before) => console.log(`state ${before} -> ${now}`));
  const running = firstValueFrom(streams.stateChanges().pipe(filter((c) => c.newState === 'RUNNING')));
  streams.start();
  await running;

  const payments: [string, Payment][] = [
    ['alice', { id: 'p1', amount: 12.5, currency: 'EUR' }],
    ['bob', { id: 'p2', amount: 2500, currency: 'USD' }],
    ['alice', { id: 'p3', amount: -3, currency: 'EUR' }],
    ['carol', { id: 'p4', amount: 1000, currency: 'EUR' }],
    ['bob', { id: 'p5', amount: 7.99, currency: 'GBP' }],
  ];
  const producer = transport.producer();
  await Promise.all(payments.map(([account, p], i) => producer.send({ topic: INPUT, key: Buffer.from(account), value: Buffer.from(JSON.stringify(p)), timestamp: 1_700_000_000_000 + i })));
  await producer.close();

  // 4 valid payments: each reaches one of the size topics and the by-currency topic.
  const consumer = transport.consumer({ 'auto.offset.reset': 'earliest' });
  consumer.assign(OUTPUTS.flatMap((topic) => [0, 1].map((partition) => ({ topic, partition }))));
  const lines: string[] = [];
  const deadline = Date.now() + 15_000;
  while (lines.length < 8 && Date.now() < deadline) {
    for (const r of await consumer.poll(200)) lines.push(`${r.topic}  ${r.key?.toString()} -> ${r.value?.toString()}`);
  }
  await consumer.close();
  for (const line of lines.sort()) console.log(line);

  await streams.close();
} finally {
  await transport.close();
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
}
