import { utimes } from 'node:fs/promises';
import { BatchAttributes, decodeRecordBatchAsync } from '@tributary/protocol';
import { StorageError } from '../errors.js';
import type { BatchInfo } from '../internal/batch-scan.js';
import { CLEANED_SUFFIX, LOG_SUFFIX, SWAP_SUFFIX } from '../internal/file-names.js';
import { LogSegment, type AppendedBatch } from '../internal/log-segment.js';
import { settingsOf, type Log } from '../log.js';
import { filterBatch, type FilterContext, type FilterCounts } from './batch-filter.js';
import type { OffsetMap } from './offset-map.js';

/** Raised inside a pass when the log changed under it (truncated, closed, segments gone); the pass is dropped. */
export class CleaningAbortedError extends StorageError {
  static readonly CODE = 'STORAGE_CLEANING_ABORTED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(CleaningAbortedError.CODE, message, options);
  }
}

const CHUNK = 1 << 20;

interface StoredBatch {
  info: BatchInfo;
  bytes: Buffer;
}

/** Copies whole batches from `from` until about `CHUNK` bytes (at least one batch); `next` is where to go on. */
async function readChunk(seg: LogSegment, from: number): Promise<{ batches: StoredBatch[]; next: number }> {
  const batches: StoredBatch[] = [];
  let taken = 0;
  let next = from;
  await seg.forEachBatch(from, (info, buf, at) => {
    if (taken > 0 && taken + info.size > CHUNK) return false;
    batches.push({ info, bytes: Buffer.from(buf.subarray(at, at + info.size)) });
    taken += info.size;
    next = info.position + info.size;
    return true;
  });
  return { batches, next };
}

/**
 * Adds the keys of `[from, to)` in `seg` to the offset map (Kafka's `buildOffsetMapForSegment`). Control
 * batches carry no keys of the topic. Returns false if the map filled up before the end.
 */
export async function mapSegment(seg: LogSegment, from: number, to: number, map: OffsetMap): Promise<boolean> {
  let pos = (await seg.translateOffset(from))?.position ?? seg.size;
  while (pos < seg.size) {
    const { batches, next } = await readChunk(seg, pos);
    if (batches.length === 0) break;
    for (const { info, bytes } of batches) {
      if (info.baseOffset >= to) return true;
      if (info.attributes & BatchAttributes.CONTROL) continue;
      const batch = await decodeRecordBatchAsync(bytes, 0, { verifyCrc: false });
      for (const r of batch.records) {
        if (r.offset < from || r.offset >= to || r.key === null) continue;
        if (map.isFull() && map.get(r.key) < 0) return false;
        map.put(r.key, r.offset);
      }
    }
    pos = next;
  }
  return true;
}

/**
 * Rewrites a group of consecutive closed segments into one (Kafka's `cleanSegments`): every batch goes
 * through {@link filterBatch}; the result is written as `<base>.log.cleaned`, fsynced, renamed `.swap`, and
 * swapped in for the originals under the log's lock (originals become `.deleted`). A crash at any point
 * leaves either the originals or a complete `.swap` that loading finishes.
 */
export async function cleanSegments(log: Log, group: readonly LogSegment[], ctx: FilterContext, generation: number, counts: FilterCounts & { bytesRead: number; bytesWritten: number }): Promise<void> {
  const cleaned = await LogSegment.create(log.dir, group[0]!.baseOffset, settingsOf(log.config), log.now(), CLEANED_SUFFIX);
  try {
    for (const seg of group) {
      let pos = 0;
      while (pos < seg.size) {
        const { batches, next } = await readChunk(seg, pos);
        if (batches.length === 0) break;
        const out: Buffer[] = [];
        const metas: AppendedBatch[] = [];
        let at = 0;
        for (const { info, bytes } of batches) {
          counts.bytesRead += info.size;
          const kept = await filterBatch(bytes, info, ctx, counts);
          if (!kept) continue;
          const maxTimestamp = kept.readInt32BE(35) * 0x100000000 + kept.readUInt32BE(39);
          const lastOffset = info.lastOffset;
          if (!cleaned.canHold(lastOffset)) throw new CleaningAbortedError(`offset ${lastOffset} does not fit segment ${cleaned.baseOffset}`);
          metas.push({ at, size: kept.length, baseOffset: info.baseOffset, lastOffset, maxTimestamp });
          out.push(kept);
          at += kept.length;
        }
        if (out.length > 0) {
          await cleaned.append(Buffer.concat(out), metas);
          counts.bytesWritten += at;
        }
        pos = next;
      }
    }
    await cleaned.onBecomeInactive(true);
    await cleaned.flush();
    // Keep the originals' modification time: retention and tombstone rules look at it (Kafka does this too).
    const modified = (await group.at(-1)!.lastModified()) / 1000;
    await utimes(cleaned.path(LOG_SUFFIX), modified, modified);
    await log.runExclusive(async () => {
      if (log.truncationGeneration !== generation) throw new CleaningAbortedError(`log ${log.name} was truncated during cleaning`);
      const live = log.segmentList();
      const first = live.indexOf(group[0]!);
      if (first < 0 || group.some((s, i) => live[first + i] !== s) || first + group.length >= live.length) {
        throw new CleaningAbortedError(`segments of ${log.name} changed during cleaning`);
      }
      await cleaned.changeSuffix(SWAP_SUFFIX);
      await log.replaceSegments(cleaned, group);
      await cleaned.changeSuffix('');
    });
  } catch (e) {
    await cleaned.deleteFiles().catch(() => undefined);
    throw e;
  }
}

/**
 * Groups consecutive segments so each group fits one segment (Kafka's `groupSegmentsBySize`): total log
 * bytes within `segment.bytes`, index bytes within `segment.index.bytes`, offsets within int32 of the
 * group's base.
 */
export function groupBySize(segments: readonly LogSegment[], maxSize: number, maxIndexSize: number, firstUncleanable: number): LogSegment[][] {
  const groups: LogSegment[][] = [];
  let i = 0;
  while (i < segments.length) {
    const group = [segments[i]!];
    let logSize = segments[i]!.size;
    let offsetIndex = segments[i]!.indexSizes.offsetIndex;
    let timeIndex = segments[i]!.indexSizes.timeIndex;
    i++;
    while (i < segments.length) {
      const s = segments[i]!;
      const lastOffset = (segments[i + 1]?.baseOffset ?? firstUncleanable) - 1;
      const fits =
        logSize + s.size <= maxSize &&
        offsetIndex + s.indexSizes.offsetIndex <= maxIndexSize &&
        timeIndex + s.indexSizes.timeIndex <= maxIndexSize &&
        (s.size === 0 || lastOffset - group[0]!.baseOffset <= 0x7fffffff);
      if (!fits) break;
      group.push(s);
      logSize += s.size;
      offsetIndex += s.indexSizes.offsetIndex;
      timeIndex += s.indexSizes.timeIndex;
      i++;
    }
    groups.push(group);
  }
  return groups;
}
