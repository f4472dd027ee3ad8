import { describe, expect, it } from 'vitest';
import {
  ApiKey,
  ApiVersionsResponse,
  FetchResponse,
  FrameDecoder,
  MetadataResponse,
  ProtocolDecodeError,
  ResponseHeader,
  allApis,
  decodeResponseFrame,
  encodeResponseFrame,
} from '@tributary/protocol';

function concatFrame(list: Buffer[]): Buffer {
  const all = Buffer.concat(list);
  expect(all.readInt32BE(0)).toBe(all.length - 4);
  return all.subarray(4);
}

describe('response header versions', () => {
  it('writes ApiVersions responses with header v0 even for flexible v3', () => {
    const res = ApiVersionsResponse.create({ apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }] });
    const frame = concatFrame(encodeResponseFrame(ApiKey.ApiVersions, 3, 0x01020304, res));
    expect(frame.readInt32BE(0)).toBe(0x01020304);
    expect(frame.readInt16BE(4)).toBe(0); // the body's error code follows the correlation id directly: no tag byte
    expect(frame[6]).toBe(2); // compact array of one api key
    const back = decodeResponseFrame(frame, ApiKey.ApiVersions, 3);
    expect(back.headerVersion).toBe(0);
    expect(back.correlationId).toBe(0x01020304);
    expect(back.body.apiKeys).toEqual([{ apiKey: 18, minVersion: 0, maxVersion: 3 }]);
  });

  it('writes header v1 (a tag section) for other flexible responses and v0 for the rest', () => {
    const v9 = concatFrame(encodeResponseFrame(ApiKey.Metadata, 9, 7, MetadataResponse.create()));
    expect(v9.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 7, 0]));
    expect(decodeResponseFrame(v9, ApiKey.Metadata, 9).headerVersion).toBe(1);
    const v8 = concatFrame(encodeResponseFrame(ApiKey.Metadata, 8, 7, MetadataResponse.create()));
    expect(v8.readInt32BE(4)).toBe(0); // throttle time right after the correlation id
    expect(decodeResponseFrame(v8, ApiKey.Metadata, 8).headerVersion).toBe(0);
  });

  it('writes a given header with its tagged fields', () => {
    const header = ResponseHeader.create({ correlationId: 3, unknownTaggedFields: [{ tag: 9, data: Buffer.from([7]) }] });
    const frame = concatFrame(encodeResponseFrame(ApiKey.Metadata, 12, 3, MetadataResponse.create(), header));
    const back = decodeResponseFrame(frame, ApiKey.Metadata, 12);
    expect(back.header.unknownTaggedFields).toEqual([{ tag: 9, data: Buffer.from([7]) }]);
  });

  it('keeps large record data by reference in the buffer list (zero-copy for writev)', () => {
    const records = Buffer.alloc(64 * 1024, 0xab);
    const res = FetchResponse.create({
      responses: [{ topic: 't', partitions: [{ partitionIndex: 0, highWatermark: 1n, records }] }],
    });
    const list = encodeResponseFrame(ApiKey.Fetch, 11, 9, res);
    expect(list.some((b) => b === records || (b.buffer === records.buffer && b.byteOffset === records.byteOffset))).toBe(true);
    const frame = concatFrame(list);
    const back = decodeResponseFrame(frame, ApiKey.Fetch, 11);
    expect(back.body.responses[0]!.partitions[0]!.records).toEqual(records);
  });

  it('round-trips the default response of every API and version through a frame decoder', () => {
    for (const api of allApis) {
      for (let v = api.response.validVersions.min; v <= api.response.validVersions.max; v++) {
        const bytes = Buffer.concat(encodeResponseFrame(api.apiKey, v, v + 1, api.response.create()));
        const [frame] = [...new FrameDecoder().feed(bytes)];
        const back = decodeResponseFrame(frame!, api.apiKey, v);
        expect(back.correlationId).toBe(v + 1);
        const flexibleHeader = api.apiKey !== ApiKey.ApiVersions && api.response.isFlexible(v);
        expect(back.headerVersion).toBe(flexibleHeader ? 1 : 0);
        expect(Buffer.concat(encodeResponseFrame(api.apiKey, v, v + 1, back.body, back.header))).toEqual(bytes);
      }
    }
  });

  it('raises a decode error on a truncated response or trailing bytes', () => {
    const frame = concatFrame(encodeResponseFrame(ApiKey.Metadata, 1, 7, MetadataResponse.create()));
    expect(() => decodeResponseFrame(frame.subarray(0, frame.length - 2), ApiKey.Metadata, 1)).toThrow(ProtocolDecodeError);
    expect(() => decodeResponseFrame(Buffer.concat([frame, Buffer.from([1])]), ApiKey.Metadata, 1)).toThrow(ProtocolDecodeError);
  });
});
