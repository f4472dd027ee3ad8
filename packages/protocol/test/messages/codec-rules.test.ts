// The writer and reader rules the generated codecs share with Kafka's generated Java classes.
import { describe, expect, it } from 'vitest';
import {
  ApiVersionsRequest,
  ApiVersionsResponse,
  FetchRequest,
  FetchResponse,
  JoinGroupRequest,
  MetadataRequest,
  ProduceRequest,
  ProtocolDecodeError,
  ProtocolEncodeError,
  Reader,
  Writer,
} from '@tributary/protocol';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('versions', () => {
  it('rejects versions outside validVersions with the matching error', () => {
    expect(() => ProduceRequest.decode(Buffer.alloc(16), 12)).toThrow(ProtocolDecodeError);
    expect(() => ProduceRequest.decode(Buffer.alloc(16), -1)).toThrow(ProtocolDecodeError);
    expect(() => ProduceRequest.encode(12, ProduceRequest.create())).toThrow(ProtocolEncodeError);
    expect(() => ProduceRequest.encode(1.5, ProduceRequest.create())).toThrow(ProtocolEncodeError);
  });

  it('describes its versions and flexibility', () => {
    expect(FetchRequest.validVersions).toEqual({ min: 0, max: 17 });
    expect(FetchRequest.flexibleVersions).toEqual({ min: 12, max: 17 });
    expect(FetchRequest.isFlexible(11)).toBe(false);
    expect(FetchRequest.isFlexible(12)).toBe(true);
    expect(FetchRequest.apiKey).toBe(1);
    expect(FetchRequest.kind).toBe('request');
  });
});

describe('writing fields a version lacks', () => {
  it('raises for a non-ignorable field with a non-default value, naming field and version', () => {
    const value = FetchResponse.create({ responses: [{ topic: 't', partitions: [{ preferredReadReplica: 2 }] }] });
    expect(() => FetchResponse.encode(10, value)).toThrow(ProtocolEncodeError);
    expect(() => FetchResponse.encode(10, value)).toThrow(/preferredReadReplica.*version 10/);
    expect(() => FetchResponse.encode(11, value)).not.toThrow();
  });

  it('accepts a non-ignorable field left at its default', () => {
    expect(FetchResponse.encode(10, FetchResponse.create({ responses: [{ topic: 't', partitions: [{}] }] })).length).toBeGreaterThan(0);
  });

  it('silently drops ignorable fields, which decode back as their defaults', () => {
    const value = FetchResponse.create({ throttleTimeMs: 100, responses: [] });
    const back = FetchResponse.decode(FetchResponse.encode(0, value), 0);
    expect(back.throttleTimeMs).toBe(0);
  });

  it('raises for a non-default tagged field in a version without it (FetchResponse.DivergingEpoch before v12)', () => {
    const value = FetchResponse.create({ responses: [{ topic: 't', partitions: [{ divergingEpoch: { epoch: 4 } }] }] });
    expect(() => FetchResponse.encode(11, value)).toThrow(/divergingEpoch.*version 11/);
  });

  it('raises for null where the version does not allow it', () => {
    const value = JoinGroupRequest.create({ groupInstanceId: null, protocolType: 'consumer' });
    expect(() => JoinGroupRequest.encode(5, value)).not.toThrow();
    const topics = MetadataRequest.create({ topics: [{ name: null }] });
    expect(() => MetadataRequest.encode(9, topics)).toThrow(/name.*not nullable in version 9/);
    expect(MetadataRequest.decode(MetadataRequest.encode(10, topics), 10).topics).toEqual([
      { topicId: '00000000-0000-0000-0000-000000000000', name: null },
    ]);
  });

  it('raises ProtocolEncodeError, not RangeError, for numbers out of their type range', () => {
    expect(() => ProduceRequest.encode(3, ProduceRequest.create({ acks: 40_000 }))).toThrow(ProtocolEncodeError);
    expect(() => ProduceRequest.encode(3, ProduceRequest.create({ timeoutMs: 2 ** 31 }))).toThrow(ProtocolEncodeError);
  });

  it('refuses preserved unknown tags in a non-flexible version', () => {
    const value = ApiVersionsRequest.create({ unknownTaggedFields: [{ tag: 9, data: Buffer.from([1]) }] });
    expect(() => ApiVersionsRequest.encode(2, value)).toThrow(/does not support them/);
    // empty name, empty version, one tagged field: tag 9, size 1, data 01
    expect(ApiVersionsRequest.encode(3, value)).toEqual(hex('01' + '01' + '01' + '09' + '01' + '01'));
  });
});

describe('reading', () => {
  it('keeps unknown tags so that re-encoding reproduces the input exactly', () => {
    // empty name, empty version, two tagged fields: tag 7 (2 bytes), tag 48 (0 bytes)
    const bytes = hex('01' + '01' + '02' + '07' + '02' + 'beef' + '30' + '00');
    const value = ApiVersionsRequest.decode(bytes, 3);
    expect(value.unknownTaggedFields).toEqual([
      { tag: 7, data: hex('beef') },
      { tag: 48, data: Buffer.alloc(0) },
    ]);
    expect(ApiVersionsRequest.encode(3, value)).toEqual(bytes);
  });

  it('rejects trailing bytes on decode but read() stops at the end of the message', () => {
    expect(() => ApiVersionsRequest.decode(hex('010100ff'), 3)).toThrow(/1 bytes left/);
    const reader = new Reader(hex('010100ff'));
    expect(ApiVersionsRequest.read(reader, 3)).toEqual(ApiVersionsRequest.create());
    expect(reader.remaining).toBe(1);
  });

  it('rejects null for a non-nullable field', () => {
    expect(() => ProduceRequest.decode(hex('ffff' + 'ffff' + '00007530' + 'ffffffff'), 3)).toThrow(/topicData/);
  });

  it('returns record bytes as a view into the input', () => {
    const bytes = ProduceRequest.encode(3, ProduceRequest.create({ topicData: [{ name: 't', partitionData: [{ records: Buffer.from('xyz') }] }] }));
    const records = ProduceRequest.decode(bytes, 3).topicData[0]!.partitionData[0]!.records as Buffer;
    expect(records.toString()).toBe('xyz');
    expect(records.buffer).toBe(bytes.buffer);
  });
});

describe('records and writers', () => {
  it('writes a list of record buffers back to back, as one length-prefixed blob', () => {
    const parts = [Buffer.alloc(5000, 1), Buffer.from('tail')];
    const asList = FetchResponse.create({ responses: [{ topic: 't', partitions: [{ records: parts }] }] });
    const asOne = FetchResponse.create({ responses: [{ topic: 't', partitions: [{ records: Buffer.concat(parts) }] }] });
    for (const v of [4, 12]) expect(FetchResponse.encode(v, asList)).toEqual(FetchResponse.encode(v, asOne));
  });

  it('keeps large record buffers by reference in the writer output (zero copy)', () => {
    const big = Buffer.alloc(10_000, 7);
    const w = new Writer();
    FetchResponse.write(w, 4, FetchResponse.create({ responses: [{ topic: 't', partitions: [{ records: [big] }] }] }));
    expect(w.toBuffers()).toContain(big);
  });
});

describe('create', () => {
  it('fills Kafka defaults, nested array elements included', () => {
    const m = FetchRequest.create({ topics: [{ topic: 't', partitions: [{ partition: 3 }] }] });
    expect(m.replicaId).toBe(-1);
    expect(m.maxBytes).toBe(0x7fffffff);
    expect(m.isolationLevel).toBe(0);
    expect(m.clusterId).toBeNull();
    const p = m.topics[0]!.partitions[0]!;
    expect(p).toEqual({ partition: 3, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 0, replicaDirectoryId: '00000000-0000-0000-0000-000000000000' });
    expect(m.replicaState).toEqual({ replicaId: -1, replicaEpoch: -1n });
  });

  it('keeps explicit nulls and false values from init', () => {
    expect(MetadataRequest.create({ topics: null }).topics).toBeNull();
    expect(MetadataRequest.create({ allowAutoTopicCreation: false }).allowAutoTopicCreation).toBe(false);
    expect(ApiVersionsResponse.create().finalizedFeaturesEpoch).toBe(-1n);
  });
});
