// The versions of one key as a timeline (the logic of Kafka's RocksDBVersionedStore put, on a plain list): each
// version is valid from its `from` until the next version's `from`; the last is valid to the open end. Inserting
// a version at a time splits the version valid then, or replaces the version starting exactly then.

import { OPEN_END, type Version } from './versioned-format.js';

/** One entry of a timeline; null is a delete. */
export interface TimelineEntry {
  from: number;
  value: Buffer | null;
}

/** The timeline of a key from its older versions (any order, possibly overlapping reads) and its latest one. */
export function toTimeline(history: readonly Version[], latest: TimelineEntry | null): TimelineEntry[] {
  const byFrom = new Map<number, TimelineEntry>();
  for (const v of history) byFrom.set(v.from, { from: v.from, value: v.value });
  if (latest !== null) byFrom.set(latest.from, latest);
  return [...byFrom.values()].sort((a, b) => a.from - b.from);
}

/**
 * Inserts a version valid from `timestamp`; returns its validTo - the next version's start - or undefined when it
 * is the newest version.
 */
export function insertVersion(timeline: TimelineEntry[], timestamp: number, value: Buffer | null): number | undefined {
  let i = timeline.length - 1;
  while (i >= 0 && timeline[i]!.from > timestamp) i--;
  if (i >= 0 && timeline[i]!.from === timestamp) {
    timeline[i]!.value = value;
    return timeline[i + 1]?.from;
  }
  timeline.splice(i + 1, 0, { from: timestamp, value });
  return timeline[i + 2]?.from;
}

/**
 * Where each version of a timeline lives: the newest one in the latest slot when it has a value, every other in
 * the segment of its validTo - a newest delete in the segment of its own timestamp, valid to the open end.
 */
export function placeTimeline(timeline: readonly TimelineEntry[], segmentId: (time: number) => number): { latest: TimelineEntry | null; segments: Map<number, Version[]> } {
  const segments = new Map<number, Version[]>();
  const add = (id: number, v: Version): void => {
    const list = segments.get(id);
    if (list === undefined) segments.set(id, [v]);
    else list.push(v);
  };
  const last = timeline[timeline.length - 1];
  const latest = last !== undefined && last.value !== null ? last : null;
  for (let i = 0; i < timeline.length; i++) {
    const e = timeline[i]!;
    const next = timeline[i + 1];
    if (next !== undefined) add(segmentId(next.from), { from: e.from, to: next.from, value: e.value });
    else if (e.value === null) add(segmentId(e.from), { from: e.from, to: OPEN_END, value: null });
  }
  return { latest, segments };
}
