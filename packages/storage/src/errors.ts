import { TributaryError } from '@tributary/protocol';

/**
 * Kafka error codes the storage layer returns as data (the numbers of Kafka's `Errors` enum). Expected
 * outcomes such as an offset outside the log are results carrying one of these, never exceptions.
 */
export const StorageErrorCode = {
  NONE: 0,
  /** `OFFSET_OUT_OF_RANGE`: the offset is below the log start offset or above the log end offset. */
  OFFSET_OUT_OF_RANGE: 1,
  /** `CORRUPT_MESSAGE`: the bytes are not a well-formed sequence of v2 batches. */
  CORRUPT_MESSAGE: 2,
  /** `MESSAGE_TOO_LARGE`: a batch is larger than `max.message.bytes`. */
  MESSAGE_TOO_LARGE: 10,
  /** `RECORD_LIST_TOO_LARGE`: the appended bytes are larger than `segment.bytes`. */
  RECORD_LIST_TOO_LARGE: 18,
  /** `KAFKA_STORAGE_ERROR`: the log directory failed (I/O error). */
  KAFKA_STORAGE_ERROR: 56,
} as const;
export type StorageErrorCode = (typeof StorageErrorCode)[keyof typeof StorageErrorCode];

/** Base of the errors the storage package throws for misuse or failed I/O; branch on {@link TributaryError.code}. */
export class StorageError extends TributaryError {}

/** An operation on a log (or log manager) that was already closed or deleted. Code `STORAGE_LOG_CLOSED`. */
export class LogClosedError extends StorageError {
  static readonly CODE = 'STORAGE_LOG_CLOSED';
  constructor(message: string) {
    super(LogClosedError.CODE, message);
  }
}

/** A configuration value that is unknown, malformed or out of range. Code `STORAGE_INVALID_CONFIG`. */
export class InvalidConfigError extends StorageError {
  static readonly CODE = 'STORAGE_INVALID_CONFIG';
  constructor(message: string) {
    super(InvalidConfigError.CODE, message);
  }
}

/**
 * A call that breaks the log's invariants: a follower append whose offsets do not follow the log end offset,
 * a negative offset, a truncation below the log start. Code `STORAGE_INVALID_OFFSET` (Kafka's
 * `UnexpectedAppendOffsetException` / `OffsetsOutOfOrderException` are the same kind of bug).
 */
export class InvalidOffsetError extends StorageError {
  static readonly CODE = 'STORAGE_INVALID_OFFSET';
  constructor(message: string) {
    super(InvalidOffsetError.CODE, message);
  }
}

/** A log directory's files could not be read or written as expected. Code `STORAGE_IO`. */
export class LogIoError extends StorageError {
  static readonly CODE = 'STORAGE_IO';
  constructor(message: string, options?: { cause?: unknown }) {
    super(LogIoError.CODE, message, options);
  }
}

/** A file that must have Kafka's format (a checkpoint, a partition folder name) does not. Code `STORAGE_CORRUPT_FILE`. */
export class CorruptFileError extends StorageError {
  static readonly CODE = 'STORAGE_CORRUPT_FILE';
  constructor(message: string) {
    super(CorruptFileError.CODE, message);
  }
}

/**
 * Wraps a file-system error (one with an errno `code`) in a {@link LogIoError} naming the log, so callers can
 * answer Kafka's `KAFKA_STORAGE_ERROR`; other errors pass through unchanged.
 */
export function asStorageError(e: unknown, logName: string): unknown {
  if (e instanceof TributaryError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return new LogIoError(`I/O error in log ${logName}: ${(e as Error).message}`, { cause: e });
  return e;
}
