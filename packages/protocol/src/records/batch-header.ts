import { ProtocolDecodeError } from '../errors/tributary-error.js';
import { crc32c } from './crc32c.js';

/**
 * Byte layout of a v2 (magic 2) record batch header, as Kafka's `DefaultRecordBatch` defines it.
 * Offsets are from the start of the batch.
 */
export const BatchLayout = {
  BASE_OFFSET: 0,
  BATCH_LENGTH: 8,
  PARTITION_LEADER_EPOCH: 12,
  MAGIC: 16,
  CRC: 17,
  ATTRIBUTES: 21,
  LAST_OFFSET_DELTA: 23,
  BASE_TIMESTAMP: 27,
  MAX_TIMESTAMP: 35,
  PRODUCER_ID: 43,
  PRODUCER_EPOCH: 51,
  BASE_SEQUENCE: 53,
  RECORD_COUNT: 57,
  RECORDS: 61,
  /** Size of the header: the records start here. */
  HEADER_SIZE: 61,
  /** Bytes before `batchLength` counts: baseOffset (8) + batchLength (4). */
  LOG_OVERHEAD: 12,
} as const;

/** Compression codec ids, bits 0-2 of the attributes. */
export const CompressionType = { NONE: 0, GZIP: 1, SNAPPY: 2, LZ4: 3, ZSTD: 4 } as const;
export type CompressionType = (typeof CompressionType)[keyof typeof CompressionType];

export const BatchAttributes = {
  COMPRESSION_MASK: 0x07,
  TIMESTAMP_TYPE_LOG_APPEND: 0x08,
  TRANSACTIONAL: 0x10,
  CONTROL: 0x20,
  DELETE_HORIZON: 0x40,
} as const;

/** The fixed fields of a v2 batch, read without touching its records. */
export interface BatchHeader {
  baseOffset: number;
  /** Bytes after the batchLength field; the whole batch is `batchLength + 12` bytes. */
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

function int64(buf: Buffer, pos: number, what: string): number {
  const hi = buf.readInt32BE(pos);
  const lo = buf.readUInt32BE(pos + 4);
  if (hi > 0x1fffff || hi < -0x200000) throw new ProtocolDecodeError(`${what} is outside the safe integer range`);
  return hi * 0x100000000 + lo;
}

/**
 * Reads the 61-byte header of the v2 batch at `pos` (no record is decoded). Raises
 * {@link ProtocolDecodeError} if fewer than 61 bytes remain or the magic is not 2.
 */
export function readBatchHeader(buf: Buffer, pos = 0): BatchHeader {
  if (pos < 0 || buf.length - pos < BatchLayout.HEADER_SIZE) {
    throw new ProtocolDecodeError(`record batch header needs 61 bytes at offset ${pos}, have ${buf.length - pos}`);
  }
  const magic = buf.readInt8(pos + BatchLayout.MAGIC);
  if (magic !== 2) throw new ProtocolDecodeError(`expected a v2 record batch (magic 2), found magic ${magic}`);
  return {
    baseOffset: int64(buf, pos + BatchLayout.BASE_OFFSET, 'baseOffset'),
    batchLength: buf.readInt32BE(pos + BatchLayout.BATCH_LENGTH),
    partitionLeaderEpoch: buf.readInt32BE(pos + BatchLayout.PARTITION_LEADER_EPOCH),
    magic,
    crc: buf.readUInt32BE(pos + BatchLayout.CRC),
    attributes: buf.readInt16BE(pos + BatchLayout.ATTRIBUTES),
    lastOffsetDelta: buf.readInt32BE(pos + BatchLayout.LAST_OFFSET_DELTA),
    baseTimestamp: int64(buf, pos + BatchLayout.BASE_TIMESTAMP, 'baseTimestamp'),
    maxTimestamp: int64(buf, pos + BatchLayout.MAX_TIMESTAMP, 'maxTimestamp'),
    producerId: int64(buf, pos + BatchLayout.PRODUCER_ID, 'producerId'),
    producerEpoch: buf.readInt16BE(pos + BatchLayout.PRODUCER_EPOCH),
    baseSequence: buf.readInt32BE(pos + BatchLayout.BASE_SEQUENCE),
    recordCount: buf.readInt32BE(pos + BatchLayout.RECORD_COUNT),
  };
}

/** Size in bytes of the whole entry (batch or legacy message) at `pos`, or -1 if fewer than 12 bytes remain. */
export function entrySizeAt(buf: Buffer, pos: number): number {
  if (buf.length - pos < BatchLayout.LOG_OVERHEAD) return -1;
  return buf.readInt32BE(pos + BatchLayout.BATCH_LENGTH) + BatchLayout.LOG_OVERHEAD;
}

/** The CRC-32C the batch at `pos` (of `size` bytes) should carry: attributes through the end. */
export function computeBatchCrc(buf: Buffer, pos: number, size: number): number {
  return crc32c(buf.subarray(pos + BatchLayout.ATTRIBUTES, pos + size));
}

/** True if the stored CRC of the batch at `pos` (of `size` bytes) matches its contents. */
export function isBatchCrcValid(buf: Buffer, pos: number, size: number): boolean {
  return buf.readUInt32BE(pos + BatchLayout.CRC) === computeBatchCrc(buf, pos, size);
}

/**
 * Assigns the batch its offsets and leader epoch in place. Both fields lie outside the CRC's range, so the
 * checksum stays valid: this is how a leader appends a producer's batch verbatim.
 */
export function patchBatchOffsets(buf: Buffer, pos: number, baseOffset: number, partitionLeaderEpoch: number): void {
  const hi = Math.floor(baseOffset / 0x100000000);
  buf.writeInt32BE(hi, pos + BatchLayout.BASE_OFFSET);
  buf.writeUInt32BE(baseOffset - hi * 0x100000000, pos + BatchLayout.BASE_OFFSET + 4);
  buf.writeInt32BE(partitionLeaderEpoch, pos + BatchLayout.PARTITION_LEADER_EPOCH);
}
