// Kafka's WindowKeySchema: the changelog key of a window store is [key][8-byte window start][4-byte seqnum],
// big-endian; the seqnum is 0 unless the store retains duplicates (joins), where each put takes the next one.
// Locally the same key is stored behind its segment's 8-byte id, so a whole segment is one key range.

import { TimeWindow } from '../../../kstream/windowed.js';
import { Windowed } from '../../../kstream/windowed.js';
import { readInt64BE, writeInt64BE } from '../bytes/int64.js';

export const TIMESTAMP_SIZE = 8;
export const SEQNUM_SIZE = 4;
const SUFFIX = TIMESTAMP_SIZE + SEQNUM_SIZE;

/** [key][start][seqnum] (Kafka's `WindowKeySchema.toStoreKeyBinary`). */
export function toStoreKeyBinary(key: Buffer, windowStart: number, seqnum: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + SUFFIX);
  key.copy(out, 0);
  writeInt64BE(out, windowStart, key.length);
  out.writeInt32BE(seqnum | 0, key.length + TIMESTAMP_SIZE);
  return out;
}

export function extractStoreKeyBytes(binary: Buffer): Buffer {
  return binary.subarray(0, binary.length - SUFFIX);
}

export function extractStoreTimestamp(binary: Buffer): number {
  return readInt64BE(binary, binary.length - SUFFIX);
}

export function extractStoreSequence(binary: Buffer): number {
  return binary.readInt32BE(binary.length - SEQNUM_SIZE);
}

/** The window [start, start + size) of a stored key (Kafka's `timeWindowForSize`). */
export function timeWindowForSize(start: number, windowSize: number): TimeWindow {
  return new TimeWindow(start, Math.min(Number.MAX_SAFE_INTEGER, start + windowSize));
}

/** The windowed key of a [key][start][seqnum] binary key. */
export function fromStoreKey(binary: Buffer, windowSize: number): Windowed<Buffer> {
  return new Windowed(extractStoreKeyBytes(binary), timeWindowForSize(extractStoreTimestamp(binary), windowSize));
}
