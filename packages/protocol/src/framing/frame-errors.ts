import { TributaryError } from '../errors/tributary-error.js';

/**
 * A frame declared a size above the configured limit (Kafka's `socket.request.max.bytes`).
 *
 * Raised as soon as the 4-byte size prefix is read, before any buffer for the frame is allocated. The byte
 * stream cannot be resynchronised after this, so the connection that sent it should be closed (and only
 * that one).
 */
export class FrameTooLargeError extends TributaryError {
  static readonly CODE = 'FRAME_TOO_LARGE';
  /** The size the peer declared. */
  readonly declaredSize: number;
  /** The limit in force. */
  readonly maxFrameBytes: number;

  constructor(declaredSize: number, maxFrameBytes: number) {
    super(FrameTooLargeError.CODE, `frame of ${declaredSize} bytes exceeds the limit of ${maxFrameBytes} bytes`);
    this.declaredSize = declaredSize;
    this.maxFrameBytes = maxFrameBytes;
  }
}

/**
 * A frame's size prefix is not a valid size (negative). Like Kafka's `InvalidReceiveException`: the stream is
 * not a Kafka protocol stream, or has lost synchronisation; close the connection.
 */
export class InvalidFrameError extends TributaryError {
  static readonly CODE = 'FRAME_INVALID';
  /** The size the peer declared. */
  readonly declaredSize: number;

  constructor(declaredSize: number) {
    super(InvalidFrameError.CODE, `invalid frame size ${declaredSize}`);
    this.declaredSize = declaredSize;
  }
}

/** Why a request cannot be decoded although its header could be read. */
export type UnsupportedRequestReason = 'UNKNOWN_API_KEY' | 'UNSUPPORTED_VERSION';

/**
 * A request names an API key we have no codec for, or a version outside the API's valid versions.
 *
 * Carries what a broker needs to answer it: the correlation id (always at the same place in every header
 * version), the api key and version, and the client id when it could be read. Kafka answers an unsupported
 * ApiVersions version with `UNSUPPORTED_VERSION` in a v0 body and closes the connection for anything else.
 */
export class UnsupportedRequestError extends TributaryError {
  static readonly CODE = 'REQUEST_UNSUPPORTED';
  readonly reason: UnsupportedRequestReason;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  /** The client id, or `null` when absent or unreadable. */
  readonly clientId: string | null;

  constructor(reason: UnsupportedRequestReason, apiKey: number, apiVersion: number, correlationId: number, clientId: string | null) {
    const what = reason === 'UNKNOWN_API_KEY' ? `unknown api key ${apiKey}` : `unsupported version ${apiVersion} of api key ${apiKey}`;
    super(UnsupportedRequestError.CODE, `${what} (correlation id ${correlationId})`);
    this.reason = reason;
    this.apiKey = apiKey;
    this.apiVersion = apiVersion;
    this.correlationId = correlationId;
    this.clientId = clientId;
  }
}
