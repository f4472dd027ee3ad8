import { requireApi, startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import type { Kafka, Producer } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { kafkaClient } from '../../e2e/support/kafkajs.js';
import { isSpread, TrackedConsumer, type Consumed } from '../../e2e/support/tracked-consumer.js';

// kafkajs 2.2.4 consumer groups against the broker's group coordinator over TCP. Each test first checks that
// JoinGroup is advertised (requireApi), so a broker without the coordinator fails fast instead of timing out.
describe('kafkajs consumer group', () => {
  let tb: TestBroker | undefined;
  const members: TrackedConsumer[] = [];
  let producer: Producer | undefined;

  afterEach(async () => {
    await Promise.all(members.splice(0).map((m) => m.stop()));
    await producer?.disconnect().catch(() => {});
    producer = undefined;
    await tb?.cleanup();
    tb = undefined;
  });

  /** Sends `n` messages per partition, valued `<tag>-p<partition>-<i>`, and returns the values. */
  async function produce(kafka: Kafka, topic: string, partitions: number, n: number, tag: string): Promise<string[]> {
    producer ??= kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const values: string[] = [];
    const messages = [];
    for (let p = 0; p < partitions; p++) {
      for (let i = 0; i < n; i++) {
        const value = `${tag}-p${p}-${i}`;
        values.push(value);
        messages.push({ partition: p, value });
      }
    }
    await producer.send({ topic, acks: -1, messages });
    return values;
  }

  /** Waits until `log` holds every value of `values`, then checks each was consumed once, by its partition's owner. */
  async function expectConsumedOnce(log: Consumed[], values: readonly string[], owners: readonly TrackedConsumer[], what: string): Promise<void> {
    const wanted = new Set(values);
    await waitFor(`${values.length} messages of ${what} to be consumed`, () => log.filter((c) => wanted.has(c.value)).length >= values.length, { timeoutMs: 20_000 });
    // Give duplicates, if any, a moment to show up before judging.
    await new Promise((r) => setTimeout(r, 300));
    const got = log.filter((c) => wanted.has(c.value));
    expect(got.map((c) => c.value).sort()).toEqual([...values].sort());
    for (const c of got) {
      const owner = owners.find((m) => m.name === c.member);
      expect(owner?.assignment, `${c.value} consumed by ${c.member}, which does not own partition ${c.partition}`).toContain(c.partition);
    }
  }

  it('spreads 6 partitions 2/2/2 over three members, then 3/3 when one leaves; each message consumed once per generation', async () => {
    tb = await startTestBroker();
    requireApi(tb.broker, 11, 'JoinGroup');
    const kafka = kafkaClient(tb.bootstrap, 'group-e2e');
    const topic = 'six';
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6 }] });
    const log: Consumed[] = [];
    /** The broker's own view (DescribeGroups): Stable, with these members, each holding its kafkajs assignment. */
    const expectBrokerView = async (names: string[]) => {
      const { groups } = await admin.describeGroups(['g6']);
      expect(groups[0]).toMatchObject({ groupId: 'g6', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner' });
      expect(groups[0]!.members).toHaveLength(names.length);
      for (const m of groups[0]!.members) expect(m).toMatchObject({ clientId: 'group-e2e', clientHost: expect.stringContaining('127.0.0.1') });
    };

    // One member: it owns all six partitions and reads what was produced before it joined.
    const before = await produce(kafka, topic, 6, 10, 'a');
    members.push(await TrackedConsumer.start(kafka, 'm1', topic, { groupId: 'g6' }, log));
    await waitFor('m1 to own all 6 partitions', () => isSpread(members, 6, [6]));
    await expectBrokerView(['m1']);
    await expectConsumedOnce(log, before, members, 'batch a (one member)');

    // Three members: 2/2/2. Batch a was committed, so nobody reads it again.
    members.push(await TrackedConsumer.start(kafka, 'm2', topic, { groupId: 'g6' }, log));
    members.push(await TrackedConsumer.start(kafka, 'm3', topic, { groupId: 'g6' }, log));
    await waitFor('the group to spread 2/2/2 over m1, m2, m3', () => isSpread(members, 6, [2, 2, 2]));
    await expectBrokerView(['m1', 'm2', 'm3']);
    const three = await produce(kafka, topic, 6, 10, 'b');
    await expectConsumedOnce(log, three, members, 'batch b (three members)');

    // m3 leaves: the two others take 3/3 and only new messages arrive.
    const leaver = members.pop()!;
    await leaver.stop();
    await waitFor('the group to spread 3/3 over m1, m2', () => isSpread(members, 6, [3, 3]));
    await expectBrokerView(['m1', 'm2']);
    const two = await produce(kafka, topic, 6, 10, 'c');
    await expectConsumedOnce(log, two, members, 'batch c (two members)');

    expect(log.filter((c) => c.value.startsWith('a-'))).toHaveLength(before.length);
    expect(log.filter((c) => c.value.startsWith('b-'))).toHaveLength(three.length);
    for (const m of [...members, leaver]) expect(m.crashed).toBeNull();
    expect((await admin.listGroups()).groups).toContainEqual({ groupId: 'g6', protocolType: 'consumer' });
    await admin.disconnect();
  }, 90_000);

  it('resumes at the committed offsets after a broker restart on the same log dirs and port', async () => {
    tb = await startTestBroker();
    requireApi(tb.broker, 11, 'JoinGroup');
    const topic = 'resume';
    let kafka = kafkaClient(tb.bootstrap, 'restart-e2e');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    const first = await produce(kafka, topic, 3, 20, 'old');
    const log: Consumed[] = [];
    members.push(await TrackedConsumer.start(kafka, 'r1', topic, { groupId: 'g-restart' }, log));
    await expectConsumedOnce(log, first, members, 'the messages before the restart');
    // Committed offsets as the broker reports them (OffsetFetch): the end of every partition.
    await waitFor('offsets 20/20/20 to be committed', async () => {
      const offsets = await admin.fetchOffsets({ groupId: 'g-restart', topics: [topic] });
      return offsets[0]!.partitions.every((p) => p.offset === '20');
    });
    await admin.disconnect();
    await members.pop()!.stop();
    await producer?.disconnect();
    producer = undefined;

    console.log('[restart] stopping the broker and starting a new one on the same log dirs and port');
    await tb.restart();

    kafka = kafkaClient(tb.bootstrap, 'restart-e2e-2');
    const second = await produce(kafka, topic, 3, 5, 'new');
    const log2: Consumed[] = [];
    members.push(await TrackedConsumer.start(kafka, 'r2', topic, { groupId: 'g-restart' }, log2));
    await expectConsumedOnce(log2, second, members, 'the messages after the restart');
    // fromBeginning would have re-read everything had the committed offsets been lost.
    expect(log2.filter((c) => c.value.startsWith('old-'))).toEqual([]);
    expect(Math.min(...log2.map((c) => c.offset))).toBe(20);
  }, 90_000);
});
