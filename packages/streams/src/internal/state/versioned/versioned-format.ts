// The local layout of a versioned store over one bytes engine (our own; Kafka's RocksDBVersionedStore keeps a
// "latest value store" and segment stores in one RocksDB, with its own segment value format). Only the changelog
// has to match Kafka's, and it does: key, plain value (null = delete), record timestamp = the version's validFrom.
//
//   [0x00][key]                   -> latest version: [validFrom i64][value]
//   [0x01][segment id i64][key]   -> older versions of the key whose validTo falls in the segment, in validFrom
//                                    order, each [validFrom i64][validTo i64][length i32 (-1: a delete)][value]
//   [0xff]'meta'                  -> [observed stream time i64][segment count i32][segment ids i64...]
//
// All integers big-endian. A delete that is the newest version of a key is kept in the segment of its own
// timestamp with validTo = OPEN_END (Kafka's "degenerate" segment record), so later out-of-order writes of the
// key still end where the delete begins.

import { readInt64BE, writeInt64BE } from '../bytes/int64.js';

const LATEST = 0x00;
const HISTORY = 0x01;
const TOMBSTONE = -1;

/** validTo of a delete that is the newest version of its key. */
export const OPEN_END = Number.MAX_SAFE_INTEGER;

export const META_KEY = Buffer.from([0xff, 0x6d, 0x65, 0x74, 0x61]); // 0xff 'meta'

/** One version: valid from `from` (inclusive) to `to` (exclusive); a null value is a delete. */
export interface Version {
  readonly from: number;
  readonly to: number;
  readonly value: Buffer | null;
}

export function latestKey(key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(1 + key.length);
  out[0] = LATEST;
  key.copy(out, 1);
  return out;
}

export function segmentKey(segmentId: number, key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(9 + key.length);
  out[0] = HISTORY;
  writeInt64BE(out, segmentId, 1);
  key.copy(out, 9);
  return out;
}

/** The first key of a segment: `[0x01][id]` (deleting [prefix(a), prefix(b)) drops segments a..b-1). */
export function segmentPrefix(segmentId: number): Buffer {
  const out = Buffer.allocUnsafe(9);
  out[0] = HISTORY;
  writeInt64BE(out, segmentId, 1);
  return out;
}

export function encodeLatest(from: number, value: Buffer): Buffer {
  const out = Buffer.allocUnsafe(8 + value.length);
  writeInt64BE(out, from, 0);
  value.copy(out, 8);
  return out;
}

export function decodeLatest(raw: Buffer): { from: number; value: Buffer } {
  return { from: readInt64BE(raw, 0), value: raw.subarray(8) };
}

export function encodeSegment(versions: readonly Version[]): Buffer {
  let size = 0;
  for (const v of versions) size += 20 + (v.value?.length ?? 0);
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const v of versions) {
    writeInt64BE(out, v.from, at);
    writeInt64BE(out, v.to, at + 8);
    out.writeInt32BE(v.value === null ? TOMBSTONE : v.value.length, at + 16);
    at += 20;
    if (v.value !== null) at += v.value.copy(out, at);
  }
  return out;
}

export function decodeSegment(raw: Buffer): Version[] {
  const out: Version[] = [];
  let at = 0;
  while (at < raw.length) {
    const from = readInt64BE(raw, at);
    const to = readInt64BE(raw, at + 8);
    const length = raw.readInt32BE(at + 16);
    at += 20;
    const value = length === TOMBSTONE ? null : raw.subarray(at, at + length);
    if (length !== TOMBSTONE) at += length;
    out.push({ from, to, value });
  }
  return out;
}

export function encodeMeta(observed: number, segmentIds: readonly number[]): Buffer {
  const out = Buffer.allocUnsafe(12 + 8 * segmentIds.length);
  writeInt64BE(out, observed, 0);
  out.writeInt32BE(segmentIds.length, 8);
  segmentIds.forEach((id, i) => writeInt64BE(out, id, 12 + 8 * i));
  return out;
}

export function decodeMeta(raw: Buffer): { observed: number; segmentIds: number[] } {
  const count = raw.readInt32BE(8);
  const segmentIds: number[] = [];
  for (let i = 0; i < count; i++) segmentIds.push(readInt64BE(raw, 12 + 8 * i));
  return { observed: readInt64BE(raw, 0), segmentIds };
}
