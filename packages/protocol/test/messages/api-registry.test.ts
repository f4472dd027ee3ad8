import { describe, expect, it } from 'vitest';
import {
  ApiKey,
  ApiVersionsRequest,
  FetchResponse,
  ProduceRequest,
  ProduceResponse,
  ProtocolDecodeError,
  allApis,
  apiByKey,
  messageSchemas,
  requestHeaderVersion,
  responseHeaderVersion,
} from '@tributary/protocol';

describe('API registry', () => {
  it('names API keys as the specs do, without Request/Response', () => {
    expect(ApiKey.Produce).toBe(0);
    expect(ApiKey.Fetch).toBe(1);
    expect(ApiKey.ApiVersions).toBe(18);
    expect(ApiKey.ListTransactions).toBe(66);
  });

  it('pairs each request codec with its response codec', () => {
    const produce = apiByKey(ApiKey.Produce);
    expect(produce.request).toBe(ProduceRequest);
    expect(produce.response).toBe(ProduceResponse);
    expect(apiByKey(1)?.response).toBe(FetchResponse);
    expect(apiByKey(7)).toBeUndefined();
    for (const api of allApis) {
      expect(api.request.name).toBe(`${api.name}Request`);
      expect(api.response.name).toBe(`${api.name}Response`);
      expect(api.request.apiKey).toBe(api.apiKey);
      expect(api.response.validVersions).toEqual(api.request.validVersions);
    }
    expect(allApis.map((a) => a.apiKey)).toEqual([...allApis.map((a) => a.apiKey)].sort((a, b) => a - b));
  });

  it('uses request header v2 for flexible request versions, else v1', () => {
    expect(requestHeaderVersion(ApiKey.Produce, 8)).toBe(1);
    expect(requestHeaderVersion(ApiKey.Produce, 9)).toBe(2);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 2)).toBe(1);
    expect(requestHeaderVersion(ApiKey.ApiVersions, 3)).toBe(2);
    // a version newer than we know is still flexible ("3+"): its header must be read as v2
    expect(requestHeaderVersion(ApiKey.ApiVersions, 9)).toBe(2);
    expect(requestHeaderVersion(ApiKey.SaslHandshake, 1)).toBe(1);
    expect(requestHeaderVersion(ApiKey.DescribeCluster, 0)).toBe(2);
  });

  it('uses response header v1 for flexible versions, except ApiVersions which is always v0', () => {
    expect(responseHeaderVersion(ApiKey.Fetch, 11)).toBe(0);
    expect(responseHeaderVersion(ApiKey.Fetch, 12)).toBe(1);
    expect(ApiVersionsRequest.isFlexible(3)).toBe(true);
    expect(responseHeaderVersion(ApiKey.ApiVersions, 3)).toBe(0);
    expect(responseHeaderVersion(ApiKey.ApiVersions, 4)).toBe(0);
  });

  it('rejects unknown API keys', () => {
    expect(() => requestHeaderVersion(7, 0)).toThrow(ProtocolDecodeError);
    expect(() => responseHeaderVersion(1000, 0)).toThrow(ProtocolDecodeError);
  });
});

describe('message schemas', () => {
  it('describe fields as the specs do', () => {
    const produce = messageSchemas['ProduceRequest']!;
    expect(produce.validVersions).toEqual({ min: 0, max: 11 });
    expect(produce.flexibleVersions).toEqual({ min: 9, max: 11 });
    expect(produce.fields[0]).toEqual({
      name: 'transactionalId',
      kafkaName: 'TransactionalId',
      type: 'string',
      array: false,
      versions: { min: 3, max: 11 },
      nullableVersions: { min: 3, max: 11 },
      ignorable: false,
      default: null,
    });
    const header = messageSchemas['RequestHeader']!;
    expect(header.fields.find((f) => f.name === 'clientId')?.flexibleVersions).toBeNull();
    const fetch = messageSchemas['FetchResponse']!;
    const partition = fetch.fields.find((f) => f.name === 'responses')!.struct!.fields.find((f) => f.name === 'partitions')!.struct!;
    const leader = partition.fields.find((f) => f.name === 'currentLeader')!;
    expect(leader).toMatchObject({ type: 'struct', tag: 1, taggedVersions: { min: 12, max: 17 } });
    expect(leader.struct!.name).toBe('FetchResponseLeaderIdAndEpoch');
  });
});
