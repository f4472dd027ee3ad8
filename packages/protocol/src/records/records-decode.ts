import { ProtocolDecodeError } from '../errors/tributary-error.js';
import type { FetchedRecord, Record, RecordHeader } from './record-types.js';

/**
 * The records section of a v2 batch, decoded into {@link Record} objects (Kafka's `DefaultRecord.readFrom`).
 *
 * This is the consumer's hot loop, so it is written for speed: one module-level cursor instead of a reader
 * object, a one-byte fast path for varints, keys and values as views into the input (no copy), and no
 * allocation per record beyond the record, its two views and its header array. Every read is still bounds
 * checked against the record's own declared end, so malformed input raises {@link ProtocolDecodeError} only.
 */

/** Smallest possible record: length, attributes, timestamp delta, offset delta, key, value, header count. */
export const MIN_RECORD_SIZE = 7;

let cur = 0;

function truncated(what: string): ProtocolDecodeError {
  return new ProtocolDecodeError(`record truncated reading ${what} at offset ${cur}`);
}

/** Slow path of {@link varint}: the multi-byte case. `b` is the first byte, already consumed. */
function varintSlow(buf: Buffer, end: number, first: number): number {
  let u = first & 0x7f;
  for (let shift = 7; ; shift += 7) {
    if (cur >= end) throw truncated('varint');
    const b = buf[cur++]!;
    if (shift === 28) {
      if (b > 0x0f) throw new ProtocolDecodeError(`varint overflows 32 bits at offset ${cur - 1}`);
      u += b * 0x10000000;
      break;
    }
    u |= (b & 0x7f) << shift;
    if (b < 0x80) break;
  }
  return (u >>> 1) ^ -(u & 1);
}

/** A zig-zag varint (32-bit) at the cursor. */
function varint(buf: Buffer, end: number): number {
  if (cur >= end) throw truncated('varint');
  const b = buf[cur++]!;
  if (b < 0x80) return (b >>> 1) ^ -(b & 1);
  return varintSlow(buf, end, b);
}

/** A zig-zag varlong at the cursor, as a safe-integer number (exact via bigint past 49 bits). */
function varlong(buf: Buffer, end: number): number {
  const start = cur;
  let u = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (cur >= end) throw truncated('varlong');
    const b = buf[cur++]!;
    u += (b & 0x7f) * mul;
    if (b < 0x80) {
      if (i >= 7) return varlongBig(buf, start, cur);
      return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    }
    mul *= 128;
  }
  throw new ProtocolDecodeError(`varlong longer than 10 bytes at offset ${start}`);
}

function varlongBig(buf: Buffer, start: number, stop: number): number {
  let u = 0n;
  for (let i = stop - 1; i >= start; i--) u = (u << 7n) | BigInt(buf[i]! & 0x7f);
  if (u >= 1n << 64n) throw new ProtocolDecodeError(`varlong overflows 64 bits at offset ${start}`);
  const v = (u >> 1n) ^ -(u & 1n);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ProtocolDecodeError(`varlong at offset ${start} is outside the safe integer range`);
  }
  return Number(v);
}

/** Nullable bytes with a varint length (-1 = null), as a view. */
function bytes(buf: Buffer, end: number, what: string): Buffer | null {
  const len = varint(buf, end);
  if (len < 0) {
    if (len === -1) return null;
    throw new ProtocolDecodeError(`negative ${what} length ${len} at offset ${cur}`);
  }
  const start = cur;
  if (len > end - start) throw truncated(what);
  cur = start + len;
  return buf.subarray(start, cur);
}

function headers(buf: Buffer, end: number): RecordHeader[] {
  const count = varint(buf, end);
  if (count === 0) return [];
  // Each header takes at least 2 bytes (two lengths): bound the count before looping.
  if (count < 0 || count * 2 > end - cur) throw new ProtocolDecodeError(`invalid header count ${count} at offset ${cur}`);
  const out: RecordHeader[] = new Array<RecordHeader>(count);
  for (let i = 0; i < count; i++) {
    const keyLen = varint(buf, end);
    if (keyLen < 0) throw new ProtocolDecodeError(`null or negative header key length ${keyLen} at offset ${cur}`);
    if (keyLen > end - cur) throw truncated('header key');
    const key = buf.toString('utf8', cur, cur + keyLen);
    cur += keyLen;
    out[i] = { key, value: bytes(buf, end, 'header value') };
  }
  return out;
}

/**
 * Decodes `count` records from `buf[start, end)`. Offsets and timestamps are made absolute from the batch's
 * base values; `logAppendTime` (a number) replaces every record's timestamp, as Kafka does for LogAppendTime
 * batches, or is `null`. The section must hold exactly `count` records.
 */
/** Where decoded records come from, when they are decoded as {@link FetchedRecord}s. */
export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly timestampType: FetchedRecord['timestampType'];
  readonly leaderEpoch: number;
}

export function decodeRecords(
  buf: Buffer,
  start: number,
  end: number,
  count: number,
  baseOffset: number,
  baseTimestamp: number,
  logAppendTime: number | null,
  origin?: RecordOrigin,
): Record[] {
  if (count < 0 || count * MIN_RECORD_SIZE > end - start) {
    throw new ProtocolDecodeError(`record count ${count} cannot fit in ${end - start} bytes of records`);
  }
  const records: Record[] = new Array<Record>(count);
  cur = start;
  for (let i = 0; i < count; i++) {
    const size = varint(buf, end);
    const recEnd = cur + size;
    if (size < MIN_RECORD_SIZE - 1 || recEnd > end) {
      throw new ProtocolDecodeError(`record ${i} declares ${size} bytes at offset ${cur}, ${end - cur} remain`);
    }
    cur++; // attributes: unused by Kafka so far
    const tsDelta = varlong(buf, recEnd);
    const offsetDelta = varint(buf, recEnd);
    const key = bytes(buf, recEnd, 'key');
    const value = bytes(buf, recEnd, 'value');
    const hdrs = headers(buf, recEnd);
    if (cur !== recEnd) throw new ProtocolDecodeError(`record ${i} declares ${size} bytes but its fields take ${size - (recEnd - cur)}`);
    const offset = baseOffset + offsetDelta;
    const timestamp = logAppendTime ?? baseTimestamp + tsDelta;
    if (origin === undefined) records[i] = { offset, timestamp, key, value, headers: hdrs };
    else {
      const fetched: FetchedRecord = { topic: origin.topic, partition: origin.partition, offset, timestamp, timestampType: origin.timestampType, key, value, headers: hdrs, leaderEpoch: origin.leaderEpoch };
      records[i] = fetched;
    }
  }
  if (cur !== end) throw new ProtocolDecodeError(`${end - cur} bytes left after the last of ${count} records`);
  return records;
}
