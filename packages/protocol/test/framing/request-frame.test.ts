import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TributaryError,
  requestHeaderVersion,
  ApiKey,
  ApiVersionsRequest,
  FrameDecoder,
  MetadataRequest,
  ProduceRequest,
  ProtocolDecodeError,
  RequestHeader,
  UnsupportedRequestError,
  allApis,
  decodeRequest,
  decodeRequestHeader,
  encodeRequestFrame,
  encodeRequestFrameFromHeader,
} from '@tributary/protocol';

/** The frame body (after the 4-byte size) of an encoded frame, checking the size prefix on the way. */
function body(frame: Buffer): Buffer {
  expect(frame.readInt32BE(0)).toBe(frame.length - 4);
  return frame.subarray(4);
}

describe('request header versions', () => {
  it('uses header v1 (classic client id, no tags) for a non-flexible request', () => {
    const frame = body(encodeRequestFrame(ApiKey.Metadata, 1, 7, 'cli', MetadataRequest.create({ topics: null })));
    // apiKey 3, version 1, correlation 7, clientId "cli", then the body: topics = null (int32 -1)
    expect(frame).toEqual(Buffer.from('00030001000000070003636c69ffffffff', 'hex'));
    const head = decodeRequestHeader(frame);
    expect(head).toMatchObject({ apiKey: 3, apiVersion: 1, correlationId: 7, clientId: 'cli', headerVersion: 1, bodyOffset: 13 });
  });

  it('uses header v2 for a flexible request: classic int16 client id, then the tag section', () => {
    const frame = body(
      encodeRequestFrame(ApiKey.ApiVersions, 3, 1, 'rdkafka', ApiVersionsRequest.create({ clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' })),
    );
    const clientIdEnd = 8 + 2 + 'rdkafka'.length;
    expect(frame.readInt16BE(8)).toBe(7); // classic length prefix, not a compact varint
    expect(frame.toString('utf8', 10, clientIdEnd)).toBe('rdkafka');
    expect(frame[clientIdEnd]).toBe(0); // empty tagged-field section of the header
    expect(frame[clientIdEnd + 1]).toBe('librdkafka'.length + 1); // compact string starts the body
    const req = decodeRequest(frame);
    expect(req.headerVersion).toBe(2);
    expect(req.bodyOffset).toBe(clientIdEnd + 1);
    expect(req.apiKey).toBe(ApiKey.ApiVersions);
    if (req.apiKey === ApiKey.ApiVersions) {
      expect(req.body.clientSoftwareName).toBe('librdkafka');
      expect(req.body.clientSoftwareVersion).toBe('2.0.2');
    }
  });

  it('keeps a null client id and unknown header tags, and re-encodes them byte for byte', () => {
    const header = RequestHeader.create({
      requestApiKey: ApiKey.Produce,
      requestApiVersion: 9,
      correlationId: 42,
      clientId: null,
      unknownTaggedFields: [{ tag: 5, data: Buffer.from([1, 2, 3]) }],
    });
    const produce = ProduceRequest.create({ acks: 1, timeoutMs: 1000, topicData: [] });
    const frame = body(encodeRequestFrameFromHeader(header, produce));
    expect(frame.readInt16BE(8)).toBe(-1);
    expect(frame.subarray(10, 15)).toEqual(Buffer.from([1, 5, 3, 1, 2])); // 1 tag: tag 5, size 3, data...
    const req = decodeRequest(frame);
    expect(req.clientId).toBeNull();
    expect(req.header.unknownTaggedFields).toEqual([{ tag: 5, data: Buffer.from([1, 2, 3]) }]);
    expect(body(encodeRequestFrameFromHeader(req.header, req.body))).toEqual(frame);
  });

  it('round-trips the default request of every API and version through a frame decoder', () => {
    let count = 0;
    for (const api of allApis) {
      for (let v = api.request.validVersions.min; v <= api.request.validVersions.max; v++) {
        const bytes = encodeRequestFrame(api.apiKey, v, 1000 + v, 'c', api.request.create());
        const [frame] = [...new FrameDecoder().feed(bytes)];
        const req = decodeRequest(frame!);
        expect(req.apiKey).toBe(api.apiKey);
        expect(req.apiVersion).toBe(v);
        expect(req.correlationId).toBe(1000 + v);
        expect(req.headerVersion).toBe(api.request.isFlexible(v) ? 2 : 1);
        expect(encodeRequestFrameFromHeader(req.header, req.body)).toEqual(bytes);
        count++;
      }
    }
    expect(count).toBeGreaterThan(200);
  });
});

describe('request header v0', () => {
  it('is only the 8 fixed bytes, and no API with a codec uses it (ControlledShutdown v0 is not generated)', () => {
    const v0 = RequestHeader.encode(0, RequestHeader.create({ requestApiKey: 7, requestApiVersion: 0, correlationId: 1, clientId: 'ignored' }));
    expect(v0).toEqual(Buffer.from('0007000000000001', 'hex'));
    for (const api of allApis) {
      for (let v = api.request.validVersions.min; v <= api.request.validVersions.max; v++) {
        expect(requestHeaderVersion(api.apiKey, v)).toBe(api.request.isFlexible(v) ? 2 : 1);
      }
    }
  });
});

describe('requests that cannot be decoded', () => {
  it('raise only Tributary errors on arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom(0, 1, 3, 18, 19, 32), fc.nat(17), (bytes, key, version) => {
        // Random bodies behind a plausible api key and version, and fully random frames.
        const withHeader = Buffer.concat([Buffer.from([0, key, 0, version, 0, 0, 0, 1, 0, 0]), bytes]);
        for (const frame of [Buffer.from(bytes), withHeader]) {
          try {
            decodeRequest(frame);
          } catch (e) {
            expect(e).toBeInstanceOf(TributaryError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('raise only Tributary errors when a valid frame is corrupted (property)', () => {
    const frame = body(encodeRequestFrame(ApiKey.Metadata, 4, 7, 'cli', MetadataRequest.create({ topics: [{ name: 'topic-a' }] })));
    fc.assert(
      fc.property(fc.nat(frame.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(frame.length), (at, value, cut) => {
        const mutated = Buffer.from(frame);
        mutated[at] = value;
        try {
          decodeRequest(mutated.subarray(0, cut));
        } catch (e) {
          expect(e).toBeInstanceOf(TributaryError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reports an unknown api key with the correlation id and client id', () => {
    const frame = Buffer.from('03e70000000000630002686900', 'hex'); // key 999, v0, corr 99, clientId "hi"
    let err: unknown;
    try {
      decodeRequestHeader(frame);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedRequestError);
    expect(err).toMatchObject({ code: 'REQUEST_UNSUPPORTED', reason: 'UNKNOWN_API_KEY', apiKey: 999, apiVersion: 0, correlationId: 99, clientId: 'hi' });
  });

  it('reports a too-new ApiVersions version so the broker can answer UNSUPPORTED_VERSION', () => {
    const frame = Buffer.from('00120063000000050004726466780000', 'hex'); // key 18, v99, corr 5, clientId "rdfx", tags, body
    expect(() => decodeRequest(frame)).toThrow(UnsupportedRequestError);
    try {
      decodeRequest(frame);
    } catch (e) {
      expect(e).toMatchObject({ reason: 'UNSUPPORTED_VERSION', apiKey: 18, apiVersion: 99, correlationId: 5, clientId: 'rdfx' });
    }
  });

  it('raises a decode error for a truncated header or body, and for trailing bytes', () => {
    expect(() => decodeRequestHeader(Buffer.from('000300010000', 'hex'))).toThrow(ProtocolDecodeError);
    const good = body(encodeRequestFrame(ApiKey.Metadata, 1, 7, 'cli', MetadataRequest.create({ topics: null })));
    expect(() => decodeRequest(good.subarray(0, good.length - 1))).toThrow(ProtocolDecodeError);
    expect(() => decodeRequest(Buffer.concat([good, Buffer.from([0])]))).toThrow(ProtocolDecodeError);
  });

  it('refuses to encode for an unknown api key', () => {
    expect(() => encodeRequestFrame(999, 0, 1, null, {})).toThrow(UnsupportedRequestError);
  });
});
