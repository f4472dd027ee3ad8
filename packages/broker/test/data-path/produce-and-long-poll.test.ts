import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broker } from '@tributary/broker';
import { ApiKey, CreateTopicsRequest, FetchRequest, ProduceRequest, decodeRecordBatches, encodeRecordBatch, type RecordBatchInit } from '@tributary/protocol';

let dir: string;
let broker: Broker;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'produce-'));
  broker = await Broker.start({ 'node.id': 1, 'log.dirs': dir }, { listen: false, log: () => {} });
  await broker.handle(ApiKey.CreateTopics, 4, CreateTopicsRequest.create({ topics: [{ name: 't', numPartitions: 1, replicationFactor: 1 }] }));
});

afterEach(async () => {
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

const produce = (records: Buffer, acks = 1, version = 8) =>
  broker.handle(ApiKey.Produce, version, ProduceRequest.create({ acks, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records }] }] }));

const batch = (values: string[], extra: Partial<RecordBatchInit> = {}) => encodeRecordBatch({ ...extra, records: values.map((v) => ({ value: Buffer.from(v) })) });

const fetch = (offset: number, maxWaitMs: number) =>
  broker.handle(
    ApiKey.Fetch,
    11,
    FetchRequest.create({ replicaId: -1, maxWaitMs, minBytes: 1, maxBytes: 1 << 20, topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: BigInt(offset), partitionMaxBytes: 1 << 20 }] }] }),
  );

describe('Produce', () => {
  it('acknowledges a retried idempotent batch with its original offset and appends it once', async () => {
    const idempotent = { producerId: 42, producerEpoch: 0, baseSequence: 0 };
    const first = await produce(batch(['a', 'b'], idempotent));
    const retry = await produce(batch(['a', 'b'], idempotent));
    expect(first!.responses[0]!.partitionResponses[0]!.baseOffset).toBe(0n);
    expect(retry!.responses[0]!.partitionResponses[0]!).toMatchObject({ errorCode: 0, baseOffset: 0n });
    const gap = await produce(batch(['c'], { ...idempotent, baseSequence: 5 }));
    expect(gap!.responses[0]!.partitionResponses[0]!.errorCode).toBe(45); // OUT_OF_ORDER_SEQUENCE_NUMBER
    const read = await fetch(0, 0);
    expect(decodeRecordBatches(read!.responses[0]!.partitions[0]!.records as Buffer).flatMap((b) => b.records.map((r) => r.value!.toString()))).toEqual(['a', 'b']);
  });

  it('sends no response for acks=0 but still appends; INVALID_REQUIRED_ACKS for other acks values', async () => {
    expect(await produce(batch(['x']), 0)).toBeNull();
    const bad = await produce(batch(['y']), 2);
    expect(bad!.responses[0]!.partitionResponses[0]!.errorCode).toBe(21);
    const read = await fetch(0, 0);
    expect(decodeRecordBatches(read!.responses[0]!.partitions[0]!.records as Buffer)).toHaveLength(1);
  });

  it('refuses a corrupt batch with CORRUPT_MESSAGE and keeps the log unchanged', async () => {
    const b = batch(['z']);
    b[b.length - 1] ^= 0xff;
    const r = await produce(b);
    expect(r!.responses[0]!.partitionResponses[0]!.errorCode).toBe(2);
    expect((await fetch(0, 0))!.responses[0]!.partitions[0]!.highWatermark).toBe(0n);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a topic that does not exist', async () => {
    const r = await broker.handle(ApiKey.Produce, 8, ProduceRequest.create({ acks: 1, timeoutMs: 1000, topicData: [{ name: 'nope', partitionData: [{ index: 0, records: batch(['q']) }] }] }));
    expect(r!.responses[0]!.partitionResponses[0]!.errorCode).toBe(3);
  });
});

describe('Fetch long polling', () => {
  it('parks a fetch at the log end and answers as soon as a produce arrives', async () => {
    const started = Date.now();
    const waiting = fetch(0, 10_000);
    await new Promise((r) => setTimeout(r, 50));
    await produce(batch(['late']));
    const response = await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(decodeRecordBatches(response!.responses[0]!.partitions[0]!.records as Buffer)[0]!.records[0]!.value!.toString()).toBe('late');
  });

  it('answers an empty fetch after max.wait.ms when nothing arrives', async () => {
    const started = Date.now();
    const response = await fetch(0, 150);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((response!.responses[0]!.partitions[0]!.records as Buffer).length).toBe(0);
  });
});

describe('Produce v0-v2 (legacy message sets)', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 1],
  ] as const)('up-converts a Produce v%i magic %i message set into a stored v2 batch', async (version, magic) => {
    const { writeLegacyMessageSet } = await import('@tributary/protocol');
    const set = writeLegacyMessageSet({
      magic,
      messages: [
        { offset: 0, key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 1_700_000_000_000 },
        { offset: 1, key: null, value: Buffer.from('2'), timestamp: 1_700_000_000_001 },
      ],
    });
    const r = await produce(set, 1, version);
    expect(r!.responses[0]!.partitionResponses[0]!).toMatchObject({ errorCode: 0, baseOffset: 0n });
    const [stored] = decodeRecordBatches((await fetch(0, 0))!.responses[0]!.partitions[0]!.records as Buffer);
    expect(stored!.records.map((x) => `${x.key}=${x.value}`)).toEqual(['a=1', 'null=2']);
    expect(stored!.records[1]!.timestamp).toBe(magic === 1 ? 1_700_000_000_001 : -1);
  });
});

describe('pipelined produce requests', () => {
  it('append in arrival order on every partition, so idempotent sequences never look out of order (compacted topic: slow key check)', async () => {
    await broker.handle(
      ApiKey.CreateTopics,
      4,
      CreateTopicsRequest.create({ topics: [{ name: 'mp', numPartitions: 2, replicationFactor: 1, configs: [{ name: 'cleanup.policy', value: 'compact' }] }] }),
    );
    const keyed = (seq: number) =>
      encodeRecordBatch({ producerId: 7, producerEpoch: 0, baseSequence: seq, records: [{ key: Buffer.from(`k${seq}`), value: Buffer.from(`v${seq}`) }] });
    // Ten requests issued back to back without waiting, each writing both partitions, as a client pipelines them.
    const inFlight = Array.from({ length: 10 }, (_, seq) =>
      broker.handle(
        ApiKey.Produce,
        8,
        ProduceRequest.create({ acks: -1, timeoutMs: 1000, topicData: [{ name: 'mp', partitionData: [{ index: 0, records: keyed(seq) }, { index: 1, records: keyed(seq) }] }] }),
      ),
    );
    const responses = await Promise.all(inFlight);
    for (const p of [0, 1]) {
      expect(responses.map((r) => r!.responses[0]!.partitionResponses[p]!.errorCode)).toEqual(new Array(10).fill(0));
      expect(responses.map((r) => Number(r!.responses[0]!.partitionResponses[p]!.baseOffset))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it('a later request touching fewer partitions does not overtake an earlier one still appending elsewhere', async () => {
    await broker.handle(ApiKey.CreateTopics, 4, CreateTopicsRequest.create({ topics: [{ name: 'two', numPartitions: 2, replicationFactor: 1 }] }));
    const b = (seq: number) => encodeRecordBatch({ producerId: 9, producerEpoch: 0, baseSequence: seq, records: [{ value: Buffer.from(`s${seq}`) }] });
    const first = broker.handle(ApiKey.Produce, 8, ProduceRequest.create({ acks: 1, timeoutMs: 1000, topicData: [{ name: 'two', partitionData: [{ index: 0, records: b(0) }, { index: 1, records: b(0) }] }] }));
    const second = broker.handle(ApiKey.Produce, 8, ProduceRequest.create({ acks: 1, timeoutMs: 1000, topicData: [{ name: 'two', partitionData: [{ index: 1, records: b(1) }] }] }));
    const [r1, r2] = await Promise.all([first, second]);
    expect(r1!.responses[0]!.partitionResponses.map((p) => [p.errorCode, Number(p.baseOffset)])).toEqual([[0, 0], [0, 0]]);
    expect(r2!.responses[0]!.partitionResponses.map((p) => [p.errorCode, Number(p.baseOffset)])).toEqual([[0, 1]]);
  });
});

