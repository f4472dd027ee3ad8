import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter as rxFilter } from 'rxjs';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { inProcess, type ConsumerRecord, type Transport } from '@tributary/client';
import {
  AutoOffsetReset,
  Consumed,
  KafkaStreams,
  KafkaStreamsState,
  Serdes,
  StreamsBuilder,
  StreamThreadExceptionResponse,
  type KafkaStreamsState as State,
  type ProductionExceptionHandler,
  type Topology,
} from '../src/index.js';

const S = Serdes.String();

async function untilState(streams: KafkaStreams, state: State, what: string, timeoutMs = 20_000): Promise<void> {
  if (streams.state() === state) return;
  console.log(`waiting for ${what} (state ${state}) ...`);
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}; state is ${streams.state()}`)), timeoutMs));
  await Promise.race([firstValueFrom(streams.stateChanges().pipe(rxFilter((c) => c.newState === state))), timer]);
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  console.log(`waiting for ${what} ...`);
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('KafkaStreams: instances, threads, handlers', () => {
  let tb: TestBroker;
  let transport: Transport;
  beforeAll(async () => {
    tb = await startTestBroker();
    transport = inProcess(tb.broker);
  });
  afterAll(async () => {
    await transport.close();
    await tb.cleanup();
  });

  async function topics(...specs: [string, number][]): Promise<void> {
    const admin = transport.admin();
    await admin.createTopics(specs.map(([name, numPartitions]) => ({ name, numPartitions })));
    await admin.close();
  }

  async function produce(topic: string, n: number, from = 0): Promise<void> {
    const producer = transport.producer();
    await Promise.all(Array.from({ length: n }, (_, i) => producer.send({ topic, key: Buffer.from(`k${(i + from) % 10}`), value: Buffer.from(`v${i + from}`) })));
    await producer.close();
  }

  function collect(topic: string, partitions: number): { records: ConsumerRecord[]; stop: () => Promise<void> } {
    const records: ConsumerRecord[] = [];
    const consumer = transport.consumer({ 'auto.offset.reset': 'earliest' });
    consumer.assign(Array.from({ length: partitions }, (_, partition) => ({ topic, partition })));
    let running = true;
    const loop = (async () => {
      while (running) for (const r of await consumer.poll(50)) records.push(r);
    })();
    return { records, stop: async () => { running = false; await loop; await consumer.close(); } };
  }

  const upper = (input: string, output: string): Topology => {
    const b = new StreamsBuilder();
    b.stream<string, string>(input).mapValues((v) => v.toUpperCase()).to(output);
    return b.build();
  };
  const props = (appId: string, extra = {}) => ({
    'application.id': appId, 'default.key.serde': S, 'default.value.serde': S, 'commit.interval.ms': 50,
    // Members learn of a rebalance through heartbeats: short ones keep the test fast.
    'consumer.heartbeat.interval.ms': 100, ...extra,
  });

  it('two instances share the tasks; when one closes, the other takes them all and nothing is lost', async () => {
    await topics(['grp-in', 4], ['grp-out', 4]);
    const a = new KafkaStreams(upper('grp-in', 'grp-out'), props('grp-app'), transport);
    const b = new KafkaStreams(upper('grp-in', 'grp-out'), props('grp-app'), transport);
    a.start();
    await untilState(a, KafkaStreamsState.RUNNING, 'instance a to run');
    b.start();
    const tasksOf = (s: KafkaStreams) => s.metadataForLocalThreads().flatMap((t) => t.activeTasks);
    await until(() => a.state() === 'RUNNING' && b.state() === 'RUNNING' && tasksOf(a).length === 2 && tasksOf(b).length === 2, 'the four tasks to be split two and two');
    expect([...tasksOf(a), ...tasksOf(b)].sort()).toEqual(['0_0', '0_1', '0_2', '0_3']);
    const out = collect('grp-out', 4);
    await produce('grp-in', 40);
    await until(() => out.records.length >= 40, '40 records from both instances');
    await b.close();
    await until(() => tasksOf(a).length === 4 && a.state() === 'RUNNING', 'instance a to take over all four tasks');
    await produce('grp-in', 40, 40);
    await until(() => out.records.length >= 80, '40 more records from instance a alone');
    await a.close();
    await out.stop();
    const values = out.records.map((r) => r.value!.toString());
    expect(new Set(values).size).toBe(80);
    expect(values.every((v) => /^V\d+$/.test(v))).toBe(true);
  });

  it('num.stream.threads: one group member per thread, tasks spread over them', async () => {
    await topics(['thr-in', 3], ['thr-out', 1]);
    const s = new KafkaStreams(upper('thr-in', 'thr-out'), props('thr-app', { 'num.stream.threads': 3 }), transport);
    s.start();
    await until(() => s.state() === 'RUNNING' && s.metadataForLocalThreads().every((t) => t.activeTasks.length === 1), 'one task per thread');
    expect(s.metadataForLocalThreads().map((t) => t.threadName)).toEqual([1, 2, 3].map((n) => expect.stringMatching(new RegExp(`^thr-app-.*-StreamThread-${n}$`))));
    const out = collect('thr-out', 1);
    await produce('thr-in', 30);
    await until(() => out.records.length >= 30, '30 records through three threads');
    await out.stop();
    await s.close();
  });

  it('SHUTDOWN_APPLICATION stops every instance', async () => {
    await topics(['down-in', 2]);
    const make = () => {
      const b = new StreamsBuilder();
      b.stream<string, string>('down-in').foreach((_k, v) => {
        if (v === 'poison') throw new Error('poison pill');
      });
      return b.build();
    };
    const a = new KafkaStreams(make(), props('down-app'), transport);
    const b = new KafkaStreams(make(), props('down-app'), transport);
    for (const s of [a, b]) s.setUncaughtExceptionHandler(() => StreamThreadExceptionResponse.SHUTDOWN_APPLICATION);
    a.start();
    b.start();
    await until(() => a.state() === 'RUNNING' && b.state() === 'RUNNING' && a.metadataForLocalThreads()[0]!.activeTasks.length === 1, 'both instances to run one task each');
    const producer = transport.producer();
    await producer.send({ topic: 'down-in', partition: 0, key: Buffer.from('x'), value: Buffer.from('poison') });
    await producer.close();
    await untilState(a, KafkaStreamsState.ERROR, 'instance a to stop');
    await untilState(b, KafkaStreamsState.ERROR, 'instance b to stop');
  });

  it('the production exception handler decides: CONTINUE drops the record, the default fails the client', async () => {
    await topics(['prod-in', 1], ['prod-ok', 1]);
    const make = () => {
      const b = new StreamsBuilder();
      // A topic name the broker refuses: every send to it fails.
      b.stream<string, string>('prod-in').to((_k, v) => (v === 'bad' ? 'no such topic!' : 'prod-ok'));
      return b.build();
    };
    const seen: string[] = [];
    const handler: ProductionExceptionHandler = {
      handle: (_ctx, record) => {
        seen.push(record.topic);
        return 'CONTINUE';
      },
    };
    const tolerant = new KafkaStreams(make(), props('prod-tolerant', { 'production.exception.handler': handler }), transport);
    tolerant.start();
    await untilState(tolerant, KafkaStreamsState.RUNNING, 'the tolerant application to run');
    const out = collect('prod-ok', 1);
    await produce('prod-in', 1);
    const producer = transport.producer();
    await producer.send({ topic: 'prod-in', key: Buffer.from('k'), value: Buffer.from('bad') });
    await producer.close();
    await produce('prod-in', 1, 1);
    await until(() => out.records.length >= 2 && seen.length === 1, 'the two good records and one handled failure');
    expect(tolerant.state()).toBe('RUNNING');
    await tolerant.close();
    await out.stop();

    const strict = new KafkaStreams(make(), props('prod-strict'), transport);
    strict.start();
    await untilState(strict, KafkaStreamsState.ERROR, 'the default handler to fail the client');
  });

  it('a source\'s own offset reset: latest skips what was written before the application first ran', async () => {
    await topics(['reset-in', 1], ['reset-out', 1]);
    await produce('reset-in', 5);
    const b = new StreamsBuilder();
    b.stream('reset-in', Consumed.with(S, S).withOffsetResetPolicy(AutoOffsetReset.latest())).to('reset-out');
    const s = new KafkaStreams(b.build(), props('reset-app'), transport);
    s.start();
    await untilState(s, KafkaStreamsState.RUNNING, 'the application to run');
    await new Promise((r) => setTimeout(r, 200));
    await produce('reset-in', 3, 100);
    const out = collect('reset-out', 1);
    await until(() => out.records.length >= 3, 'the three records written after start');
    await new Promise((r) => setTimeout(r, 200));
    await out.stop();
    await s.close();
    expect(out.records.map((r) => r.value!.toString())).toEqual(['v100', 'v101', 'v102']);
  });
});
