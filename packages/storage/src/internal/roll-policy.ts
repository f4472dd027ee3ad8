import { isCompacted, type LogConfig } from '../config/log-config.js';
import type { LogSegment } from './log-segment.js';

/**
 * Whether the active segment must roll before an append (Kafka's `LogSegment.shouldRoll`): it would grow
 * past `segment.bytes`; its first batch is older than `segment.ms` (less this segment's jitter; for compacted
 * topics also `max.compaction.lag.ms`) measured against the appended batches' timestamp, or, without
 * timestamps, its creation time against now; an index is full; or the offsets no longer fit its int32
 * relative range.
 */
export function shouldRoll(seg: LogSegment, config: LogConfig, now: number, appendSize: number, maxTimestamp: number, lastOffset: number): boolean {
  const maxSegmentMs = isCompacted(config) ? Math.min(config.maxCompactionLagMs, config.segmentMs) : config.segmentMs;
  const rolling = seg.rollingBasedTimestamp;
  const waited = rolling !== null && rolling >= 0 ? maxTimestamp - rolling : now - seg.created;
  return (
    seg.size > config.segmentBytes - appendSize ||
    (seg.size > 0 && waited > maxSegmentMs - seg.rollJitterMs) ||
    seg.indexesFull() ||
    !seg.canHold(lastOffset)
  );
}

/** A random roll jitter below `segment.jitter.ms` (and `segment.ms`), drawn per segment as Kafka does. */
export function rollJitter(config: LogConfig): number {
  if (config.segmentJitterMs <= 0) return 0;
  return Math.floor(Math.random() * Math.min(config.segmentJitterMs, config.segmentMs));
}
