import type { LogConfig } from '../config/log-config.js';
import type { LogSegment } from './log-segment.js';

/** Why segments are deleted (Kafka's `SegmentDeletionReason`). */
export type DeletionReason = 'log-start-offset' | 'retention-bytes' | 'retention-ms';

export interface RetentionInput {
  readonly segments: readonly LogSegment[];
  readonly config: LogConfig;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly highWatermark: number;
  readonly now: number;
}

type Predicate = (seg: LogSegment, next: LogSegment | undefined) => Promise<boolean>;

/**
 * How many of the oldest segments a predicate lets go (Kafka's `deletableSegments`): segments are taken
 * from the start while the predicate holds and the segment lies wholly below the high watermark; an empty
 * last segment is never taken.
 */
async function countDeletable(input: RetentionInput, predicate: Predicate): Promise<number> {
  const { segments } = input;
  let n = 0;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const next = segments[i + 1];
    const upper = next ? next.baseOffset : input.logEndOffset;
    if (input.highWatermark < upper) break;
    if (!next && seg.size === 0) break;
    if (!(await predicate(seg, next))) break;
    n++;
  }
  return n;
}

/** A segment's newest timestamp, or its file's mtime when it has none (Kafka's `largestTimestamp`). */
async function largestTimestamp(seg: LogSegment): Promise<number> {
  const ts = await seg.largestTimestamp();
  return ts >= 0 ? ts : seg.lastModified();
}

/**
 * The number of oldest segments retention deletes now and why (Kafka's `deleteOldSegments`): segments
 * below the log start offset always; with `cleanup.policy` containing `delete`, also segments beyond
 * `retention.bytes` and segments older than `retention.ms` (`-1` disables either).
 */
export async function segmentsToDelete(input: RetentionInput): Promise<{ count: number; reason: DeletionReason } | null> {
  const startBreached = await countDeletable(input, async (_seg, next) => next !== undefined && next.baseOffset <= input.logStartOffset);
  if (startBreached > 0) return { count: startBreached, reason: 'log-start-offset' };
  if (!input.config.cleanupPolicy.includes('delete')) return null;

  const retentionBytes = input.config.retentionBytes;
  if (retentionBytes >= 0) {
    let diff = input.segments.reduce((sum, s) => sum + s.size, 0) - retentionBytes;
    if (diff > 0) {
      const n = await countDeletable(input, async (seg) => {
        if (diff - seg.size < 0) return false;
        diff -= seg.size;
        return true;
      });
      if (n > 0) return { count: n, reason: 'retention-bytes' };
    }
  }
  const retentionMs = input.config.retentionMs;
  if (retentionMs >= 0) {
    const n = await countDeletable(input, async (seg) => input.now - (await largestTimestamp(seg)) > retentionMs);
    if (n > 0) return { count: n, reason: 'retention-ms' };
  }
  return null;
}
