import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broker } from '@tributary/broker';
import {
  ApiKey,
  CreateTopicsRequest,
  FetchRequest,
  FetchResponse,
  ProduceRequest,
  decodeRecordBatches,
  encodeRecordBatch,
  readLegacyMessageSet,
} from '@tributary/protocol';

let dir: string;
let broker: Broker;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fetch-versions-'));
  broker = await Broker.start({ 'node.id': 1, 'log.dirs': dir }, { listen: false, log: () => {} });
  await broker.handle(ApiKey.CreateTopics, 4, CreateTopicsRequest.create({ topics: [{ name: 't', numPartitions: 1, replicationFactor: 1 }] }));
  for (let b = 0; b < 3; b++) {
    const batch = encodeRecordBatch({
      baseTimestamp: 1_700_000_000_000 + b,
      records: [0, 1].map((i) => ({ key: Buffer.from(`k${b}-${i}`), value: Buffer.from(`v${b}-${i}`) })),
    });
    await broker.handle(ApiKey.Produce, 7, ProduceRequest.create({ acks: 1, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records: batch }] }] }));
  }
});

afterEach(async () => {
  await broker.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Fetches at `version` (through the codecs, as a client would see it) from `offset`. */
async function fetchAt(version: number, offset: number, partitionMaxBytes = 1 << 20) {
  const request = FetchRequest.create({
    replicaId: -1,
    maxWaitMs: 0,
    minBytes: 1,
    maxBytes: 1 << 20,
    topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: BigInt(offset), partitionMaxBytes }] }],
  });
  const response = await broker.handle(ApiKey.Fetch, version, FetchRequest.decode(FetchRequest.encode(version, request), version));
  const decoded = FetchResponse.decode(FetchResponse.encode(version, response!), version);
  const p = decoded.responses[0]!.partitions[0]!;
  return { ...p, records: p.records as Buffer };
}

describe('Fetch versions', () => {
  it('serves v4+ the stored v2 batches unchanged, starting with the whole batch that holds the fetch offset', async () => {
    const p = await fetchAt(11, 3);
    expect(p.errorCode).toBe(0);
    expect(p.highWatermark).toBe(6n);
    const batches = decodeRecordBatches(p.records);
    // Offset 3 lives in the batch [2, 3]: it comes back whole, and the client skips offset 2.
    expect(batches.map((b) => b.baseOffset)).toEqual([2, 4]);
    expect(batches[0]!.records.map((r) => r.value!.toString())).toEqual(['v1-0', 'v1-1']);
  });

  it.each([
    [0, 0],
    [1, 0],
    [2, 1],
    [3, 1],
  ] as const)('down-converts for Fetch v%i to magic %i message sets', async (version, magic) => {
    const p = await fetchAt(version, 0);
    expect(p.errorCode).toBe(0);
    const messages = readLegacyMessageSet(p.records);
    expect(messages.map((m) => m.magic)).toEqual(new Array(6).fill(magic));
    expect(messages.map((m) => m.offset)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(messages.map((m) => `${m.key}=${m.value}`)).toEqual(['k0-0=v0-0', 'k0-1=v0-1', 'k1-0=v1-0', 'k1-1=v1-1', 'k2-0=v2-0', 'k2-1=v2-1']);
    if (magic === 1) expect(messages[2]!.timestamp).toBe(1_700_000_000_001);
  });

  it('answers OFFSET_OUT_OF_RANGE above the log end, with the offsets clients need to reset', async () => {
    const p = await fetchAt(11, 99);
    expect(p.errorCode).toBe(1);
    expect(p.highWatermark).toBe(6n);
    expect(p.logStartOffset).toBe(0n);
  });

  it('returns at least the first whole batch even when partition.max.bytes is smaller (no stall)', async () => {
    const p = await fetchAt(11, 0, 10);
    expect(decodeRecordBatches(p.records).map((b) => b.baseOffset)).toEqual([0]);
  });
});
