import { join } from 'node:path';
import { LEADER_EPOCH_CHECKPOINT } from './file-names.js';
import { checkpointNumber, readCheckpointFile, writeCheckpointFile } from './checkpoint-file.js';

/** A leader epoch and the first offset written in it (Kafka's `EpochEntry`). */
export interface EpochEntry {
  readonly epoch: number;
  readonly startOffset: number;
}

/** Kafka's `UNDEFINED_EPOCH` and `UNDEFINED_EPOCH_OFFSET`. */
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

/**
 * The partition's leader-epoch history (Kafka's `LeaderEpochFileCache`): which epoch started at which
 * offset, persisted in `leader-epoch-checkpoint` (version 0, count, `epoch startOffset` lines) on every
 * change. Followers use it to find where they diverge from a new leader (OffsetsForLeaderEpoch).
 */
export class LeaderEpochCache {
  private entries: EpochEntry[] = [];
  private readonly path: string;

  private constructor(dir: string) {
    this.path = join(dir, LEADER_EPOCH_CHECKPOINT);
  }

  /** Loads the partition's checkpoint (empty if none). */
  static async load(dir: string): Promise<LeaderEpochCache> {
    const cache = new LeaderEpochCache(dir);
    const rows = (await readCheckpointFile(cache.path, 2)) ?? [];
    for (const [epoch, start] of rows) {
      cache.entries.push({ epoch: checkpointNumber(epoch!, cache.path), startOffset: checkpointNumber(start!, cache.path) });
    }
    return cache;
  }

  /** All entries, oldest first. */
  epochEntries(): readonly EpochEntry[] {
    return this.entries;
  }

  /** The latest epoch, or `undefined` if none was recorded. */
  latestEpoch(): number | undefined {
    return this.entries.at(-1)?.epoch;
  }

  /**
   * Records that `epoch` starts at `startOffset` (Kafka's `assign`). Entries it contradicts (same or higher
   * epoch, or a start at or after `startOffset`) are removed first. Returns true if the cache changed.
   */
  assign(epoch: number, startOffset: number): boolean {
    if (epoch < 0) return false;
    const last = this.entries.at(-1);
    if (last && last.epoch === epoch && last.startOffset <= startOffset) return false;
    const kept = this.entries.filter((e) => e.epoch < epoch && e.startOffset < startOffset);
    kept.push({ epoch, startOffset });
    this.entries = kept;
    return true;
  }

  /** The epoch the record at `offset` was written in (the latest entry starting at or before it). */
  epochForOffset(offset: number): number | undefined {
    let found: number | undefined;
    for (const e of this.entries) {
      if (e.startOffset > offset) break;
      found = e.epoch;
    }
    return found;
  }

  /**
   * Kafka's `endOffsetFor`: for a requested epoch, the largest epoch <= it that this log knows and the offset
   * where that epoch ended (the next epoch's start, or the log end offset for the latest epoch).
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): { epoch: number; endOffset: number } {
    const undefinedResult = { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requestedEpoch === UNDEFINED_EPOCH || this.entries.length === 0) return undefinedResult;
    const latest = this.entries.at(-1)!;
    if (requestedEpoch === latest.epoch) return { epoch: requestedEpoch, endOffset: logEndOffset };
    const next = this.entries.find((e) => e.epoch > requestedEpoch);
    if (!next) return undefinedResult;
    const first = this.entries[0]!;
    if (requestedEpoch < first.epoch) return { epoch: requestedEpoch, endOffset: next.startOffset };
    let floor = first;
    for (const e of this.entries) if (e.epoch <= requestedEpoch) floor = e;
    return { epoch: floor.epoch, endOffset: next.startOffset };
  }

  /** Drops entries starting at or after `endOffset` (the log was truncated there). */
  truncateFromEnd(endOffset: number): boolean {
    const kept = this.entries.filter((e) => e.startOffset < endOffset);
    const changed = kept.length !== this.entries.length;
    this.entries = kept;
    return changed;
  }

  /**
   * The log now starts at `startOffset`: drop entries wholly below it and move the start of the one that
   * spans it (Kafka's `truncateFromStart`).
   */
  truncateFromStart(startOffset: number): boolean {
    let spanning = -1;
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i]!.startOffset <= startOffset) spanning = i;
    if (spanning < 0) return false;
    const head = this.entries[spanning]!;
    if (spanning === 0 && head.startOffset === startOffset) return false;
    this.entries = [{ epoch: head.epoch, startOffset }, ...this.entries.slice(spanning + 1)];
    return true;
  }

  /** Forgets every entry. */
  clear(): boolean {
    const changed = this.entries.length > 0;
    this.entries = [];
    return changed;
  }

  /** Writes the checkpoint file (atomically). */
  async persist(): Promise<void> {
    await writeCheckpointFile(
      this.path,
      this.entries.map((e) => [e.epoch, e.startOffset]),
    );
  }
}
