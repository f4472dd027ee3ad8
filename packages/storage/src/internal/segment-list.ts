import type { LogSegment } from './log-segment.js';

/** Index of the last segment whose base offset is <= `offset` (-1 if all start above it). */
export function floorSegmentIndex(segments: readonly LogSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (segments[mid]!.baseOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Base offset of the segment after `i`, or `end` for the last one. */
export function segmentEnd(segments: readonly LogSegment[], i: number, end: number): number {
  return segments[i + 1]?.baseOffset ?? end;
}
