import { TributaryError } from '@tributary/protocol';

/**
 * A state store's storage failed: LevelDB could not be opened, read or written (Kafka's
 * `ProcessorStateException`). `code` is `PROCESSOR_STATE`, or `STATE_CORRUPTED` when LevelDB reports that the
 * store's files are corrupt - the runtime then wipes the store directory and restores it from the changelog.
 */
export class ProcessorStateException extends TributaryError {
  static readonly CODE = 'PROCESSOR_STATE';
  static readonly CORRUPTED = 'STATE_CORRUPTED';

  constructor(message: string, options?: { cause?: unknown; corrupted?: boolean }) {
    const code = options?.corrupted === true ? ProcessorStateException.CORRUPTED : ProcessorStateException.CODE;
    super(code, message, options?.cause === undefined ? {} : { cause: options.cause });
  }
}

/**
 * A store was used when it cannot be: not initialised yet, or already closed (Kafka's
 * `InvalidStateStoreException`). Code `INVALID_STATE_STORE`.
 */
export class InvalidStateStoreException extends TributaryError {
  static readonly CODE = 'INVALID_STATE_STORE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(InvalidStateStoreException.CODE, message, options?.cause === undefined ? {} : { cause: options.cause });
  }
}
