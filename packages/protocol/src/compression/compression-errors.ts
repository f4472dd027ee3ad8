import { TributaryError } from '../errors/tributary-error.js';

/**
 * Raised for a compression codec id Tributary does not know (Kafka defines 0-4: none, gzip, snappy, lz4,
 * zstd). Mirrors Kafka's `UnsupportedCompressionTypeException` on the library side; a broker answers the
 * Kafka error code `UNSUPPORTED_COMPRESSION_TYPE` instead of throwing.
 */
export class UnsupportedCompressionError extends TributaryError {
  static readonly CODE = 'UNSUPPORTED_COMPRESSION';

  constructor(message: string, options?: { cause?: unknown }) {
    super(UnsupportedCompressionError.CODE, message, options);
  }
}

/**
 * Raised by the synchronous codec entry points for a codec whose library is asynchronous only (zstd, via
 * `@mongodb-js/zstd`). Use the `Promise`-returning function instead.
 */
export class CompressionSyncUnavailableError extends TributaryError {
  static readonly CODE = 'COMPRESSION_SYNC_UNAVAILABLE';

  constructor(message: string) {
    super(CompressionSyncUnavailableError.CODE, message);
  }
}
