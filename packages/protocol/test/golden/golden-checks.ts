// What the golden tests assert about captured requests: exact re-encoding, and per-request semantic checks
// shared by the live capture test and the committed fixtures.
import { expect } from 'vitest';
import {
  ApiKey,
  ConsumerProtocolSubscription,
  Reader,
  allApis,
  decodeRecordBatchAsync,
  decodeRequest,
  encodeRequestFrameFromHeader,
  iterateRecordEntries,
  type ApiMessages,
  type DecodedRequest,
  type Records,
} from '@tributary/protocol';

/** The real clients whose requests are captured, by the client-id prefix each session uses. */
export const CLIENTS = {
  kcat: 'golden-kcat',
  kafkajs: 'golden-kafkajs',
  'kafka-python': 'golden-py',
  'confluent-kafka': 'golden-ck',
} as const;
export type ClientName = keyof typeof CLIENTS;

/** Which client sent a request, from its client id. */
export function clientOf(clientId: string | null): ClientName | undefined {
  for (const [name, prefix] of Object.entries(CLIENTS)) if (clientId?.startsWith(`${prefix}-`)) return name as ClientName;
  return undefined;
}

export function apiName(apiKey: number): string {
  return allApis.find((a) => a.apiKey === apiKey)?.name ?? `api-${apiKey}`;
}

/** Decodes a captured frame and re-encodes it; returns what went wrong, or `null` if the bytes match. */
export function roundTripProblem(frame: Buffer): string | null {
  let req: DecodedRequest;
  try {
    req = decodeRequest(frame);
  } catch (e) {
    return `decode failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  const again = encodeRequestFrameFromHeader(req.header, req.body).subarray(4);
  if (again.equals(frame)) return null;
  let at = 0;
  while (at < frame.length && again[at] === frame[at]) at++;
  return `re-encoded ${again.length} bytes differ from the ${frame.length} captured at offset ${at}`;
}

/** client -> API name -> versions seen, sorted: what the README reports. */
export type CaptureSummary = Record<string, Record<string, number[]>>;

export function summarize(captures: readonly { clientId: string | null; apiKey: number; apiVersion: number }[]): CaptureSummary {
  const out: CaptureSummary = {};
  for (const c of captures) {
    const client = clientOf(c.clientId);
    if (client === undefined) continue;
    const apis = (out[client] ??= {});
    const versions = (apis[apiName(c.apiKey)] ??= []);
    if (!versions.includes(c.apiVersion)) versions.push(c.apiVersion);
  }
  for (const apis of Object.values(out)) for (const v of Object.values(apis)) v.sort((a, b) => a - b);
  return out;
}

function recordsOf(records: Records | null): Buffer {
  if (records === null) return Buffer.alloc(0);
  return Buffer.isBuffer(records) ? records : Buffer.concat(records);
}

/** Every record of a produce request's partition data, decompressed. */
async function producedRecords(records: Records | null) {
  const batches = [];
  for (const entry of iterateRecordEntries(recordsOf(records))) batches.push(await decodeRecordBatchAsync(entry.bytes));
  return batches;
}

function text(b: Buffer | null): string | null {
  return b === null ? null : b.toString('utf8');
}

/** The topics of a consumer-protocol subscription carried in JoinGroup metadata. */
function subscribedTopics(metadata: Buffer): string[] {
  const version = metadata.readInt16BE(0);
  // Newer subscription versions only append fields, so reading the known prefix is enough (as Kafka does).
  return ConsumerProtocolSubscription.read(new Reader(metadata, 2), Math.min(version, 3)).topics;
}

/** A committed fixture: one captured request frame, and what must hold of it. */
export interface FixtureSpec {
  readonly file: string;
  /** The capture it is taken from: the first request of this client id, api key and version. */
  readonly clientId: string;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly check: (req: DecodedRequest) => void | Promise<void>;
}

/** The body of `req`, after checking it is a request of `key`. */
function as<K extends keyof ApiMessages>(req: DecodedRequest, key: K): ApiMessages[K]['request'] {
  expect(req.apiKey).toBe(key);
  return req.body as ApiMessages[K]['request'];
}

export const FIXTURES: readonly FixtureSpec[] = [
  {
    file: 'kcat-ApiVersions-v3.bin',
    clientId: 'golden-kcat-L',
    apiKey: ApiKey.ApiVersions,
    apiVersion: 3,
    check: (req) => {
      const body = as(req, ApiKey.ApiVersions);
      expect(req.headerVersion).toBe(2);
      expect(body.clientSoftwareName).toBe('librdkafka');
      expect(body.clientSoftwareVersion).toBe('2.0.2');
    },
  },
  {
    file: 'kcat-ApiVersions-v0.bin',
    clientId: 'golden-kcat-fallback',
    apiKey: ApiKey.ApiVersions,
    apiVersion: 0,
    check: (req) => {
      expect(req.headerVersion).toBe(1);
      expect(req.bodyOffset).toBe(req.header.clientId === null ? 10 : 10 + Buffer.byteLength(req.header.clientId));
    },
  },
  {
    file: 'kcat-Produce-v7.bin',
    clientId: 'golden-kcat-P',
    apiKey: ApiKey.Produce,
    apiVersion: 7,
    check: async (req) => {
      const body = as(req, ApiKey.Produce);
      expect(body.acks).toBe(-1); // idempotence forces acks=all
      expect(body.topicData.map((t) => t.name)).toEqual(['golden-kcat']);
      const [batch, ...more] = await producedRecords(body.topicData[0]!.partitionData[0]!.records);
      expect(more).toEqual([]);
      expect(batch!.producerId).toBeGreaterThanOrEqual(1000);
      expect(batch!.baseSequence).toBe(0);
      expect(batch!.records.map((r) => [text(r.key), text(r.value)])).toEqual([['k1', 'v1'], ['k2', 'v2'], ['k3', 'v3']]);
    },
  },
  {
    file: 'kcat-Produce-v7-zstd.bin',
    clientId: 'golden-kcat-Z',
    apiKey: ApiKey.Produce,
    apiVersion: 7,
    check: async (req) => {
      const body = as(req, ApiKey.Produce);
      const [batch] = await producedRecords(body.topicData[0]!.partitionData[0]!.records);
      expect(batch!.compression).toBe(4);
      expect(batch!.records.map((r) => text(r.value))).toEqual([`${'z'.repeat(500)}1`, `${'z'.repeat(500)}2`]);
    },
  },
  {
    file: 'kcat-InitProducerId-v4.bin',
    clientId: 'golden-kcat-T',
    apiKey: ApiKey.InitProducerId,
    apiVersion: 4,
    check: (req) => {
      const body = as(req, ApiKey.InitProducerId);
      expect(req.headerVersion).toBe(2);
      expect(body.transactionalId).toBe('golden-kcat-txn');
      expect(body.producerId).toBe(-1n);
    },
  },
  {
    file: 'kcat-AddPartitionsToTxn-v0.bin',
    clientId: 'golden-kcat-T',
    apiKey: ApiKey.AddPartitionsToTxn,
    apiVersion: 0,
    check: (req) => {
      const body = as(req, ApiKey.AddPartitionsToTxn);
      expect(body.v3AndBelowTransactionalId).toBe('golden-kcat-txn');
      expect(body.v3AndBelowTopics.map((t) => t.name)).toEqual(['golden-kcat']);
    },
  },
  {
    file: 'kcat-JoinGroup-v5.bin',
    clientId: 'golden-kcat-G',
    apiKey: ApiKey.JoinGroup,
    apiVersion: 5,
    check: (req) => {
      const body = as(req, ApiKey.JoinGroup);
      expect(body.groupId).toBe('golden-kcat-group');
      expect(body.protocolType).toBe('consumer');
      expect(body.protocols.map((p) => p.name)).toEqual(['range', 'roundrobin']);
      for (const p of body.protocols) expect(subscribedTopics(p.metadata)).toEqual(['golden-kcat']);
    },
  },
  {
    file: 'kcat-OffsetFetch-v7.bin',
    clientId: 'golden-kcat-G',
    apiKey: ApiKey.OffsetFetch,
    apiVersion: 7,
    check: (req) => {
      const body = as(req, ApiKey.OffsetFetch);
      expect(req.headerVersion).toBe(2);
      expect(body.groupId).toBe('golden-kcat-group');
      expect(body.requireStable).toBe(true);
      expect(body.topics).toEqual([{ name: 'golden-kcat', partitionIndexes: [0, 1] }]);
    },
  },
  {
    file: 'kcat-Fetch-v11.bin',
    clientId: 'golden-kcat-C',
    apiKey: ApiKey.Fetch,
    apiVersion: 11,
    check: (req) => {
      const body = as(req, ApiKey.Fetch);
      expect(body.replicaId).toBe(-1);
      expect(body.isolationLevel).toBe(1);
      expect(body.topics.map((t) => t.topic)).toEqual(['golden-kcat']);
    },
  },
  {
    file: 'kafkajs-Produce-v7.bin',
    clientId: 'golden-kafkajs-producer',
    apiKey: ApiKey.Produce,
    apiVersion: 7,
    check: async (req) => {
      const body = as(req, ApiKey.Produce);
      expect(body.acks).toBe(1);
      expect(body.topicData.map((t) => t.name)).toEqual(['golden-kafkajs']);
      const batches = await producedRecords(body.topicData[0]!.partitionData[0]!.records);
      const records = batches.flatMap((b) => b.records);
      expect(records).toHaveLength(3);
      expect(records.map((r) => [text(r.key), text(r.value)])).toEqual([['a', 'alpha'], ['b', 'beta'], ['c', 'gamma']]);
    },
  },
  {
    file: 'kafkajs-CreateTopics-v3.bin',
    clientId: 'golden-kafkajs-admin',
    apiKey: ApiKey.CreateTopics,
    apiVersion: 3,
    check: (req) => {
      const body = as(req, ApiKey.CreateTopics);
      expect(body.topics.map((t) => [t.name, t.numPartitions])).toEqual([['golden-kafkajs', 2], ['golden-kafkajs-tmp', -1]]);
    },
  },
  {
    file: 'kafkajs-JoinGroup-v5.bin',
    clientId: 'golden-kafkajs-consumer',
    apiKey: ApiKey.JoinGroup,
    apiVersion: 5,
    check: (req) => {
      const body = as(req, ApiKey.JoinGroup);
      expect(body.groupId).toBe('golden-kafkajs-group');
      expect(body.protocols.map((p) => p.name)).toEqual(['RoundRobinAssigner']);
      expect(subscribedTopics(body.protocols[0]!.metadata)).toEqual(['golden-kafkajs']);
    },
  },
  {
    file: 'kafkajs-TxnOffsetCommit-v1.bin',
    clientId: 'golden-kafkajs-txn',
    apiKey: ApiKey.TxnOffsetCommit,
    apiVersion: 1,
    check: (req) => {
      const body = as(req, ApiKey.TxnOffsetCommit);
      expect(body.transactionalId).toBe('golden-kafkajs-txn');
      expect(body.groupId).toBe('golden-kafkajs-group-txn');
      expect(body.topics[0]!.partitions[0]!.committedOffset).toBe(1n);
    },
  },
  {
    file: 'kafka-python-ApiVersions-v0.bin',
    clientId: 'golden-py-producer',
    apiKey: ApiKey.ApiVersions,
    apiVersion: 0,
    check: (req) => {
      expect(req.clientId).toBe('golden-py-producer');
      expect(req.bodyOffset).toBe(req.header.clientId === null ? 10 : 10 + Buffer.byteLength(req.header.clientId));
    },
  },
  {
    file: 'kafka-python-Metadata-v0.bin',
    clientId: 'golden-py-producer',
    apiKey: ApiKey.Metadata,
    apiVersion: 0,
    check: (req) => {
      expect(as(req, ApiKey.Metadata).topics).toEqual([]); // v0: empty list means all topics
    },
  },
  {
    file: 'kafka-python-Produce-v7.bin',
    clientId: 'golden-py-producer',
    apiKey: ApiKey.Produce,
    apiVersion: 7,
    check: async (req) => {
      const body = as(req, ApiKey.Produce);
      expect(body.acks).toBe(1);
      const records = (await producedRecords(body.topicData[0]!.partitionData[0]!.records)).flatMap((b) => b.records);
      expect(records.map((r) => [text(r.key), text(r.value)])).toEqual([['k0', 'v0'], ['k1', 'v1'], ['k2', 'v2']]);
    },
  },
  {
    file: 'kafka-python-FindCoordinator-v0.bin',
    clientId: 'golden-py-consumer',
    apiKey: ApiKey.FindCoordinator,
    apiVersion: 0,
    check: (req) => {
      expect(as(req, ApiKey.FindCoordinator).key).toBe('golden-py-group');
    },
  },
  {
    file: 'kafka-python-Fetch-v4.bin',
    clientId: 'golden-py-consumer',
    apiKey: ApiKey.Fetch,
    apiVersion: 4,
    check: (req) => {
      const body = as(req, ApiKey.Fetch);
      expect(body.isolationLevel).toBe(0);
      expect(body.topics.map((t) => t.topic)).toEqual(['golden-py']);
    },
  },
  {
    file: 'confluent-kafka-DescribeGroups-v0.bin',
    clientId: 'golden-ck-admin',
    apiKey: ApiKey.DescribeGroups,
    apiVersion: 0,
    check: (req) => {
      expect(as(req, ApiKey.DescribeGroups).groups).toContain('golden-kcat-group');
    },
  },
];
