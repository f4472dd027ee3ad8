import { decompressSync } from '../compression/codec.js';
import { ProtocolDecodeError } from '../errors/tributary-error.js';
import { CompressionType } from './batch-header.js';
import { crc32 } from './crc32.js';
import { LegacyLayout as L, type LegacyRecord } from './legacy-types.js';
import { TimestampType } from './record-types.js';

/** One legacy message as stored, before wrapper expansion. */
interface RawMessage {
  offset: number;
  magic: 0 | 1;
  attributes: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

/** Options of {@link readLegacyMessageSet}. */
export interface ReadLegacyOptions {
  /** Check each message's CRC-32 (default true). */
  verifyCrc?: boolean;
}

function int64(buf: Buffer, pos: number, what: string): number {
  const hi = buf.readInt32BE(pos);
  if (hi > 0x1fffff || hi < -0x200000) throw new ProtocolDecodeError(`${what} at ${pos} is outside the safe integer range`);
  return hi * 0x100000000 + buf.readUInt32BE(pos + 4);
}

function nullableBytes(buf: Buffer, pos: number, end: number, what: string): [Buffer | null, number] {
  if (end - pos < 4) throw new ProtocolDecodeError(`legacy message truncated reading the ${what} length at ${pos}`);
  const len = buf.readInt32BE(pos);
  pos += 4;
  if (len === -1) return [null, pos];
  if (len < 0 || len > end - pos) throw new ProtocolDecodeError(`legacy message ${what} of ${len} bytes overruns the message at ${pos}`);
  return [buf.subarray(pos, pos + len), pos + len];
}

/** Parses the complete message entry at `pos` ending at `end` (Kafka's `LegacyRecord`). */
function parseMessage(buf: Buffer, pos: number, end: number, verifyCrc: boolean): RawMessage {
  const magic = buf[pos + L.MAGIC]!;
  if (magic > 1) throw new ProtocolDecodeError(`expected a legacy message (magic 0 or 1) at ${pos}, found magic ${magic}`);
  const keyPos = magic === 0 ? pos + L.KEY_V0 : pos + L.KEY_V1;
  if (keyPos > end) throw new ProtocolDecodeError(`legacy message at ${pos} is shorter than its header`);
  if (verifyCrc && buf.readUInt32BE(pos + L.CRC) !== crc32(buf.subarray(pos + L.MAGIC, end))) {
    throw new ProtocolDecodeError(`legacy message at ${pos} fails its CRC-32 check`);
  }
  const [key, valuePos] = nullableBytes(buf, keyPos, end, 'key');
  const [value, stop] = nullableBytes(buf, valuePos, end, 'value');
  if (stop !== end) throw new ProtocolDecodeError(`legacy message at ${pos} has ${end - stop} bytes after its value`);
  return {
    offset: int64(buf, pos + L.OFFSET, 'message offset'),
    magic: magic as 0 | 1,
    attributes: buf[pos + L.ATTRIBUTES]!,
    timestamp: magic === 0 ? -1 : int64(buf, pos + L.TIMESTAMP, 'message timestamp'),
    key,
    value,
  };
}

/** The complete messages of a message set; a trailing partial entry is dropped only when `allowPartialTail`. */
function parseMessages(buf: Buffer, allowPartialTail: boolean, verifyCrc: boolean): RawMessage[] {
  const out: RawMessage[] = [];
  let pos = 0;
  while (pos < buf.length) {
    if (buf.length - pos < L.CRC) {
      if (allowPartialTail) break;
      throw new ProtocolDecodeError(`truncated legacy message entry at ${pos}`);
    }
    const size = buf.readInt32BE(pos + L.SIZE);
    if (size < L.KEY_V0 - L.CRC + 8) throw new ProtocolDecodeError(`legacy message at ${pos} declares ${size} bytes, fewer than any message`);
    const end = pos + L.CRC + size;
    if (end > buf.length) {
      if (allowPartialTail) break;
      throw new ProtocolDecodeError(`legacy message at ${pos} declares ${size} bytes, ${buf.length - pos - L.CRC} remain`);
    }
    out.push(parseMessage(buf, pos, end, verifyCrc));
    pos = end;
  }
  return out;
}

function plain(m: RawMessage, offset: number, timestamp: number, type: TimestampType | null): LegacyRecord {
  return { offset, magic: m.magic, timestamp, timestampType: type, key: m.key, value: m.value };
}

function timestampTypeOf(m: RawMessage): TimestampType | null {
  if (m.magic === 0) return null;
  return m.attributes & L.TIMESTAMP_TYPE_LOG_APPEND ? TimestampType.LOG_APPEND_TIME : TimestampType.CREATE_TIME;
}

/** The inner messages of a compressed wrapper, with absolute offsets and effective timestamps. */
function expandWrapper(w: RawMessage, codec: number, verifyCrc: boolean): LegacyRecord[] {
  if (w.value === null) throw new ProtocolDecodeError(`compressed legacy wrapper at offset ${w.offset} has a null value`);
  if (codec === CompressionType.ZSTD || codec > CompressionType.ZSTD) {
    throw new ProtocolDecodeError(`legacy wrapper at offset ${w.offset} uses codec ${codec}, which legacy formats cannot carry`);
  }
  const inner = parseMessages(decompressSync(codec, w.value), false, verifyCrc);
  const last = inner[inner.length - 1];
  if (last === undefined) return [];
  const type = timestampTypeOf(w);
  const out: LegacyRecord[] = [];
  for (const m of inner) {
    if ((m.attributes & L.COMPRESSION_MASK) !== 0) throw new ProtocolDecodeError('a compressed legacy wrapper holds another compressed message');
    if (m.magic !== w.magic) throw new ProtocolDecodeError(`inner message magic ${m.magic} differs from its wrapper's ${w.magic}`);
    // Magic 1 inner offsets are relative; the wrapper carries the absolute offset of the last one.
    const offset = w.magic === 1 ? w.offset - last.offset + m.offset : m.offset;
    const timestamp = type === TimestampType.LOG_APPEND_TIME ? w.timestamp : m.timestamp;
    out.push(plain(m, offset, timestamp, type));
  }
  return out;
}

/**
 * Reads a legacy message set (magic 0 or 1; Kafka's `AbstractLegacyRecordBatch`), expanding compressed
 * wrapper messages into their inner messages with absolute offsets. A trailing partial entry is ignored, as
 * in fetch responses. Keys and values of uncompressed messages are views into `blob`. Malformed input raises
 * {@link ProtocolDecodeError}. Legacy codecs (gzip, snappy, lz4 incl. Kafka's magic-0 lz4 header) all have
 * synchronous decoders, so this is synchronous.
 */
export function readLegacyMessageSet(blob: Buffer, options?: ReadLegacyOptions): LegacyRecord[] {
  const verifyCrc = options?.verifyCrc !== false;
  const out: LegacyRecord[] = [];
  for (const m of parseMessages(blob, true, verifyCrc)) {
    const codec = m.attributes & L.COMPRESSION_MASK;
    if (codec === CompressionType.NONE) out.push(plain(m, m.offset, m.timestamp, timestampTypeOf(m)));
    else for (const r of expandWrapper(m, codec, verifyCrc)) out.push(r);
  }
  return out;
}
