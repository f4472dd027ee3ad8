import { decodeRecordBatchAsync } from '@tributary/protocol';
import { ListOffsetsTimestamp, type LogOffsets, type TimestampAndOffset } from '../log-types.js';
import type { LeaderEpochCache } from './leader-epoch-cache.js';
import type { LogSegment } from './log-segment.js';

/** A stored batch copied out of a segment, to decode records from. */
interface FoundBatch {
  bytes: Buffer;
  nextPosition: number;
}

/** The first batch at or after `from` matching `accept` (copied, since scan buffers are reused). */
async function findBatch(
  seg: LogSegment,
  from: number,
  accept: (maxTimestamp: number, lastOffset: number) => boolean,
): Promise<FoundBatch | null> {
  let found: FoundBatch | null = null;
  await seg.forEachBatch(from, (info, buf, at) => {
    if (!accept(info.maxTimestamp, info.lastOffset)) return true;
    found = { bytes: Buffer.from(buf.subarray(at, at + info.size)), nextPosition: info.position + info.size };
    return false;
  });
  return found;
}

/** Leader epoch of a stored batch, or undefined when it has none (-1). */
function epochOf(batch: Buffer): number | undefined {
  const e = batch.readInt32BE(12);
  return e >= 0 ? e : undefined;
}

/**
 * Kafka's `LogSegment.findOffsetByTimestamp`: the first record at or after `startingOffset` whose timestamp
 * is >= `timestamp`, found through the time index, then the offset index, then a scan of batches; only the
 * batch that holds the answer is decoded.
 */
async function findInSegment(seg: LogSegment, timestamp: number, startingOffset: number): Promise<TimestampAndOffset | null> {
  let position = await seg.positionForTimestamp(timestamp, startingOffset);
  for (;;) {
    const batch = await findBatch(seg, position, (maxTs, last) => maxTs >= timestamp && last >= startingOffset);
    if (!batch) return null;
    const decoded = await decodeRecordBatchAsync(batch.bytes, 0, { verifyCrc: false });
    const record = decoded.records.find((r) => r.timestamp >= timestamp && r.offset >= startingOffset);
    if (record) return { timestamp: record.timestamp, offset: record.offset, leaderEpoch: epochOf(batch.bytes) };
    position = batch.nextPosition;
  }
}

/** The first record with a timestamp >= `timestamp` at or after the log start (ListOffsets by time). */
export async function findOffsetByTimestamp(
  segments: readonly LogSegment[],
  timestamp: number,
  logStartOffset: number,
): Promise<TimestampAndOffset | null> {
  for (const seg of segments) {
    if ((await seg.largestTimestamp()) < timestamp) continue;
    const found = await findInSegment(seg, timestamp, logStartOffset);
    if (found) return found;
  }
  return null;
}

/** The record carrying the log's largest timestamp (ListOffsets `MAX_TIMESTAMP`, KIP-734). */
export async function findMaxTimestamp(segments: readonly LogSegment[]): Promise<{ timestamp: number; offset: number } | null> {
  let best: LogSegment | null = null;
  let bestTs = -1;
  for (const seg of segments) {
    const { timestamp } = await seg.maxTimestampAndOffset();
    if (timestamp > bestTs) {
      best = seg;
      bestTs = timestamp;
    }
  }
  if (!best) return null;
  const { offset } = await best.maxTimestampAndOffset();
  const from = (await best.translateOffset(offset))?.position ?? 0;
  const batch = await findBatch(best, from, (maxTs) => maxTs === bestTs);
  if (!batch) return null;
  const decoded = await decodeRecordBatchAsync(batch.bytes, 0, { verifyCrc: false });
  const record = decoded.records.find((r) => r.timestamp === bestTs) ?? decoded.records.at(-1);
  return { timestamp: bestTs, offset: record?.offset ?? decoded.baseOffset + decoded.lastOffsetDelta };
}

/**
 * ListOffsets for one timestamp (Kafka's `fetchOffsetByTimestamp`): the special values (earliest, latest,
 * max timestamp, tiered) or the first record at or after a real timestamp.
 */
export async function lookupTimestamp(
  segments: readonly LogSegment[],
  timestamp: number,
  offsets: LogOffsets,
  epochs: LeaderEpochCache,
): Promise<TimestampAndOffset | null> {
  switch (timestamp) {
    case ListOffsetsTimestamp.EARLIEST:
    case ListOffsetsTimestamp.EARLIEST_LOCAL:
      return { timestamp: -1, offset: offsets.logStartOffset, leaderEpoch: epochs.epochForOffset(offsets.logStartOffset) };
    case ListOffsetsTimestamp.LATEST:
      return { timestamp: -1, offset: offsets.logEndOffset, leaderEpoch: epochs.latestEpoch() };
    case ListOffsetsTimestamp.LATEST_TIERED:
      return { timestamp: -1, offset: -1, leaderEpoch: undefined };
    case ListOffsetsTimestamp.MAX_TIMESTAMP: {
      const max = await findMaxTimestamp(segments);
      return max ? { ...max, leaderEpoch: epochs.latestEpoch() } : null;
    }
    default:
      return findOffsetByTimestamp(segments, timestamp, offsets.logStartOffset);
  }
}
