import { TributaryError } from '@tributary/protocol';

/**
 * A task directory is locked by another owner: another stream thread or KafkaStreams instance of this process,
 * or another live process (Kafka's `LockException`). The task is retried later.
 */
export class LockException extends TributaryError {
  static readonly CODE = 'LOCK';

  constructor(message: string, options?: { cause?: unknown }) {
    super(LockException.CODE, message, options);
  }
}

/**
 * A task's local state cannot be trusted - an unreadable checkpoint, a checkpoint beyond the changelog's end, a
 * store that fails to open - so it is wiped and rebuilt from the changelog (Kafka's `TaskCorruptedException`).
 */
export class TaskCorruptedException extends TributaryError {
  static readonly CODE = 'TASK_CORRUPTED';

  constructor(message: string, options?: { cause?: unknown }) {
    super(TaskCorruptedException.CODE, message, options);
  }
}
