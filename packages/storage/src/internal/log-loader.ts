import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CLEANED_SUFFIX,
  DELETED_SUFFIX,
  INDEX_SUFFIX,
  LOG_SUFFIX,
  SWAP_SUFFIX,
  TIME_INDEX_SUFFIX,
  TXN_INDEX_SUFFIX,
  baseOffsetOfFileName,
} from './file-names.js';
import { LogSegment, type SegmentSettings } from './log-segment.js';
import type { LeaderEpochCache } from './leader-epoch-cache.js';

/** What loading a partition folder produced (Kafka's `LoadedLogOffsets` plus the segments). */
export interface LoadedLog {
  readonly segments: LogSegment[];
  readonly nextOffset: number;
  readonly recoveryPoint: number;
  /** Batches bytes cut from corrupt or torn tails. */
  readonly truncatedBytes: number;
  /** Segments scanned and re-indexed by recovery. */
  readonly recoveredSegments: number;
}

export interface LoadOptions {
  readonly dir: string;
  readonly settings: SegmentSettings;
  readonly recoveryPoint: number;
  readonly logStartOffset: number;
  readonly hadCleanShutdown: boolean;
  readonly now: number;
  readonly epochCache: LeaderEpochCache;
}

/**
 * Opens a partition folder (Kafka's `LogLoader`): finishes or discards interrupted segment replacements,
 * opens the segments, and, after an unclean shutdown, recovers every segment from the one holding the
 * recovery point: each batch is checked (size, magic, CRC, offset order), indexes are rebuilt, and the log
 * is cut at the first bad byte, dropping any segment after it. After a clean shutdown nothing is scanned
 * but the tail of the last segment after its last index entry.
 */
export async function loadLog(options: LoadOptions): Promise<LoadedLog> {
  const { dir, settings, now } = options;
  await mkdir(dir, { recursive: true });
  const names = await readdir(dir);
  await removeLeftovers(dir, names);
  await completeSwaps(dir, (await readdir(dir)).filter((n) => n.endsWith(LOG_SUFFIX + SWAP_SUFFIX)), settings, now);

  const bases = (await readdir(dir))
    .filter((n) => n.endsWith(LOG_SUFFIX) && baseOffsetOfFileName(n) >= 0)
    .map(baseOffsetOfFileName)
    .sort((a, b) => a - b);
  const segments: LogSegment[] = [];
  for (const base of bases) segments.push(await LogSegment.open(dir, base, settings, now));
  if (segments.length === 0) {
    const fresh = await LogSegment.create(dir, options.logStartOffset, settings, now);
    return { segments: [fresh], nextOffset: options.logStartOffset, recoveryPoint: options.logStartOffset, truncatedBytes: 0, recoveredSegments: 0 };
  }

  if (options.hadCleanShutdown) {
    const last = segments.at(-1)!;
    await last.becomeActive();
    const nextOffset = await last.readNextOffset();
    return { segments, nextOffset, recoveryPoint: nextOffset, truncatedBytes: 0, recoveredSegments: 0 };
  }
  return recoverUnflushed(segments, options);
}

/** Recovers the segments from the one holding the recovery point to the end (unclean shutdown). */
async function recoverUnflushed(segments: LogSegment[], options: LoadOptions): Promise<LoadedLog> {
  let first = 0;
  for (let i = 0; i < segments.length; i++) if (segments[i]!.baseOffset <= options.recoveryPoint) first = i;
  let truncatedBytes = 0;
  let recovered = 0;
  let nextOffset = segments[first]!.baseOffset;
  const cache = options.epochCache;
  const onBatch = (b: { partitionLeaderEpoch: number; baseOffset: number }): void => {
    const latest = cache.latestEpoch();
    if (b.partitionLeaderEpoch >= 0 && (latest === undefined || b.partitionLeaderEpoch > latest)) cache.assign(b.partitionLeaderEpoch, b.baseOffset);
  };
  for (let i = first; i < segments.length; i++) {
    const seg = segments[i]!;
    const result = await seg.recover(true, onBatch);
    recovered++;
    nextOffset = result.nextOffset;
    if (result.truncatedBytes > 0) {
      truncatedBytes += result.truncatedBytes;
      // Everything after a corrupt batch is unreachable: drop the later segments (Kafka does the same).
      const dropped = segments.splice(i + 1);
      for (const d of dropped) await d.deleteFiles();
    }
    if (i < segments.length - 1) await seg.persistClosedIndexes();
  }
  await segments.at(-1)!.becomeActive();
  return { segments, nextOffset, recoveryPoint: Math.min(options.recoveryPoint, nextOffset), truncatedBytes, recoveredSegments: recovered };
}

/** Deletes what an interrupted operation left behind: `.cleaned` and `.deleted` files, orphan indexes, temp files. */
async function removeLeftovers(dir: string, names: readonly string[]): Promise<void> {
  const logs = new Set(names.filter((n) => n.endsWith(LOG_SUFFIX) || n.endsWith(LOG_SUFFIX + SWAP_SUFFIX)).map(baseOffsetOfFileName));
  for (const name of names) {
    const base = baseOffsetOfFileName(name);
    const leftover =
      name.endsWith(CLEANED_SUFFIX) ||
      name.endsWith(DELETED_SUFFIX) ||
      (name.endsWith('.tmp') && !name.includes('checkpoint')) ||
      (base >= 0 && [INDEX_SUFFIX, TIME_INDEX_SUFFIX, TXN_INDEX_SUFFIX].some((s) => name.endsWith(s)) && !logs.has(base));
    if (leftover) await rm(join(dir, name), { force: true });
  }
}

/**
 * Finishes replacements interrupted after the cleaned segment was renamed to `.swap`: the swap segment
 * replaces every segment whose base offset lies in its offset range (Kafka's swap-file recovery).
 */
async function completeSwaps(dir: string, swapNames: readonly string[], settings: SegmentSettings, now: number): Promise<void> {
  for (const name of [...swapNames].sort()) {
    const base = baseOffsetOfFileName(name);
    const swap = await LogSegment.open(dir, base, settings, now, SWAP_SUFFIX);
    const { nextOffset } = await swap.recover(true);
    const names = await readdir(dir);
    for (const n of names) {
      const b = baseOffsetOfFileName(n);
      if (n.endsWith(LOG_SUFFIX) && b >= base && b < Math.max(nextOffset, base + 1)) {
        const old = await LogSegment.open(dir, b, settings, now);
        await old.deleteFiles();
      }
    }
    await swap.persistClosedIndexes();
    await swap.closeHandles();
    await swap.changeSuffix('');
  }
}
