import { ProtocolDecodeError } from '../errors/tributary-error.js';
import { Reader } from '../primitives/reader.js';
import { Writer } from '../primitives/writer.js';
import { RequestHeader, apiByKey, requestHeaderVersion } from '../generated/index.js';
import type { ApiDescriptor, ApiMessages } from '../generated/index.js';
import { UnsupportedRequestError } from './frame-errors.js';

/** The smallest request header: api key, api version, correlation id. */
const FIXED_HEADER_BYTES = 8;

/** What {@link decodeRequestHeader} reads from a request frame. */
export interface DecodedRequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  /** The client id (`null` when the client sent none). */
  readonly clientId: string | null;
  /** The request header version used: 1, or 2 for flexible request versions (see `requestHeaderVersion`). */
  readonly headerVersion: number;
  /** The whole decoded header, including any tagged fields (header v2). */
  readonly header: RequestHeader;
  /** Where the request body starts inside the frame. */
  readonly bodyOffset: number;
}

/**
 * A request frame decoded down to its typed body: a union over the API keys, so that testing `apiKey`
 * narrows `body` to that API's request type.
 *
 * @example
 * ```ts
 * const req = decodeRequest(frame);
 * if (req.apiKey === ApiKey.Produce) console.log(req.body.acks);
 * ```
 */
export type DecodedRequest = {
  [K in keyof ApiMessages]: DecodedRequestHeader & {
    readonly apiKey: K;
    /** The API the request belongs to, from the registry. */
    readonly api: ApiDescriptor<ApiMessages[K]['request'], ApiMessages[K]['response']>;
    /** The request body, decoded by `api.request` at `apiVersion`. */
    readonly body: ApiMessages[K]['request'];
  };
}[keyof ApiMessages];

function inRange(range: { readonly min: number; readonly max: number }, v: number): boolean {
  return v >= range.min && v <= range.max;
}

/**
 * Best-effort client id of a request whose header cannot be parsed by version (unknown api key or version):
 * headers v1 and v2 both start with the classic int16-length client id right after the correlation id.
 */
function peekClientId(frame: Buffer): string | null {
  if (frame.length < FIXED_HEADER_BYTES + 2) return null;
  const n = frame.readInt16BE(FIXED_HEADER_BYTES);
  const start = FIXED_HEADER_BYTES + 2;
  if (n < 0 || start + n > frame.length) return null;
  return frame.toString('utf8', start, start + n);
}

/**
 * Reads the header of a request frame (the bytes after the size prefix).
 *
 * The api key and version come first and pick the header version (v2 for flexible request versions, v1
 * otherwise; v0 exists only for ControlledShutdown v0, an API we have no codec for), as Kafka's
 * `RequestHeader.parse` does. An api key without a codec or
 * a version outside the API's valid versions raises {@link UnsupportedRequestError}, which carries the
 * correlation id so the broker can still answer; a truncated header raises `ProtocolDecodeError`.
 *
 * @example
 * ```ts
 * const { apiKey, apiVersion, correlationId } = decodeRequestHeader(frame);
 * ```
 */
export function decodeRequestHeader(frame: Buffer): DecodedRequestHeader {
  if (frame.length < FIXED_HEADER_BYTES) {
    throw new ProtocolDecodeError(`request frame of ${frame.length} bytes is shorter than a request header`);
  }
  const apiKey = frame.readInt16BE(0);
  const apiVersion = frame.readInt16BE(2);
  const correlationId = frame.readInt32BE(4);
  const api = apiByKey(apiKey);
  if (api === undefined) {
    throw new UnsupportedRequestError('UNKNOWN_API_KEY', apiKey, apiVersion, correlationId, peekClientId(frame));
  }
  if (!inRange(api.request.validVersions, apiVersion)) {
    throw new UnsupportedRequestError('UNSUPPORTED_VERSION', apiKey, apiVersion, correlationId, peekClientId(frame));
  }
  const headerVersion = requestHeaderVersion(apiKey, apiVersion);
  const reader = new Reader(frame);
  const header = RequestHeader.read(reader, headerVersion);
  return { apiKey, apiVersion, correlationId, clientId: header.clientId, headerVersion, header, bodyOffset: reader.pos };
}

/**
 * Decodes a whole request frame: header, then the body with the API's request codec. Bytes left after the
 * body are a `ProtocolDecodeError` (a sign of a version mismatch, not something to ignore).
 *
 * Mirrors Kafka's `RequestContext.parseRequest`.
 */
export function decodeRequest(frame: Buffer): DecodedRequest {
  const head = decodeRequestHeader(frame);
  const api = apiByKey(head.apiKey)!;
  const reader = new Reader(frame, head.bodyOffset);
  const body: unknown = api.request.read(reader, head.apiVersion);
  if (reader.remaining !== 0) {
    throw new ProtocolDecodeError(`${reader.remaining} bytes left after ${api.request.name} v${head.apiVersion}`);
  }
  return { ...head, api, body } as DecodedRequest;
}

function apiOrThrow(apiKey: number, apiVersion: number, correlationId: number, clientId: string | null): ApiDescriptor {
  const api = apiByKey(apiKey);
  if (api === undefined) throw new UnsupportedRequestError('UNKNOWN_API_KEY', apiKey, apiVersion, correlationId, clientId);
  return api;
}

/**
 * Encodes a request frame from a full header (keeping its tagged fields) and a body: size prefix, header at
 * the version the api key and version call for, body. Re-encoding what {@link decodeRequest} returned gives
 * back the original bytes.
 */
export function encodeRequestFrameFromHeader(header: RequestHeader, body: unknown): Buffer {
  const { requestApiKey: apiKey, requestApiVersion: apiVersion, correlationId } = header;
  const api = apiOrThrow(apiKey, apiVersion, correlationId, header.clientId);
  const w = new Writer();
  const size = w.reserve(4);
  RequestHeader.write(w, requestHeaderVersion(apiKey, apiVersion), header);
  api.request.write(w, apiVersion, body);
  size.buf.writeInt32BE(w.length - 4, size.pos);
  return w.toBuffer();
}

/**
 * Encodes a request frame (size prefix included), ready to write to a socket: what a client sends. Mirrors
 * Kafka's `RequestHeader` + `AbstractRequest.serializeWithHeader`.
 *
 * @example
 * ```ts
 * socket.write(encodeRequestFrame(ApiKey.ApiVersions, 3, 1, 'my-client', ApiVersionsRequest.create({
 *   clientSoftwareName: 'tributary', clientSoftwareVersion: '0.1.0' })));
 * ```
 */
export function encodeRequestFrame<K extends keyof ApiMessages>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  clientId: string | null,
  body: ApiMessages[K]['request'],
): Buffer;
export function encodeRequestFrame(apiKey: number, apiVersion: number, correlationId: number, clientId: string | null, body: unknown): Buffer;
export function encodeRequestFrame(apiKey: number, apiVersion: number, correlationId: number, clientId: string | null, body: unknown): Buffer {
  const header = RequestHeader.create({ requestApiKey: apiKey, requestApiVersion: apiVersion, correlationId, clientId });
  return encodeRequestFrameFromHeader(header, body);
}
