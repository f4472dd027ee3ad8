import type { CompressionType } from './batch-header.js';
import type { TimestampType } from './record-types.js';

/** Byte layout of a legacy message (Kafka's `LegacyRecord`), from the start of the entry. */
export const LegacyLayout = {
  OFFSET: 0,
  SIZE: 8,
  /** The message itself starts here: crc, magic, attributes, [timestamp], key, value. */
  CRC: 12,
  MAGIC: 16,
  ATTRIBUTES: 17,
  TIMESTAMP: 18,
  KEY_V0: 18,
  KEY_V1: 26,
  /** Bit 3 of a magic 1 message's attributes: LogAppendTime. */
  TIMESTAMP_TYPE_LOG_APPEND: 0x08,
  COMPRESSION_MASK: 0x07,
} as const;

/** One message of a legacy message set, with its absolute offset (inner messages of wrappers flattened). */
export interface LegacyRecord {
  offset: number;
  magic: 0 | 1;
  /** -1 for magic 0 (no timestamp). For LogAppendTime wrappers, the wrapper's timestamp. */
  timestamp: number;
  /** null for magic 0. */
  timestampType: TimestampType | null;
  key: Buffer | null;
  value: Buffer | null;
}

/** A message to write with {@link writeLegacyMessageSet}. */
export interface LegacyMessageInit {
  offset: number;
  /** Ignored for magic 0; defaults to -1. */
  timestamp?: number;
  key?: Buffer | null;
  value: Buffer | null;
}

/** What {@link writeLegacyMessageSet} writes: one message each, or one compressed wrapper holding them all. */
export interface LegacyMessageSetInit {
  magic: 0 | 1;
  /** Not zstd: legacy formats cannot carry it. Default none. */
  compression?: CompressionType;
  /** Magic 1 only. Default CreateTime. */
  timestampType?: TimestampType;
  /** The append time stamped on LogAppendTime messages (magic 1); default the largest message timestamp. */
  logAppendTime?: number;
  messages: readonly LegacyMessageInit[];
}
