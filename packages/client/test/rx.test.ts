import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstValueFrom, from, lastValueFrom, take, toArray } from 'rxjs';
import { KafkaErrorCode } from '@tributary/protocol';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { ConsumerRecords, fromConsumer, inProcess, toProducer, type Consumer, type ConsumerRecord, type TopicPartition, type Transport } from '@tributary/client';

/** A consumer stand-in that always has records for its unpaused partitions: the back-pressure test's source. */
function endlessConsumer(partitions: TopicPartition[]) {
  const paused = new Set<string>();
  const pauses: number[] = [];
  const resumes: number[] = [];
  const offsets = new Map<string, number>();
  let polls = 0;
  const consumer: Partial<Consumer> = {
    assignment: () => partitions,
    paused: () => partitions.filter((p) => paused.has(`${p.partition}`)),
    pause: (ps) => {
      ps.forEach((p) => paused.add(`${p.partition}`));
      pauses.push(polls);
    },
    resume: (ps) => {
      ps.forEach((p) => paused.delete(`${p.partition}`));
      resumes.push(polls);
    },
    wakeup: () => {},
    poll: async () => {
      polls++;
      await new Promise((r) => setImmediate(r));
      const batches = partitions
        .filter((p) => !paused.has(`${p.partition}`))
        .map((p) => {
          const start = offsets.get(`${p.partition}`) ?? 0;
          offsets.set(`${p.partition}`, start + 100);
          const records: ConsumerRecord[] = Array.from({ length: 100 }, (_, i) => ({
            ...p,
            offset: start + i,
            timestamp: 0,
            timestampType: 'CreateTime',
            key: null,
            value: null,
            headers: [],
            leaderEpoch: -1,
          }));
          return { ...p, records };
        });
      return new ConsumerRecords(batches);
    },
  };
  return { consumer: consumer as Consumer, pauses, resumes, isPaused: () => paused.size > 0 };
}

describe('rxjs interop', () => {
  let tb: TestBroker;
  let t: Transport;
  beforeAll(async () => {
    tb = await startTestBroker();
    t = inProcess(tb.broker);
  });
  afterAll(async () => {
    await t.close();
    await tb.cleanup();
  });

  it('toProducer sends an Observable of records, emits metadata in order and completes after flush; fromConsumer reads them back', async () => {
    await t.admin().createTopics([{ name: 'rx', numPartitions: 2 }]);
    const producer = t.producer({ 'linger.ms': 10 });
    const records = Array.from({ length: 50 }, (_, i) => ({ topic: 'rx', key: Buffer.from(`k${i % 5}`), value: Buffer.from(`v${i}`) }));
    const metas = await lastValueFrom(from(records).pipe(toProducer(producer), toArray()));
    expect(metas).toHaveLength(50);
    expect(new Set(metas.map((m) => `${m.partition}:${m.offset}`)).size).toBe(50);

    const consumer = t.consumer({ 'auto.offset.reset': 'earliest', 'fetch.max.wait.ms': 50 });
    consumer.assign([0, 1].map((partition) => ({ topic: 'rx', partition })));
    const got = await firstValueFrom(fromConsumer(consumer).pipe(take(50), toArray()));
    expect(got.map((r) => r.value!.toString()).sort()).toEqual(records.map((r) => r.value.toString()).sort());
    expect(consumer.paused()).toEqual([]);
    await consumer.close();
  });

  it('toProducer errors with the failed send', async () => {
    const producer = t.producer();
    const failing = from([{ topic: 'rx-missing', partition: 7, value: Buffer.from('x') }]).pipe(toProducer(producer));
    await t.admin().createTopics([{ name: 'rx-missing', numPartitions: 1 }]);
    await expect(lastValueFrom(failing)).rejects.toMatchObject({ errorCode: KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
  });

  it('fromConsumer pauses the partitions while its buffer is full and resumes them once it drains', async () => {
    const fake = endlessConsumer([0, 1].map((partition) => ({ topic: 'endless', partition })));
    const got = await firstValueFrom(
fromConsumer(fake.consumer, { bufferSize: 300 }).pipe(take(2000), toArray()),
    );
    expect(got).toHaveLength(2000);
    // Every partition's offsets come in order with no gap: pausing lost nothing.
    for (const p of [0, 1]) {
      const offsets = got.filter((r) => r.partition === p).map((r) => r.offset);
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    expect(fake.pauses.length).toBeGreaterThan(0);
    expect(fake.resumes.length).toBeGreaterThan(0);
    // Unsubscribing (take completed) resumes what the operator paused.
    expect(fake.isPaused()).toBe(false);
  });
});
