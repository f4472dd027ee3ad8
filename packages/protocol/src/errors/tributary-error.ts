/**
 * The base class of every error Tributary's libraries throw.
 *
 * Kafka's own error codes travel as data (see {@link KafkaErrorCode}); a `TributaryError` is for the
 * library's failures. Tests and callers branch on the stable string {@link TributaryError.code}, never on the
 * message text, which may improve over time.
 *
 * @example
 * ```ts
 * try { decodeSomething(bytes) } catch (e) {
 *   if (e instanceof TributaryError && e.code === 'PROTOCOL_DECODE') { ... }
 * }
 * ```
 */
export class TributaryError extends Error {
  /** A stable, machine-readable identifier such as `PROTOCOL_DECODE`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = new.target.name;
  }
}

/**
 * Raised when bytes cannot be decoded as the Kafka protocol structure asked for: a short buffer, a negative
 * length where none is allowed, a varint longer than its type, an unknown magic byte.
 *
 * Readers raise only this error for malformed input: never a `RangeError`, never an endless loop.
 */
export class ProtocolDecodeError extends TributaryError {
  static readonly CODE = 'PROTOCOL_DECODE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(ProtocolDecodeError.CODE, message, options);
  }
}

/** Raised when a value cannot be encoded: out of range for its type, or absent where the version needs it. */
export class ProtocolEncodeError extends TributaryError {
  static readonly CODE = 'PROTOCOL_ENCODE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(ProtocolEncodeError.CODE, message, options);
  }
}
