import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';
import type { ConsumerConfig } from '../contract/config.js';
import type { ConsumerPartitionAssignor } from '../contract/assignor.js';
import type { Consumer } from '../contract/consumer.js';
import type { TopicPartition } from '../contract/records.js';
import type { Transport } from '../contract/transport.js';
import { partitionForKey } from '../internal/producer/murmur2.js';
import { pollAllUntil, pollRecords, text } from './helpers.js';

/** A cluster reached through one transport, made fresh for a conformance run. */
export interface ConformanceFixture {
  readonly transport: Transport;
  /** Releases the transport's clients and the cluster. */
  close(): Promise<void>;
}

/**
 * Makes the fixture of {@link clientConformance}. The cluster must have `auto.create.topics.enable=false`
 * (the suite checks the UNKNOWN_TOPIC_OR_PARTITION error) and should have `group.initial.rebalance.delay.ms=0`
 * and `group.min.session.timeout.ms` at most 6000 so group tests stay quick.
 */
export type ConformanceFactory = () => Promise<ConformanceFixture>;

/** Consumer settings that keep group tests quick: short heartbeats and sessions, manual commits. */
const FAST_GROUP: ConsumerConfig = {
  'session.timeout.ms': 6000,
  'heartbeat.interval.ms': 100,
  'max.poll.interval.ms': 10000,
  'enable.auto.commit': false,
  'auto.offset.reset': 'earliest',
  'fetch.max.wait.ms': 100,
};

const sorted = (ps: readonly TopicPartition[]): string[] => ps.map((p) => `${p.topic}-${p.partition}`).sort();

/**
 * The conformance suite every transport of the client contract runs (DESIGN.md: one suite per interface):
 * admin, produce/consume round trips, per-partition order, Kafka's key partitioning, group rebalancing with
 * several members, commit and resume, seek, pause/resume, and Kafka's error codes.
 *
 * @example
 * ```ts
 * clientConformance('in-process', async () => {
 *   const b = await startTestBroker({ config: { 'auto.create.topics.enable': false } });
 *   return { transport: inProcess(b.broker), close: () => b.cleanup() };
 * });
 * ```
 */
export function clientConformance(name: string, factory: ConformanceFactory): void {
  describe(`client conformance: ${name}`, () => {
    let fixture: ConformanceFixture;
    let t: Transport;
    const topic = (label: string): string => `${label}-${randomUUID().slice(0, 8)}`;
    const created = async (label: string, numPartitions: number, configs?: Record<string, string>): Promise<string> => {
      const n = topic(label);
      await t.admin().createTopics([{ name: n, numPartitions, ...(configs ? { configs } : {}) }]);
      return n;
    };
    const groupConsumer = (groupId: string, extra: ConsumerConfig = {}): Consumer => t.consumer({ ...FAST_GROUP, 'group.id': groupId, ...extra });

    beforeAll(async () => {
      fixture = await factory();
      t = fixture.transport;
    });
    afterAll(async () => {
      await t?.close();
      await fixture?.close();
    });

    it('admin: creates, describes, configures and deletes topics; lists offsets', async () => {
      const admin = t.admin();
      const name = await created('admin', 3, { 'retention.ms': '3600000' });
      const [d] = await admin.describeTopics([name]);
      expect(d!.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
      expect(await admin.listTopics()).toContain(name);
      await expect(admin.createTopics([{ name, numPartitions: 1 }])).rejects.toMatchObject({ errorCode: KafkaErrorCode.TOPIC_ALREADY_EXISTS });

      const [cfg] = await admin.describeConfigs([{ type: 'topic', name }]);
      expect(cfg!.entries.find((e) => e.name === 'retention.ms')).toMatchObject({ value: '3600000', source: 'DYNAMIC_TOPIC_CONFIG' });
      await admin.incrementalAlterConfigs({ type: 'topic', name }, [{ name: 'retention.bytes', op: 'SET', value: '1048576' }]);
      const [after] = await admin.describeConfigs([{ type: 'topic', name }]);
      expect(after!.entries.find((e) => e.name === 'retention.bytes')?.value).toBe('1048576');
      expect(after!.entries.find((e) => e.name === 'retention.ms')?.value).toBe('3600000');

      const producer = t.producer();
      // Recent timestamps: records older than the topic's retention.ms (1 h) may be deleted by retention at any time.
      const base = Date.now() - 60_000;
      for (let i = 0; i < 5; i++) await producer.send({ topic: name, partition: 1, value: Buffer.from(`v${i}`), timestamp: base + i * 10 });
      const offsets = await admin.listOffsets([
        { topic: name, partition: 1, spec: 'earliest' },
        { topic: name, partition: 1, spec: 'latest' },
        { topic: name, partition: 1, spec: { timestamp: base + 25 } },
        { topic: name, partition: 0, spec: 'latest' },
      ]);
      expect(offsets.map((o) => o.offset)).toEqual([0, 5, 3, 0]);

      await admin.createPartitions({ [name]: 4 });
      expect((await admin.describeTopics([name]))[0]!.partitions).toHaveLength(4);
      await admin.deleteTopics([name]);
      await expect(admin.describeTopics([name])).rejects.toMatchObject({ errorCode: KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
    });

    it('round trip: keys, values, null values, headers and timestamps come back as sent', async () => {
      const name = await created('roundtrip', 1);
      const producer = t.producer({ 'linger.ms': 5 });
      const sent = await Promise.all([
        producer.send({ topic: name, key: Buffer.from('k1'), value: Buffer.from('hello'), timestamp: 1_700_000_000_000, headers: [{ key: 'h', value: Buffer.from('x') }] }),
        producer.send({ topic: name, key: null, value: Buffer.from('no key') }),
        producer.send({ topic: name, key: Buffer.from('tomb'), value: null }),
      ]);
      expect(sent.map((m) => m.offset)).toEqual([0, 1, 2]);
      expect(sent[0]).toMatchObject({ topic: name, partition: 0, timestamp: 1_700_000_000_000 });
      const consumer = t.consumer({ 'auto.offset.reset': 'earliest', 'fetch.max.wait.ms': 100 });
      consumer.assign([{ topic: name, partition: 0 }]);
      const got = await pollRecords(consumer, 3);
      expect(got.map((r) => [r.offset, text(r.key), text(r.value)])).toEqual([
        [0, 'k1', 'hello'],
        [1, null, 'no key'],
        [2, 'tomb', null],
      ]);
      expect(got[0]).toMatchObject({ topic: name, partition: 0, timestamp: 1_700_000_000_000, timestampType: 'CreateTime' });
      expect(got[0]!.headers.map((h) => [h.key, text(h.value)])).toEqual([['h', 'x']]);
      await consumer.close();
      await producer.close();
    });

    it('keys land on Kafka murmur2 partitions and each partition keeps send order', async () => {
      const name = await created('order', 3);
      const producer = t.producer({ 'linger.ms': 2, 'batch.size': 2048 });
      const keys = ['21', 'foobar', 'a-little-bit-long-string', 'abc', 'kafka', ...Array.from({ length: 20 }, (_, i) => `key-${i}`)];
      const metas = await Promise.all(Array.from({ length: 600 }, (_, i) => producer.send({ topic: name, key: Buffer.from(keys[i % keys.length]!), value: Buffer.from(String(i)) })));
      metas.forEach((m, i) => expect(m.partition).toBe(partitionForKey(Buffer.from(keys[i % keys.length]!), 3)));
      const consumer = t.consumer({ 'auto.offset.reset': 'earliest', 'fetch.max.wait.ms': 100, 'max.poll.records': 77 });
      consumer.assign([0, 1, 2].map((partition) => ({ topic: name, partition })));
      const got = await pollRecords(consumer, 600);
      const lastSeqByKey = new Map<string, number>();
      const lastOffset = new Map<number, number>();
      for (const r of got) {
        expect(r.offset).toBeGreaterThan(lastOffset.get(r.partition) ?? -1);
        lastOffset.set(r.partition, r.offset);
        const seq = Number(text(r.value));
        expect(seq).toBeGreaterThan(lastSeqByKey.get(text(r.key)!) ?? -1);
        lastSeqByKey.set(text(r.key)!, seq);
        expect(r.partition).toBe(partitionForKey(r.key!, 3));
      }
      await consumer.close();
      await producer.close();
    });

    it('group: partitions are shared by 3 members, then taken back when members leave', async () => {
      const name = await created('group', 6);
      const groupId = `g-${randomUUID()}`;
      const revoked: string[][] = [];
      const members = [0, 1, 2].map(() => groupConsumer(groupId));
      members[0]!.subscribe([name], { onPartitionsRevoked: (ps) => void revoked.push(sorted(ps)) });
      await pollAllUntil([members[0]!], () => members[0]!.assignment().length === 6, 'the first member to own all 6 partitions');
      members[1]!.subscribe([name]);
      members[2]!.subscribe([name]);
      const spread = (): boolean => members.every((m) => m.assignment().length === 2);
      await pollAllUntil(members, spread, 'every member to own 2 partitions');
      const all = members.flatMap((m) => sorted(m.assignment())).sort();
      expect(all).toEqual([0, 1, 2, 3, 4, 5].map((p) => `${name}-${p}`).sort());
      expect(revoked[0]).toHaveLength(6);
      await members[1]!.close();
      await members[2]!.close();
      await pollAllUntil([members[0]!], () => members[0]!.assignment().length === 6, 'the remaining member to own all 6 partitions again');
      await members[0]!.close();
    });

    it("assignment user data reaches every member's assignor (Kafka's onAssignment), before onPartitionsAssigned", async () => {
      const name = await created('userdata', 2);
      const groupId = `g-${randomUUID()}`;
      const heard: string[][] = [[], []];
      // Each member subscribes with its tag; the leader hands partition i and the data `for:<tag>` to member i.
      const assignor = (tag: string, index: number): ConsumerPartitionAssignor => ({
        name: 'tagging',
        subscriptionUserData: () => Buffer.from(tag),
        assign: (_cluster, subs) => {
          const ids = [...subs.keys()].sort((a, b) => subs.get(a)!.userData!.toString().localeCompare(subs.get(b)!.userData!.toString()));
          return new Map(ids.map((id, i) => [id, { partitions: i < 2 ? [{ topic: name, partition: i }] : [], userData: Buffer.from(`for:${subs.get(id)!.userData!.toString()}`) }]));
        },
        onAssignment: (a) => void heard[index]!.push(`${a.userData?.toString() ?? 'null'} ${sorted(a.partitions).join(',')}`),
      });
      const members = ['a', 'b'].map((tag, i) => groupConsumer(groupId, { 'partition.assignment.strategy': [assignor(tag, i)] }));
      const assignedSeen: string[] = [];
      members.forEach((m, i) => m.subscribe([name], { onPartitionsAssigned: () => void assignedSeen.push(`${i}:${heard[i]!.length}`) }));
      await pollAllUntil(members, () => members.every((m) => m.assignment().length === 1), 'each member to own one partition');
      expect(heard[0]!.at(-1)).toBe(`for:a ${name}-0`);
      expect(heard[1]!.at(-1)).toBe(`for:b ${name}-1`);
      // onAssignment ran before each onPartitionsAssigned call.
      for (const s of assignedSeen) expect(Number(s.split(':')[1])).toBeGreaterThan(0);
      await Promise.all(members.map((m) => m.close()));
    });

    it('a pattern subscription takes the partitions of every matching topic', async () => {
      const prefix = topic('pat');
      await t.admin().createTopics([{ name: `${prefix}-a`, numPartitions: 2 }, { name: `${prefix}-b`, numPartitions: 1 }, { name: `other-${prefix}`, numPartitions: 1 }]);
      const consumer = groupConsumer(`g-${randomUUID()}`);
      consumer.subscribe(new RegExp(`^${prefix}-`));
      await pollAllUntil([consumer], () => consumer.assignment().length === 3, 'the 3 partitions of the matching topics');
      expect(sorted(consumer.assignment())).toEqual([`${prefix}-a-0`, `${prefix}-a-1`, `${prefix}-b-0`]);
      await consumer.close();
    });

    it('commit, then a new consumer of the group resumes after the committed offset', async () => {
      const name = await created('commit', 1);
      const producer = t.producer();
      await Promise.all(Array.from({ length: 20 }, (_, i) => producer.send({ topic: name, value: Buffer.from(`m${i}`) })));
      const groupId = `g-${randomUUID()}`;
      const first = groupConsumer(groupId, { 'max.poll.records': 5 });
      first.subscribe([name]);
      const got = await pollRecords(first, 5);
      const last = got[got.length - 1]!;
      await first.commitSync([{ topic: name, partition: 0, offset: 12 }]);
      expect(last.offset).toBeLessThan(12);
      expect((await first.committed([{ topic: name, partition: 0 }]))[0]!.committed?.offset).toBe(12);
      await first.close();
      const second = groupConsumer(groupId);
      second.subscribe([name]);
      const rest = await pollRecords(second, 8);
      expect(rest.map((r) => r.offset)).toEqual([12, 13, 14, 15, 16, 17, 18, 19]);
      await second.commitSync();
      expect(await t.admin().listGroupOffsets(groupId)).toEqual([expect.objectContaining({ topic: name, partition: 0, offset: 20 })]);
      await second.close();
      await producer.close();
    });

    it('seek moves the read position', async () => {
      const name = await created('seek', 1);
      const producer = t.producer();
      await Promise.all(Array.from({ length: 10 }, (_, i) => producer.send({ topic: name, value: Buffer.from(`m${i}`) })));
      const consumer = t.consumer({ 'auto.offset.reset': 'earliest', 'fetch.max.wait.ms': 100 });
      const tp = { topic: name, partition: 0 };
      consumer.assign([tp]);
      consumer.seek(tp, 6);
      expect((await pollRecords(consumer, 4)).map((r) => r.offset)).toEqual([6, 7, 8, 9]);
      consumer.seek(tp, 2);
      expect((await pollRecords(consumer, 8)).map((r) => r.offset)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
      // seekToEnd/seekToBeginning are lazy: position() resolves them against the log (how Streams finds a
      // changelog's end before restoring).
      const fresh = t.consumer({ 'auto.offset.reset': 'earliest' });
      fresh.assign([tp]);
      fresh.seekToEnd([tp]);
      expect(await fresh.position(tp)).toBe(10);
      fresh.seekToBeginning([tp]);
      expect(await fresh.position(tp)).toBe(0);
      await fresh.close();
      await consumer.close();
      await producer.close();
    });

    it('pause holds a partition back until resumed', async () => {
      const name = await created('pause', 2);
      const producer = t.producer();
      await Promise.all(Array.from({ length: 10 }, (_, i) => producer.send({ topic: name, partition: i % 2, value: Buffer.from(`m${i}`) })));
      const consumer = t.consumer({ 'auto.offset.reset': 'earliest', 'fetch.max.wait.ms': 100 });
      const [p0, p1] = [0, 1].map((partition) => ({ topic: name, partition }));
      consumer.assign([p0!, p1!]);
      consumer.pause([p1!]);
      expect(consumer.paused()).toEqual([p1]);
      const first = await pollRecords(consumer, 5);
      expect(first.every((r) => r.partition === 0)).toBe(true);
      expect((await consumer.poll(300)).count).toBe(0);
      consumer.resume([p1!]);
      const second = await pollRecords(consumer, 5);
      expect(second.every((r) => r.partition === 1)).toBe(true);
      await consumer.close();
      await producer.close();
    });

    it('enqueue reports through callbacks only: offsets in send order, flush waits, a closed producer refuses', async () => {
      const name = await created('enqueue', 1);
      // Small batches: several are ready at once, and a request may carry more than one of the partition.
      const producer = t.producer({ 'linger.ms': 2, 'batch.size': 300 });
      const offsets: number[] = [];
      const errors: Error[] = [];
      for (let i = 0; i < 300; i++) {
        producer.enqueue({ topic: name, partition: 0, value: Buffer.from(String(i)) }, (error, meta) => {
          if (error !== null) errors.push(error);
          else offsets.push(meta!.offset);
        });
      }
      await producer.flush();
      expect(errors).toEqual([]);
      expect(offsets).toEqual(Array.from({ length: 300 }, (_, i) => i));
      await producer.close();
      const refused: (Error | null)[] = [];
      producer.enqueue({ topic: name, value: Buffer.from('late') }, (error) => refused.push(error));
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ code: 'CLIENT_CLOSED' });
    });

    it("errors carry Kafka's codes: unknown topic, message too large", async () => {
      const producer = t.producer();
      const unknown = producer.send({ topic: topic('missing'), value: Buffer.from('x') });
      await expect(unknown).rejects.toBeInstanceOf(KafkaProtocolError);
      await expect(unknown).rejects.toMatchObject({ errorCode: KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorName: 'UNKNOWN_TOPIC_OR_PARTITION' });
      const name = await created('small', 1, { 'max.message.bytes': '1000' });
      const big = producer.send({ topic: name, value: Buffer.alloc(5000, 1) });
      await expect(big).rejects.toMatchObject({ errorCode: KafkaErrorCode.MESSAGE_TOO_LARGE });
      await expect(producer.flush()).rejects.toBeInstanceOf(KafkaProtocolError);
      expect((await producer.send({ topic: name, value: Buffer.from('small') })).offset).toBe(0);
      await producer.close();
    });
  });
}
