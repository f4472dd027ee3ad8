import type { StateRestoreCallback, StateRestoreListener } from '../../processor/state-store.js';

/** One changelog partition to replay into one store (what Kafka's StoreChangelogReader tracks per changelog). */
export interface RestoreRequest {
  readonly storeName: string;
  readonly topic: string;
  readonly partition: number;
  /** The first offset to read, or undefined for the log start. */
  readonly start: number | undefined;
  /** The log end offset captured before restoring: records at or after it are left to processing. */
  readonly end: number;
  readonly restore: StateRestoreCallback;
}

/**
 * Reads changelogs into stores before a task processes (Kafka's ChangelogReader). The runtime's reader uses a
 * restore consumer; the test driver has none (its changelogs start empty).
 */
export interface ChangelogReader {
  /** The log end offsets (next offset to be written) of these partitions, keyed `topic-partition`. */
  endOffsets(partitions: readonly { topic: string; partition: number }[]): Promise<Map<string, number>>;
  /**
   * Replays every request from `start` up to `end`, in batches, telling the listener. Resolves with the last
   * offset restored per `topic-partition` (absent when nothing was read).
   */
  restore(requests: readonly RestoreRequest[], listener: StateRestoreListener | undefined): Promise<Map<string, number>>;
}
