import { ProtocolEncodeError } from '../errors/tributary-error.js';
import type { RecordHeader, RecordInit } from './record-types.js';
import { sizeOfVarint, sizeOfVarlong, writeVarintAt, writeVarlongAt } from './varint.js';

/**
 * The records section of a v2 batch (Kafka's `DefaultRecord.writeTo`), in two passes: {@link planRecords}
 * measures every record once (and finds the batch's last offset and max timestamp on the way), then
 * {@link writeRecords} writes them straight into the caller's single buffer. The body sizes of the first pass
 * are kept in a reused scratch array, so encoding allocates nothing per record.
 */

const EMPTY_HEADERS: readonly RecordHeader[] = [];
let bodySizes = new Int32Array(1024);

/** What the measuring pass found. */
export interface RecordsPlan {
  /** Bytes of the whole records section. */
  size: number;
  /** Largest offset delta (-1 without records). */
  lastOffsetDelta: number;
  /** Largest record timestamp (-1 without records). */
  maxTimestamp: number;
}

function headersSize(hdrs: readonly RecordHeader[]): number {
  let size = sizeOfVarint(hdrs.length);
  for (const h of hdrs) {
    if (typeof h.key !== 'string') throw new ProtocolEncodeError('record header key must be a string');
    const keyLen = Buffer.byteLength(h.key, 'utf8');
    size += sizeOfVarint(keyLen) + keyLen;
    size += h.value === null ? 1 : sizeOfVarint(h.value.length) + h.value.length;
  }
  return size;
}

function checkDelta(offsetDelta: number, i: number): void {
  if (!(offsetDelta >= -0x80000000 && offsetDelta <= 0x7fffffff) || !Number.isInteger(offsetDelta)) {
    throw new ProtocolEncodeError(`record ${i}: offset delta ${offsetDelta} does not fit an int32 (or is not an integer)`);
  }
}

function checkTimestamp(ts: number, i: number): void {
  if (!Number.isSafeInteger(ts)) throw new ProtocolEncodeError(`record ${i}: timestamp ${ts} is not a safe integer`);
}

/**
 * Measures `records` for a batch with the given base offset and timestamp; `defaultTimestamp` stands in for
 * records without one. Raises {@link ProtocolEncodeError} for values the format cannot carry.
 */
export function planRecords(
  records: readonly RecordInit[],
  baseOffset: number,
  baseTimestamp: number,
  defaultTimestamp: number,
): RecordsPlan {
  const n = records.length;
  if (bodySizes.length < n) bodySizes = new Int32Array(Math.max(n, bodySizes.length * 2));
  let total = 0;
  let lastOffsetDelta = -1;
  let maxTimestamp = -1;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    const offsetDelta = r.offset === undefined ? i : r.offset - baseOffset;
    checkDelta(offsetDelta, i);
    const ts = r.timestamp ?? defaultTimestamp;
    checkTimestamp(ts, i);
    const key = r.key ?? null;
    const value = r.value;
    let body = 1 + sizeOfVarlong(ts - baseTimestamp) + sizeOfVarint(offsetDelta);
    body += key === null ? 1 : sizeOfVarint(key.length) + key.length;
    body += value === null ? 1 : sizeOfVarint(value.length) + value.length;
    body += r.headers === undefined || r.headers.length === 0 ? 1 : headersSize(r.headers);
    bodySizes[i] = body;
    total += sizeOfVarint(body) + body;
    if (offsetDelta > lastOffsetDelta) lastOffsetDelta = offsetDelta;
    if (ts > maxTimestamp) maxTimestamp = ts;
  }
  return { size: total, lastOffsetDelta, maxTimestamp };
}

function writeBytes(buf: Buffer, pos: number, b: Buffer | null): number {
  if (b === null) {
    buf[pos] = 1; // zig-zag -1
    return pos + 1;
  }
  pos = writeVarintAt(buf, pos, b.length);
  buf.set(b, pos);
  return pos + b.length;
}

function writeHeaders(buf: Buffer, pos: number, hdrs: readonly RecordHeader[]): number {
  pos = writeVarintAt(buf, pos, hdrs.length);
  for (const h of hdrs) {
    const keyLen = Buffer.byteLength(h.key, 'utf8');
    pos = writeVarintAt(buf, pos, keyLen);
    pos += buf.write(h.key, pos, keyLen, 'utf8');
    pos = writeBytes(buf, pos, h.value);
  }
  return pos;
}

/**
 * Writes the records measured by the last {@link planRecords} call (same arguments, no call in between) into
 * `buf` at `pos`; returns the position after them.
 */
export function writeRecords(
  buf: Buffer,
  pos: number,
  records: readonly RecordInit[],
  baseOffset: number,
  baseTimestamp: number,
  defaultTimestamp: number,
): number {
  const n = records.length;
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    pos = writeVarintAt(buf, pos, bodySizes[i]!);
    buf[pos++] = 0; // attributes
    pos = writeVarlongAt(buf, pos, (r.timestamp ?? defaultTimestamp) - baseTimestamp);
    const offsetDelta = r.offset === undefined ? i : r.offset - baseOffset;
    if (offsetDelta >= 0 && offsetDelta < 64) buf[pos++] = offsetDelta << 1;
    else pos = writeVarintAt(buf, pos, offsetDelta);
    pos = writeBytes(buf, pos, r.key ?? null);
    pos = writeBytes(buf, pos, r.value);
    const hdrs = r.headers ?? EMPTY_HEADERS;
    if (hdrs.length === 0) buf[pos++] = 0;
    else pos = writeHeaders(buf, pos, hdrs);
  }
  return pos;
}
