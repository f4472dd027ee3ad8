import { ProtocolDecodeError } from '../errors/tributary-error.js';
import { Reader } from '../primitives/reader.js';
import { Writer } from '../primitives/writer.js';
import { ResponseHeader, apiByKey, responseHeaderVersion } from '../generated/index.js';
import type { ApiDescriptor, ApiMessages } from '../generated/index.js';
import { UnsupportedRequestError } from './frame-errors.js';

/** A response frame decoded by {@link decodeResponseFrame}. */
export interface DecodedResponse<Body = unknown> {
  readonly correlationId: number;
  /** The response header version used: 0 or 1 (ApiVersions is always 0). */
  readonly headerVersion: number;
  /** The whole decoded header, including any tagged fields (header v1). */
  readonly header: ResponseHeader;
  /** The response body, decoded by the API's response codec. */
  readonly body: Body;
}

function apiFor(apiKey: number, apiVersion: number, correlationId: number): ApiDescriptor {
  const api = apiByKey(apiKey);
  if (api === undefined) throw new UnsupportedRequestError('UNKNOWN_API_KEY', apiKey, apiVersion, correlationId, null);
  return api;
}

/**
 * Encodes a response frame as a list of buffers for `socket.writev`/`cork`: the int32 size (filled in once
 * the body is written), the response header, then the body. Large byte arrays in the body (record batches of
 * a fetch) stay as references, not copies.
 *
 * The header is v1 (with tagged fields) for flexible response versions and v0 otherwise, except ApiVersions,
 * whose response header is always v0 so that a client that does not know the broker yet can read it. Mirrors
 * Kafka's `RequestContext.buildResponseSend`.
 *
 * @param header - a full header to write (e.g. one with tagged fields); by default one holding `correlationId`
 *
 * @example
 * ```ts
 * socket.cork();
 * for (const b of encodeResponseFrame(ApiKey.Metadata, 12, correlationId, body)) socket.write(b);
 * socket.uncork();
 * ```
 */
export function encodeResponseFrame<K extends keyof ApiMessages>(
  apiKey: K,
  apiVersion: number,
  correlationId: number,
  body: ApiMessages[K]['response'],
  header?: ResponseHeader,
): Buffer[];
export function encodeResponseFrame(apiKey: number, apiVersion: number, correlationId: number, body: unknown, header?: ResponseHeader): Buffer[];
export function encodeResponseFrame(apiKey: number, apiVersion: number, correlationId: number, body: unknown, header?: ResponseHeader): Buffer[] {
  const api = apiFor(apiKey, apiVersion, correlationId);
  const w = new Writer();
  const size = w.reserve(4);
  ResponseHeader.write(w, responseHeaderVersion(apiKey, apiVersion), header ?? ResponseHeader.create({ correlationId }));
  api.response.write(w, apiVersion, body);
  size.buf.writeInt32BE(w.length - 4, size.pos);
  return w.toBuffers();
}

/**
 * Decodes a response frame (the bytes after the size prefix) for a request of `apiKey` at `apiVersion`: the
 * client matches the correlation id to its pending request and so knows both. Bytes left after the body are
 * a `ProtocolDecodeError`. Mirrors Kafka's `NetworkClient.parseResponse`.
 */
export function decodeResponseFrame<K extends keyof ApiMessages>(frame: Buffer, apiKey: K, apiVersion: number): DecodedResponse<ApiMessages[K]['response']>;
export function decodeResponseFrame(frame: Buffer, apiKey: number, apiVersion: number): DecodedResponse;
export function decodeResponseFrame(frame: Buffer, apiKey: number, apiVersion: number): DecodedResponse {
  const correlationId = frame.length >= 4 ? frame.readInt32BE(0) : -1;
  const api = apiFor(apiKey, apiVersion, correlationId);
  const headerVersion = responseHeaderVersion(apiKey, apiVersion);
  const reader = new Reader(frame);
  const header = ResponseHeader.read(reader, headerVersion);
  const body: unknown = api.response.read(reader, apiVersion);
  if (reader.remaining !== 0) {
    throw new ProtocolDecodeError(`${reader.remaining} bytes left after ${api.response.name} v${apiVersion}`);
  }
  return { correlationId: header.correlationId, headerVersion, header, body };
}
