import { ProtocolDecodeError } from '../errors/tributary-error.js';
import { BatchLayout } from './batch-header.js';
import { decodeRecordBatch, decodeRecordBatchAsync, type DecodeBatchOptions } from './batch-decode.js';
import type { RecordBatch } from './record-types.js';

/** Smallest legacy message entry: offset, size, crc, magic, attributes, key and value lengths (magic 0). */
export const MIN_LEGACY_ENTRY_SIZE = 26;
/** Byte of every entry (batch or legacy message) holding its magic. */
export const MAGIC_OFFSET = BatchLayout.MAGIC;

/** One entry of a records blob, located but not decoded. */
export interface RecordsEntry {
  /** Start of the entry in the blob. */
  position: number;
  /** Bytes of the whole entry (offset and size fields included). */
  size: number;
  /** 2 for a record batch, 0 or 1 for a legacy message (possibly a compressed wrapper). */
  magic: 0 | 1 | 2;
  /** First field of the entry: a v2 batch's base offset, or a legacy message's offset. */
  offset: number;
  /** The entry's bytes, a view into the blob. */
  bytes: Buffer;
}

function int64At(buf: Buffer, pos: number): number {
  const hi = buf.readInt32BE(pos);
  if (hi > 0x1fffff || hi < -0x200000) throw new ProtocolDecodeError(`entry offset at ${pos} is outside the safe integer range`);
  return hi * 0x100000000 + buf.readUInt32BE(pos + 4);
}

/**
 * Walks the entries of a records blob as carried by Produce and Fetch (Kafka's `ByteBufferLogInputStream`):
 * by size, reading the magic at byte 16. A trailing partial entry ends the walk quietly (fetch responses may
 * be cut at `max.bytes`); sizes too small for any entry and unknown magic bytes raise
 * {@link ProtocolDecodeError}. Nothing is decoded or checksummed.
 */
export function* iterateRecordEntries(blob: Buffer): Generator<RecordsEntry, void, undefined> {
  let pos = 0;
  while (blob.length - pos >= BatchLayout.LOG_OVERHEAD) {
    const size = blob.readInt32BE(pos + BatchLayout.BATCH_LENGTH) + BatchLayout.LOG_OVERHEAD;
    if (size < MIN_LEGACY_ENTRY_SIZE) throw new ProtocolDecodeError(`record entry at ${pos} declares ${size} bytes, fewer than any entry`);
    if (blob.length - pos <= MAGIC_OFFSET) return;
    const magic = blob[pos + MAGIC_OFFSET]!;
    if (magic > 2) throw new ProtocolDecodeError(`record entry at ${pos} has unknown magic ${magic}`);
    if (magic === 2 && size < BatchLayout.HEADER_SIZE) {
      throw new ProtocolDecodeError(`record batch at ${pos} declares ${size} bytes, fewer than its header`);
    }
    if (size > blob.length - pos) return;
    yield { position: pos, size, magic: magic as 0 | 1 | 2, offset: int64At(blob, pos), bytes: blob.subarray(pos, pos + size) };
    pos += size;
  }
}

function onlyBatches(blob: Buffer): RecordsEntry[] {
  const out: RecordsEntry[] = [];
  for (const e of iterateRecordEntries(blob)) {
    if (e.magic !== 2) {
      throw new ProtocolDecodeError(`entry at ${e.position} is a magic ${e.magic} message set; read it with readLegacyMessageSet`);
    }
    out.push(e);
  }
  return out;
}

/**
 * Decodes every complete v2 batch of a records blob (a trailing partial batch is ignored). Legacy entries
 * raise {@link ProtocolDecodeError}: see `readLegacyMessageSet`. Synchronous: zstd batches raise
 * `COMPRESSION_SYNC_UNAVAILABLE` (use {@link decodeRecordBatchesAsync}).
 */
export function decodeRecordBatches(blob: Buffer, options?: DecodeBatchOptions): RecordBatch[] {
  return onlyBatches(blob).map((e) => decodeRecordBatch(blob, e.position, options));
}

/** {@link decodeRecordBatches} for every codec. */
export async function decodeRecordBatchesAsync(blob: Buffer, options?: DecodeBatchOptions): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for (const e of onlyBatches(blob)) out.push(await decodeRecordBatchAsync(blob, e.position, options));
  return out;
}
