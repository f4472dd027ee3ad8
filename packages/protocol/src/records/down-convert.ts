import { UnsupportedCompressionError } from '../compression/compression-errors.js';
import { BatchAttributes, BatchLayout, CompressionType } from './batch-header.js';
import { decodeRecordBatchAsync } from './batch-decode.js';
import { readLegacyMessageSet } from './legacy-read.js';
import type { LegacyMessageInit } from './legacy-types.js';
import { writeLegacyMessageSet } from './legacy-write.js';
import { TimestampType } from './record-types.js';
import { iterateRecordEntries, type RecordsEntry } from './records-iterator.js';

/** Options of {@link downConvert}. */
export interface DownConvertOptions {
  /**
   * The fetch offset: records of uncompressed batches below it are left out, as Kafka does (compressed
   * batches are kept whole, since old clients skip records below their position themselves).
   */
  firstOffset?: number;
}

async function convertBatch(e: RecordsEntry, toMagic: 0 | 1, firstOffset: number): Promise<Buffer | null> {
  const attributes = e.bytes.readInt16BE(BatchLayout.ATTRIBUTES);
  if (attributes & BatchAttributes.CONTROL) return null; // old clients know nothing of transaction markers
  const batch = await decodeRecordBatchAsync(e.bytes);
  const keepAll = batch.compression !== CompressionType.NONE;
  const messages: LegacyMessageInit[] = [];
  for (const r of batch.records) {
    if (keepAll || r.offset >= firstOffset) messages.push({ offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value });
  }
  if (messages.length === 0) return null;
  return writeLegacyMessageSet({
    magic: toMagic,
    compression: batch.compression,
    timestampType: batch.timestampType,
    logAppendTime: batch.maxTimestamp,
    messages,
  });
}

function convertLegacy(e: RecordsEntry, toMagic: 0 | 1): Buffer {
  const codec = e.bytes[BatchLayout.MAGIC + 1]! & BatchAttributes.COMPRESSION_MASK;
  const messages = readLegacyMessageSet(e.bytes).map((m) => ({ offset: m.offset, key: m.key, value: m.value }));
  return writeLegacyMessageSet({ magic: toMagic, compression: codec as CompressionType, timestampType: TimestampType.CREATE_TIME, messages });
}

/**
 * Turns stored v2 batches into a legacy message set of magic `toMagic` for Fetch v0-3 clients (Kafka's
 * `RecordsUtil.downConvert`): control batches are dropped, headers and producer state are lost, each batch
 * keeps its codec (one wrapper per compressed batch), and entries already at or below `toMagic` pass through
 * unchanged. A trailing partial entry is ignored. zstd batches raise {@link UnsupportedCompressionError}
 * (old clients cannot read zstd; the broker answers UNSUPPORTED_COMPRESSION_TYPE).
 */
export async function downConvert(v2Batches: Buffer, toMagic: 0 | 1, options?: DownConvertOptions): Promise<Buffer> {
  const firstOffset = options?.firstOffset ?? 0;
  const parts: Buffer[] = [];
  for (const e of iterateRecordEntries(v2Batches)) {
    if (e.magic <= toMagic) {
      parts.push(e.bytes);
    } else if (e.magic === 2) {
      if ((e.bytes.readInt16BE(BatchLayout.ATTRIBUTES) & BatchAttributes.COMPRESSION_MASK) === CompressionType.ZSTD) {
        throw new UnsupportedCompressionError('zstd batches cannot be down-converted for clients older than Fetch v10');
      }
      const converted = await convertBatch(e, toMagic, firstOffset);
      if (converted !== null) parts.push(converted);
    } else {
      parts.push(convertLegacy(e, toMagic));
    }
  }
  return Buffer.concat(parts);
}
