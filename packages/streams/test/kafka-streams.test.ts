import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter as rxFilter, toArray, takeWhile } from 'rxjs';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { inProcess, type Transport } from '@tributary/client';
import { pollRecords } from '@tributary/client/testing';
import {
  KafkaStreams,
  KafkaStreamsState,
  Record,
  Serdes,
  StreamsBuilder,
  StreamThreadExceptionResponse,
  type KafkaStreamsState as State,
  type ProcessorContext,
} from '../src/index.js';

const S = Serdes.String();

async function untilState(streams: KafkaStreams, state: State, what: string, timeoutMs = 20_000): Promise<void> {
  if (streams.state() === state) return;
  console.log(`waiting for ${what} (state ${state}) ...`);
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}; state is ${streams.state()}`)), timeoutMs));
  await Promise.race([firstValueFrom(streams.stateChanges().pipe(rxFilter((c) => c.newState === state))), timer]);
}

describe('KafkaStreams on the in-process broker', () => {
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

  async function produce(topic: string, records: [string, string, number][]): Promise<void> {
    const producer = transport.producer();
    await Promise.all(records.map(([k, v, ts]) => producer.send({ topic, key: Buffer.from(k), value: Buffer.from(v), timestamp: ts })));
    await producer.close();
  }

  it('runs a filter/map/repartition topology: REBALANCING -> RUNNING, output committed, close -> NOT_RUNNING', async () => {
    const admin = transport.admin();
    await admin.createTopics([{ name: 'ks-in', numPartitions: 2 }, { name: 'ks-out', numPartitions: 1 }]);
    const builder = new StreamsBuilder();
    builder.stream<string, string>('ks-in')
      .filter((_k, v) => !v.startsWith('skip'))
      .selectKey((_k, v) => v.split(':')[0]!)
      .repartition()
      .mapValues((v) => v.toUpperCase())
      .to('ks-out');
    const streams = new KafkaStreams(builder.build(), { 'application.id': 'ks-app', 'default.key.serde': S, 'default.value.serde': S, 'commit.interval.ms': 100 }, transport);
    const states: string[] = [];
    streams.setStateListener((now, before) => states.push(`${before}->${now}`));
    const all = firstValueFrom(streams.stateChanges().pipe(toArray()));
    streams.start();
    await untilState(streams, KafkaStreamsState.RUNNING, 'the application to run');
    await produce('ks-in', [['a', 'x:1', 10], ['b', 'skip:2', 20], ['c', 'y:3', 30], ['d', 'x:4', 40]]);
    const consumer = transport.consumer({ 'auto.offset.reset': 'earliest' });
    consumer.assign([{ topic: 'ks-out', partition: 0 }]);
    const out = await pollRecords(consumer, 3);
    await consumer.close();
    const byKey = (k: string) => out.filter((r) => r.key?.toString() === k).map((r) => `${r.value?.toString()}@${r.timestamp}`);
    expect(byKey('x')).toEqual(['X:1@10', 'X:4@40']);
    expect(byKey('y')).toEqual(['Y:3@30']);
    expect((await admin.describeTopics(['ks-app-KSTREAM-REPARTITION-0000000003-repartition']))[0]!.partitions).toHaveLength(2);
    expect([...streams.metadataForLocalThreads()[0]!.activeTasks].sort()).toEqual(['0_0', '0_1', '1_0', '1_1']);
    expect(await streams.close()).toBe(true);
    expect(streams.state()).toBe(KafkaStreamsState.NOT_RUNNING);
    expect(states[0]).toBe('CREATED->REBALANCING');
    expect(states).toContain('REBALANCING->RUNNING');
    expect(states.slice(-2)).toEqual(['RUNNING->PENDING_SHUTDOWN', 'PENDING_SHUTDOWN->NOT_RUNNING']);
    expect((await all).map((c) => c.newState).at(-1)).toBe('NOT_RUNNING');
    const committed = await admin.listGroupOffsets('ks-app');
    const inputOffsets = committed.filter((o) => o.topic === 'ks-in').map((o) => o.offset);
    expect(inputOffsets.reduce((a, b) => a + b, 0)).toBe(4);
    await admin.close();
  });

  it('a failing processor: REPLACE_THREAD keeps the client up; the default shuts it down to ERROR', async () => {
    const admin = transport.admin();
    await admin.createTopics([{ name: 'boom-in', numPartitions: 1 }]);
    await admin.close();
    const make = () => {
      const b = new StreamsBuilder();
      b.stream<string, string>('boom-in').process(() => {
        let ctx!: ProcessorContext<string, string>;
        return {
          init: (c: ProcessorContext<string, string>) => void (ctx = c),
          process: (r: Record<string, string>) => {
            if (r.value() === 'boom') throw new Error('bad record');
            ctx.forward(r);
          },
        };
      });
      return b.build();
    };
    const failures: string[] = [];
    const replacing = new KafkaStreams(make(), { 'application.id': 'boom-replace', 'default.key.serde': S, 'default.value.serde': S }, transport);
    replacing.setUncaughtExceptionHandler((e) => {
      failures.push((e as Error).message);
      return failures.length === 1 ? StreamThreadExceptionResponse.REPLACE_THREAD : StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    const replacingStates = firstValueFrom(replacing.stateChanges().pipe(takeWhile((c) => c.newState !== 'ERROR', true), toArray()));
    replacing.start();
    await produce('boom-in', [['k', 'boom', 1]]);
    await untilState(replacing, KafkaStreamsState.ERROR, 'the second failure to shut the client down');
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/Exception caught in process. taskId=0_0, processor=KSTREAM-PROCESSOR-0000000001, topic=boom-in, partition=0, offset=0/);
    expect((await replacingStates).map((c) => c.newState)).toContain('PENDING_ERROR');

    const defaults = new KafkaStreams(make(), { 'application.id': 'boom-default', 'default.key.serde': S, 'default.value.serde': S }, transport);
    defaults.start();
    await untilState(defaults, KafkaStreamsState.ERROR, 'the default handler to shut the client down');
    expect(await defaults.close()).toBe(true);
    expect(defaults.state()).toBe(KafkaStreamsState.ERROR);
  });
});
