import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, filter as rxFilter } from 'rxjs';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { inProcess, type ConsumerRecord, type Transport } from '@tributary/client';
import { pollRecords } from '@tributary/client/testing';
import { KafkaStreams, KafkaStreamsState, Serdes, Topology, type Processor, type ProcessorContext, type Record } from '../../src/index.js';
import { decodePartitionTime } from '../../src/internal/runtime/partition-time-metadata.js';

// max.task.idle.ms on the in-process broker: a task reading two co-partitioned topics (one partition each, so
// task 0_0 has both) with one of them lagging or empty.

const S = Serdes.String();

/** Forwards `value st=<stream time>` with the record's timestamp. */
function observer(): Processor<string, string, string, string> {
  let ctx!: ProcessorContext<string, string>;
  return {
    init: (c) => void (ctx = c),
    process: (r: Record<string, string>) => void ctx.forward(r.withValue(`${r.value()} st=${ctx.currentStreamTimeMs()}`)),
  };
}

describe('max.task.idle.ms and stream time on the in-process broker', () => {
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

  async function topics(prefix: string): Promise<{ a: string; b: string; out: string }> {
    const names = { a: `${prefix}-a`, b: `${prefix}-b`, out: `${prefix}-out` };
    const admin = transport.admin();
    await admin.createTopics([names.a, names.b, names.out].map((name) => ({ name, numPartitions: 1 })));
    await admin.close();
    return names;
  }

  async function produce(topic: string, records: readonly [string, number][]): Promise<void> {
    const producer = transport.producer();
    await Promise.all(records.map(([v, ts]) => producer.send({ topic, partition: 0, key: Buffer.from('k'), value: Buffer.from(v), timestamp: ts })));
    await producer.close();
  }

  async function start(appId: string, t: { a: string; b: string; out: string }, extra: object): Promise<KafkaStreams> {
    const topology = new Topology().addSource('a', t.a).addSource('b', t.b).addProcessor('obs', observer, 'a', 'b').addSink('sink', t.out, 'obs');
    const streams = new KafkaStreams(topology, { 'application.id': appId, 'default.key.serde': S, 'default.value.serde': S, 'commit.interval.ms': 100, ...extra }, transport);
    const running = firstValueFrom(streams.stateChanges().pipe(rxFilter((c) => c.newState === KafkaStreamsState.RUNNING)));
    streams.start();
    console.log(`waiting for ${appId} to run ...`);
    await running;
    return streams;
  }

  async function read(topic: string, n: number, timeoutMs = 15_000): Promise<ConsumerRecord[]> {
    const consumer = transport.consumer({ 'auto.offset.reset': 'earliest' });
    consumer.assign([{ topic, partition: 0 }]);
    console.log(`waiting for ${n} records on ${topic} ...`);
    const out = n === 0 ? [...(await consumer.poll(300))] : await pollRecords(consumer, n, timeoutMs);
    await consumer.close();
    return out;
  }
  const show = (rs: readonly ConsumerRecord[]) => rs.map((r) => `${r.value?.toString()}@${r.timestamp}`);

  it('with max.task.idle.ms > 0 a task waits for its empty partition, then takes both in timestamp order', async () => {
    const t = await topics('idle-wait');
    const streams = await start('idle-wait-app', t, { 'max.task.idle.ms': 60_000 });
    await produce(t.a, [['a10', 10], ['a20', 20], ['a30', 30]]);
    console.log('giving the task a second to fetch the records of topic a and wait ...');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await read(t.out, 0)).toEqual([]);
    await produce(t.b, [['b5', 5], ['b15', 15], ['b25', 25]]);
    // b25 then a30 would leave b empty: a30 waits (60 s idle) - five records come out.
    expect(show(await read(t.out, 5))).toEqual(['b5 st=5@5', 'a10 st=10@10', 'b15 st=15@15', 'a20 st=20@20', 'b25 st=25@25']);
    expect(streams.metrics().get('enforced-processing-total')).toBe(0);
    expect(streams.metrics().get('process-total')).toBe(5);
    const tags = streams.metrics().named('process-total')[0]!.tags;
    expect(tags['task-id']).toBe('0_0');
    expect(tags['thread-id']).toMatch(/-StreamThread-1$/);
    await streams.close();
    expect(streams.metrics().size).toBe(0);
  });

  it('with 0 (the default) a task waits while its empty partition lags on the broker: pre-produced topics come out in timestamp order', async () => {
    const t = await topics('idle-lag');
    await produce(t.a, Array.from({ length: 100 }, (_, i) => [`a${2 * i}`, 2 * i] as [string, number]));
    await produce(t.b, Array.from({ length: 100 }, (_, i) => [`b${2 * i + 1}`, 2 * i + 1] as [string, number]));
    // Ten records a poll, so each topic arrives in pieces: without the lag check the task would run ahead on one.
    const streams = await start('idle-lag-app', t, { 'main.consumer.max.poll.records': 10 });
    const out = await read(t.out, 200);
    const timestamps = out.map((r) => r.timestamp);
    expect(timestamps).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // Only the very last record (b199, after topic a ran dry for good) may have been enforced.
    expect(streams.metrics().get('enforced-processing-total')).toBeLessThanOrEqual(1);
    await streams.close();
  });

  it('with 0 a caught-up empty partition does not hold the task: records run at once, counted as enforced processing', async () => {
    const t = await topics('idle-zero');
    const streams = await start('idle-zero-app', t, {});
    await produce(t.a, [['a1', 100], ['a2', 200]]);
    expect(show(await read(t.out, 2))).toEqual(['a1 st=100@100', 'a2 st=200@200']);
    expect(streams.metrics().get('enforced-processing-total')).toBe(2);
    await streams.close();
  });

  it('-1 never waits, even for an empty partition that lags', async () => {
    const t = await topics('idle-off');
    const streams = await start('idle-off-app', t, { 'max.task.idle.ms': -1 });
    await produce(t.a, [['a1', 100]]);
    expect(show(await read(t.out, 1))).toEqual(['a1 st=100@100']);
    expect(streams.metrics().get('enforced-processing-total')).toBe(0);
    await streams.close();
  });

  it('partition time is committed in the offset metadata and restores stream time after a restart', async () => {
    const t = await topics('ptime');
    const first = await start('ptime-app', t, { 'max.task.idle.ms': -1 });
    await produce(t.a, [['a1', 500], ['a2', 300]]);
    expect(show(await read(t.out, 2))).toEqual(['a1 st=500@500', 'a2 st=500@300']);
    await first.close();
    const admin = transport.admin();
    const committed = await admin.listGroupOffsets('ptime-app');
    await admin.close();
    const a = committed.find((o) => o.topic === t.a)!;
    expect(a.offset).toBe(2);
    expect(decodePartitionTime(a.metadata)).toBe(500);
    // A late record after the restart sees the stream time the first run reached, not its own timestamp.
    const second = await start('ptime-app', t, { 'max.task.idle.ms': -1 });
    await produce(t.b, [['b1', 200]]);
    expect(show(await read(t.out, 3)).at(-1)).toBe('b1 st=500@200');
    await second.close();
  });
});
