// Hand-checked byte vectors, laid out field by field from the message specs and the protocol guide.
import { describe, expect, it } from 'vitest';
import {
  ApiVersionsRequest,
  ApiVersionsResponse,
  FetchResponse,
  MetadataRequest,
  ProduceRequest,
  ProduceResponse,
  ProtocolDecodeError,
  ProtocolEncodeError,
  RequestHeader,
  ResponseHeader,
} from '@tributary/protocol';

const hex = (...parts: string[]): Buffer => Buffer.from(parts.join(''), 'hex');
const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

describe('ApiVersions', () => {
  it('request v3 carries the client software name and version as compact strings, then an empty tag section', () => {
    const bytes = hex('0b', utf8('librdkafka'), '06', utf8('2.0.2'), '00');
    const value = ApiVersionsRequest.create({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' });
    expect(ApiVersionsRequest.encode(3, value)).toEqual(bytes);
    expect(ApiVersionsRequest.decode(bytes, 3)).toStrictEqual(value);
  });

  it('request v0-v2 is an empty body; the software fields are ignorable and dropped', () => {
    const value = ApiVersionsRequest.create({ clientSoftwareName: 'kafkajs', clientSoftwareVersion: '2.2.4' });
    for (const v of [0, 1, 2]) expect(ApiVersionsRequest.encode(v, value)).toEqual(Buffer.alloc(0));
  });

  it('response v3 ends every array element with its own 0x00 tag section', () => {
    const bytes = hex(
      '0000', // error code
      '03', // compact array: 2 elements
      '0000', '0000', '0009', '00', // Produce 0-9, element tag section
      '0012', '0000', '0004', '00', // ApiVersions 0-4, element tag section
      '00000000', // throttle time
      '00', // top-level tag section
    );
    const value = ApiVersionsResponse.create({
      apiKeys: [
        { apiKey: 0, minVersion: 0, maxVersion: 9 },
        { apiKey: 18, minVersion: 0, maxVersion: 4 },
      ],
    });
    expect(ApiVersionsResponse.encode(3, value)).toEqual(bytes);
    expect(ApiVersionsResponse.decode(bytes, 3)).toStrictEqual(value);
  });

  it('response v0 has a classic array and no throttle time', () => {
    const value = ApiVersionsResponse.create({ errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }] });
    expect(ApiVersionsResponse.encode(0, value)).toEqual(hex('0023', '00000001', '0012', '0000', '0003'));
  });

  it('response v3 writes tagged fields in ascending tag order, merged with preserved unknown tags', () => {
    const value = ApiVersionsResponse.create({
      finalizedFeaturesEpoch: 5n,
      zkMigrationReady: true,
      unknownTaggedFields: [
        { tag: 2_000, data: Buffer.from([0xcd]) },
        { tag: 4, data: Buffer.from([0xab]) },
      ].sort((a, b) => a.tag - b.tag),
    });
    const bytes = hex(
      '0000', '01', '00000000',
      '04', // four tagged fields
      '01', '08', '0000000000000005', // tag 1: FinalizedFeaturesEpoch
      '03', '01', '01', // tag 3: ZkMigrationReady
      '04', '01', 'ab', // tag 4: unknown
      'd00f', '01', 'cd', // tag 2000 (varint d0 0f): unknown
    );
    expect(ApiVersionsResponse.encode(3, value)).toEqual(bytes);
    expect(ApiVersionsResponse.decode(bytes, 3)).toStrictEqual(value);
  });
});

describe('Metadata request topics: v0 empty = all topics; v1+ null = all topics, empty = none', () => {
  it('v0 encodes [] as count 0 and cannot express null', () => {
    expect(MetadataRequest.encode(0, MetadataRequest.create({ topics: [] }))).toEqual(hex('00000000'));
    expect(() => MetadataRequest.encode(0, MetadataRequest.create({ topics: null }))).toThrow(ProtocolEncodeError);
    expect(() => MetadataRequest.decode(hex('ffffffff'), 0)).toThrow(ProtocolDecodeError);
  });

  it('v1 encodes null as -1 and [] as 0, and decodes them apart', () => {
    expect(MetadataRequest.encode(1, MetadataRequest.create({ topics: null }))).toEqual(hex('ffffffff'));
    expect(MetadataRequest.encode(1, MetadataRequest.create({ topics: [] }))).toEqual(hex('00000000'));
    expect(MetadataRequest.decode(hex('ffffffff'), 1).topics).toBeNull();
    expect(MetadataRequest.decode(hex('00000000'), 1).topics).toEqual([]);
    expect(MetadataRequest.encode(1, MetadataRequest.create({ topics: [{ name: 'a' }] }))).toEqual(hex('00000001', '0001', '61'));
  });

  it('v4 adds allowAutoTopicCreation (default true); v9 is compact with a null array as 0x00', () => {
    expect(MetadataRequest.encode(4, MetadataRequest.create({ topics: null }))).toEqual(hex('ffffffff', '01'));
    // topics null, allowAutoTopicCreation, includeClusterAuthorizedOperations, includeTopicAuthorizedOperations, tags
    expect(MetadataRequest.encode(9, MetadataRequest.create({ topics: null }))).toEqual(hex('00', '01', '00', '00', '00'));
  });

  it('refuses allowAutoTopicCreation=false below v4: the field is not ignorable', () => {
    const value = MetadataRequest.create({ topics: [], allowAutoTopicCreation: false });
    expect(() => MetadataRequest.encode(3, value)).toThrow(/allowAutoTopicCreation.*version 3/);
  });
});

describe('Produce', () => {
  it('response v1 puts the throttle time after the responses array; v0 has none', () => {
    const value = ProduceResponse.create({
      responses: [{ name: 't', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 42n }] }],
      throttleTimeMs: 100,
    });
    const body = hex('00000001', '0001', '74', '00000001', '00000000', '0000', '000000000000002a');
    expect(ProduceResponse.encode(1, value)).toEqual(Buffer.concat([body, hex('00000064')]));
    expect(ProduceResponse.encode(0, value)).toEqual(body);
  });

  it('request v9 is compact with a tag section after each partition, each topic and the body', () => {
    const value = ProduceRequest.create({
      acks: -1,
      timeoutMs: 30_000,
      topicData: [{ name: 't', partitionData: [{ index: 0, records: Buffer.from('abc') }] }],
    });
    const bytes = hex('00', 'ffff', '00007530', '02', '02', '74', '02', '00000000', '04', utf8('abc'), '00', '00', '00');
    expect(ProduceRequest.encode(9, value)).toEqual(bytes);
    // v3 is classic: null transactional id as int16 -1, records as int32 length
    expect(ProduceRequest.encode(3, value)).toEqual(hex('ffff', 'ffff', '00007530', '00000001', '0001', '74', '00000001', '00000000', '00000003', utf8('abc')));
  });
});

describe('headers', () => {
  it('request header v2 keeps the classic int16 client id (flexibleVersions "none") before the tag section', () => {
    const value = RequestHeader.create({ requestApiKey: 18, requestApiVersion: 3, correlationId: 7, clientId: 'ab' });
    expect(RequestHeader.encode(2, value)).toEqual(hex('0012', '0003', '00000007', '0002', '6162', '00'));
    expect(RequestHeader.encode(1, { ...value, clientId: null })).toEqual(hex('0012', '0003', '00000007', 'ffff'));
    expect(RequestHeader.encode(0, value)).toEqual(hex('0012', '0003', '00000007')); // client id is ignorable
  });

  it('response header v1 adds a tag section to the correlation id', () => {
    expect(ResponseHeader.encode(1, ResponseHeader.create({ correlationId: 7 }))).toEqual(hex('00000007', '00'));
    expect(ResponseHeader.encode(0, ResponseHeader.create({ correlationId: 7 }))).toEqual(hex('00000007'));
  });
});

describe('Fetch response v12 tagged structs', () => {
  it('writes CurrentLeader only when it differs from its default, as tag 1 with its own tag section inside', () => {
    const partition = { partitionIndex: 1, highWatermark: 10n, records: null };
    const plain = FetchResponse.create({ responses: [{ topic: 'a', partitions: [partition] }] });
    const withLeader = FetchResponse.create({ responses: [{ topic: 'a', partitions: [{ ...partition, currentLeader: { leaderId: 3 } }] }] });
    const head = hex('00000000', '0000', '00000000', '02', '02', '61', '02', '00000001', '0000', '000000000000000a', 'ffffffffffffffff', 'ffffffffffffffff', '01', 'ffffffff', '00');
    expect(FetchResponse.encode(12, plain)).toEqual(Buffer.concat([head, hex('00', '00', '00')]));
    const leader = hex('01', '01', '09', '00000003', 'ffffffff', '00');
    expect(FetchResponse.encode(12, withLeader)).toEqual(Buffer.concat([head, leader, hex('00', '00')]));
    expect(FetchResponse.decode(Buffer.concat([head, leader, hex('00', '00')]), 12)).toStrictEqual(withLeader);
  });
});
