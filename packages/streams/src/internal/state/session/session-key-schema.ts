// Kafka's SessionKeySchema: the changelog key of a session store is [key][8-byte end][8-byte start],
// big-endian. Locally a store keeps one entry per segment and key, [segment id][key], whose value lists the
// key's sessions ending in that segment, sorted by (end, start): [end 8][start 8][length 4][aggregate]... - so
// finding a key's sessions is a point read per live segment (DESIGN.md decision 4).

import { SessionWindow, Windowed } from '../../../kstream/windowed.js';
import { readInt64BE, writeInt64BE } from '../bytes/int64.js';

const SUFFIX = 16;

/** One stored session. */
export interface StoredSession {
  readonly start: number;
  readonly end: number;
  readonly value: Buffer;
}

/** [key][end][start] (Kafka's `SessionKeySchema.toBinary`). */
export function toSessionBinary(key: Buffer, start: number, end: number): Buffer {
  const out = Buffer.allocUnsafe(key.length + SUFFIX);
  key.copy(out, 0);
  writeInt64BE(out, end, key.length);
  writeInt64BE(out, start, key.length + 8);
  return out;
}

export function extractSessionKey(binary: Buffer): Buffer {
  return binary.subarray(0, binary.length - SUFFIX);
}

export function extractSessionEnd(binary: Buffer): number {
  return readInt64BE(binary, binary.length - SUFFIX);
}

export function extractSessionStart(binary: Buffer): number {
  return readInt64BE(binary, binary.length - 8);
}

/** The windowed key of a [key][end][start] binary key. */
export function sessionFromBinary(binary: Buffer): Windowed<Buffer> {
  return new Windowed(extractSessionKey(binary), new SessionWindow(extractSessionStart(binary), extractSessionEnd(binary)));
}

/** Orders sessions as Kafka's key layout does within a key: by end, then start. */
export function compareSessions(a: { start: number; end: number }, b: { start: number; end: number }): number {
  return a.end - b.end || a.start - b.start;
}

export function encodeSessions(sessions: readonly StoredSession[]): Buffer {
  let size = 0;
  for (const s of sessions) size += 20 + s.value.length;
  const out = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const s of sessions) {
    writeInt64BE(out, s.end, pos);
    writeInt64BE(out, s.start, pos + 8);
    out.writeUInt32BE(s.value.length, pos + 16);
    s.value.copy(out, pos + 20);
    pos += 20 + s.value.length;
  }
  return out;
}

export function decodeSessions(bytes: Buffer | null): StoredSession[] {
  const out: StoredSession[] = [];
  if (bytes === null) return out;
  let pos = 0;
  while (pos + 20 <= bytes.length) {
    const end = readInt64BE(bytes, pos);
    const start = readInt64BE(bytes, pos + 8);
    const length = bytes.readUInt32BE(pos + 16);
    out.push({ start, end, value: bytes.subarray(pos + 20, pos + 20 + length) });
    pos += 20 + length;
  }
  return out;
}

/** `sessions` with `session` put (replacing one with the same start and end) or, when value is null, removed. */
export function withSession(sessions: readonly StoredSession[], start: number, end: number, value: Buffer | null): StoredSession[] {
  const out = sessions.filter((s) => s.start !== start || s.end !== end);
  if (value !== null) {
    out.push({ start, end, value });
    out.sort(compareSessions);
  }
  return out;
}
