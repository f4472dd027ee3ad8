import type { FileHandle } from 'node:fs/promises';
import { BatchLayout, isBatchCrcValid } from '@tributary/protocol';

/** What the log needs of a stored batch, read from its header only. */
export interface BatchInfo {
  /** File position of the batch's first byte. */
  position: number;
  /** Whole batch size in bytes (batchLength + 12). */
  size: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  partitionLeaderEpoch: number;
  attributes: number;
  recordCount: number;
  producerId: number;
}

/** Smallest legal v2 batch: the 61-byte header with no record. */
export const MIN_BATCH_SIZE = BatchLayout.HEADER_SIZE;

function int64At(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 0x100000000 + buf.readUInt32BE(pos + 4);
}

/** Reads the header fields of the batch at `at` in `buf` (which must hold at least 61 bytes from there). */
export function batchInfoAt(buf: Buffer, at: number, filePosition: number): BatchInfo {
  const baseOffset = int64At(buf, at + BatchLayout.BASE_OFFSET);
  return {
    position: filePosition,
    size: buf.readInt32BE(at + BatchLayout.BATCH_LENGTH) + BatchLayout.LOG_OVERHEAD,
    baseOffset,
    lastOffset: baseOffset + buf.readInt32BE(at + BatchLayout.LAST_OFFSET_DELTA),
    maxTimestamp: int64At(buf, at + BatchLayout.MAX_TIMESTAMP),
    partitionLeaderEpoch: buf.readInt32BE(at + BatchLayout.PARTITION_LEADER_EPOCH),
    attributes: buf.readInt16BE(at + BatchLayout.ATTRIBUTES),
    recordCount: buf.readInt32BE(at + BatchLayout.RECORD_COUNT),
    producerId: int64At(buf, at + BatchLayout.PRODUCER_ID),
  };
}

/**
 * Why the bytes at a position are not a usable batch, or `null` if they are. Checks the size fields, the
 * magic byte, the offset fields and (when `buf` holds the whole batch and `checkCrc`) the CRC.
 */
export function batchProblem(buf: Buffer, at: number, available: number, checkCrc: boolean): string | null {
  if (available < BatchLayout.LOG_OVERHEAD) return `only ${available} bytes left, a batch header needs 12`;
  const size = buf.readInt32BE(at + BatchLayout.BATCH_LENGTH) + BatchLayout.LOG_OVERHEAD;
  if (size < MIN_BATCH_SIZE) return `batch size ${size} is below the 61-byte minimum`;
  if (size > available) return `batch of ${size} bytes runs past the end (${available} bytes left)`;
  const magic = buf.readInt8(at + BatchLayout.MAGIC);
  if (magic !== 2) return `magic ${magic} is not 2`;
  if (buf.readInt32BE(at + BatchLayout.LAST_OFFSET_DELTA) < 0) return 'negative lastOffsetDelta';
  if (buf.readInt32BE(at + BatchLayout.RECORD_COUNT) < 0) return 'negative record count';
  const hi = buf.readInt32BE(at + BatchLayout.BASE_OFFSET);
  if (hi < 0 || hi > 0x1fffff) return 'base offset outside the safe range';
  if (checkCrc && !isBatchCrcValid(buf, at, size)) return 'CRC mismatch';
  return null;
}

/** Outcome of {@link scanBatches}: where the valid bytes end and, if scanning stopped early, why. */
export interface ScanResult {
  /** Position just past the last batch accepted. */
  validEnd: number;
  /** Why the bytes at `validEnd` were rejected (`null` if the scan reached `end`, or the visitor stopped it). */
  problem: string | null;
}

/**
 * Called for each batch; `buf.subarray(at, at + info.size)` is the whole batch when the scan reads whole
 * batches (valid only during the call). Return `false` to stop, or a string to reject the batch as invalid.
 */
export type BatchVisitor = (info: BatchInfo, buf: Buffer, at: number) => boolean | string | void;

export interface ScanOptions {
  /** Read whole batches and check their CRC (recovery); otherwise headers only where possible. */
  readonly wholeBatches: boolean;
  readonly checkCrc: boolean;
  /** Read-ahead window; a bigger batch gets a buffer of its own. */
  readonly windowSize?: number;
}

/**
 * Walks the batches stored in `[start, end)` of a file in order with buffered reads, stopping at the first
 * bytes that are not a valid batch. Used by recovery (whole batches, CRC), offset translation and the
 * read path (headers only).
 */
export async function scanBatches(handle: FileHandle, start: number, end: number, options: ScanOptions, visit: BatchVisitor): Promise<ScanResult> {
  const windowSize = options.windowSize ?? (options.wholeBatches ? 1 << 20 : 8 << 10);
  let buf = Buffer.allocUnsafe(Math.max(MIN_BATCH_SIZE, Math.min(windowSize, end - start)));
  let bufStart = start;
  let bufLen = 0;
  const ensure = async (pos: number, length: number): Promise<void> => {
    if (pos >= bufStart && pos + length <= bufStart + bufLen) return;
    const want = Math.min(Math.max(length, windowSize), end - pos);
    if (buf.length < want) buf = Buffer.allocUnsafe(want);
    bufLen = await readFully(handle, buf, want, pos);
    bufStart = pos;
  };
  let pos = start;
  while (pos < end) {
    const left = end - pos;
    await ensure(pos, Math.min(MIN_BATCH_SIZE, left));
    if (bufLen - (pos - bufStart) < Math.min(MIN_BATCH_SIZE, left)) return { validEnd: pos, problem: 'file shorter than expected' };
    if (left < MIN_BATCH_SIZE) {
      return { validEnd: pos, problem: batchProblem(buf, pos - bufStart, left, false) ?? `only ${left} bytes left, a batch needs 61` };
    }
    let problem = batchProblem(buf, pos - bufStart, left, false);
    if (problem) return { validEnd: pos, problem };
    const size = buf.readInt32BE(pos - bufStart + BatchLayout.BATCH_LENGTH) + BatchLayout.LOG_OVERHEAD;
    if (options.wholeBatches) {
      await ensure(pos, size);
      if (bufLen - (pos - bufStart) < size) return { validEnd: pos, problem: 'file shorter than expected' };
      if (options.checkCrc && !isBatchCrcValid(buf, pos - bufStart, size)) problem = 'CRC mismatch';
      if (problem) return { validEnd: pos, problem };
    }
    const at = pos - bufStart;
    const info = batchInfoAt(buf, at, pos);
    const verdict = visit(info, buf, at);
    if (typeof verdict === 'string') return { validEnd: pos, problem: verdict };
    if (verdict === false) return { validEnd: pos + size, problem: null };
    pos += size;
  }
  return { validEnd: pos, problem: null };
}

/** Reads up to `length` bytes at `position` into `buf`, looping over short reads; returns bytes read. */
export async function readFully(handle: FileHandle, buf: Buffer, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}
