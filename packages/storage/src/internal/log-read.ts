import { LOG_SUFFIX } from './file-names.js';
import type { LogSegment } from './log-segment.js';
import { floorSegmentIndex, segmentEnd } from './segment-list.js';
import type { FileSlice } from '../log-types.js';

/** A read's outcome before the log adds its offsets. */
export interface SegmentsRead {
  firstBatchOffset: number;
  slices: FileSlice[];
  size: number;
}

/**
 * Reads whole batches from `fetchOffset` (Kafka's `LocalLog.read`): finds the segment and, through its
 * offset index, the batch holding the offset, then takes whole batches up to `maxBytes` (at least one with
 * `minOneMessage`) and below `upperBound`, continuing into the next segment when one is exhausted.
 * Expects `logStartOffset <= fetchOffset < upperBound <= logEndOffset`.
 */
export async function readSegments(
  segments: readonly LogSegment[],
  fetchOffset: number,
  maxBytes: number,
  upperBound: number,
  logEndOffset: number,
  minOneMessage: boolean,
): Promise<SegmentsRead> {
  const out: SegmentsRead = { firstBatchOffset: fetchOffset, slices: [], size: 0 };
  let i = Math.max(0, floorSegmentIndex(segments, fetchOffset));
  let offset = fetchOffset;
  for (; i < segments.length && offset < upperBound; i++) {
    const seg = segments[i]!;
    const segEnd = segmentEnd(segments, i, logEndOffset);
    const sizeSnapshot = seg.size;
    const start = await seg.translateOffset(offset);
    if (start && start.position < sizeSnapshot) {
      const limit = upperBound >= segEnd ? sizeSnapshot : ((await seg.translateOffset(upperBound, start.position))?.position ?? sizeSnapshot);
      if (start.position >= limit) break;
      const room = maxBytes - out.size;
      const firstFits = start.size <= room;
      if (!firstFits && !(minOneMessage && out.slices.length === 0)) break;
      // `limit` is a batch boundary (the segment end, or the start of the batch holding the upper bound): when
      // all of it fits, take it; otherwise find the last boundary within `maxBytes`.
      const end = !firstFits
        ? start.position + start.size
        : limit - start.position <= room
          ? limit
          : await seg.lastBoundaryBefore(start.position + start.size, start.position + room);
      if (out.slices.length === 0) out.firstBatchOffset = start.baseOffset;
      out.slices.push({ kind: 'file', handle: seg.fileHandle, path: seg.path(LOG_SUFFIX), position: start.position, size: end - start.position });
      out.size += end - start.position;
      // Stop unless this segment was read to its end (its remaining batches did not fit, or the bound cut it).
      if (end < sizeSnapshot || out.size >= maxBytes) break;
    }
    offset = segEnd;
  }
  return out;
}
