import { KAFKA_LONG_MAX } from '../config/config-table.js';
import type { Log } from '../log.js';
import type { LogSegment } from '../internal/log-segment.js';

/** The part of a compacted log the cleaner may work on (Kafka's `LogToClean` and `cleanableOffsets`). */
export interface CleanableRange {
  /** Where the uncleaned ("dirty") part starts: the cleaner checkpoint, or the log start. */
  readonly firstDirtyOffset: number;
  /** The cleaner stops before this: the active segment, the last stable offset, `min.compaction.lag.ms`. */
  readonly firstUncleanableOffset: number;
  readonly cleanBytes: number;
  readonly dirtyBytes: number;
  /** dirty / (clean + dirty): compared with `min.cleanable.dirty.ratio`. */
  readonly ratio: number;
  /** `max.compaction.lag.ms` has passed for the oldest dirty record. */
  readonly needCompactionNow: boolean;
}

function overlapping(segments: readonly LogSegment[], from: number, to: number, end: number): LogSegment[] {
  return segments.filter((s, i) => s.baseOffset < to && (segments[i + 1]?.baseOffset ?? end) > from);
}

async function largestTimestamp(seg: LogSegment): Promise<number> {
  const ts = await seg.largestTimestamp();
  return ts >= 0 ? ts : seg.lastModified();
}

/** Computes the cleanable range of `log` for a cleaner checkpoint at `checkpoint` (undefined: none yet). */
export async function cleanableRange(log: Log, checkpoint: number | undefined, now: number): Promise<CleanableRange> {
  const segments = log.segmentList().slice();
  const start = log.logStartOffset;
  const end = log.logEndOffset;
  const firstDirty = checkpoint !== undefined && checkpoint >= start && checkpoint <= end ? checkpoint : start;
  const active = segments.at(-1)!;
  let firstUncleanable = Math.min(active.baseOffset, log.lastStableOffset);
  const lag = log.config.minCompactionLagMs;
  const dirtyClosed = overlapping(segments, firstDirty, active.baseOffset, end).filter((s) => s !== active);
  if (lag > 0) {
    for (const seg of dirtyClosed) {
      if ((await largestTimestamp(seg)) > now - lag) {
        firstUncleanable = Math.min(firstUncleanable, seg.baseOffset);
        break;
      }
    }
  }
  firstUncleanable = Math.max(firstUncleanable, firstDirty);
  const size = (ss: LogSegment[]): number => ss.reduce((n, s) => n + s.size, 0);
  const cleanBytes = size(overlapping(segments, start, firstDirty, end));
  const dirtyBytes = firstUncleanable > firstDirty ? size(overlapping(segments, firstDirty, firstUncleanable, end)) : 0;
  let needCompactionNow = false;
  const maxLag = log.config.maxCompactionLagMs;
  if (maxLag < KAFKA_LONG_MAX && dirtyBytes > 0) {
    const firsts = (await Promise.all(dirtyClosed.map((s) => s.firstBatchTimestamp()))).filter((t) => t > 0);
    if (firsts.length > 0) needCompactionNow = Math.min(...firsts) + maxLag < now;
  }
  const total = cleanBytes + dirtyBytes;
  return { firstDirtyOffset: firstDirty, firstUncleanableOffset: firstUncleanable, cleanBytes, dirtyBytes, ratio: total > 0 ? dirtyBytes / total : 0, needCompactionNow };
}
