import { compressSync } from '../compression/codec.js';
import { ProtocolEncodeError } from '../errors/tributary-error.js';
import { CompressionType } from './batch-header.js';
import { crc32 } from './crc32.js';
import { LegacyLayout as L, type LegacyMessageInit, type LegacyMessageSetInit } from './legacy-types.js';
import { TimestampType } from './record-types.js';

/** One message to lay out: everything resolved. */
interface Msg {
  offset: number;
  attributes: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

function messageSize(magic: 0 | 1, m: Msg): number {
  const head = magic === 0 ? L.KEY_V0 : L.KEY_V1;
  return head + 4 + (m.key?.length ?? 0) + 4 + (m.value?.length ?? 0);
}

function writeInt64(buf: Buffer, pos: number, v: number, what: string): void {
  if (!Number.isSafeInteger(v)) throw new ProtocolEncodeError(`${what} ${v} is not a safe integer`);
  const hi = Math.floor(v / 0x100000000);
  buf.writeInt32BE(hi, pos);
  buf.writeUInt32BE(v - hi * 0x100000000, pos + 4);
}

function writeBytes(buf: Buffer, pos: number, b: Buffer | null): number {
  if (b === null) {
    buf.writeInt32BE(-1, pos);
    return pos + 4;
  }
  buf.writeInt32BE(b.length, pos);
  buf.set(b, pos + 4);
  return pos + 4 + b.length;
}

/** Lays out messages back to back (Kafka's `LegacyRecord.write`), each with its CRC-32. */
function layout(magic: 0 | 1, msgs: readonly Msg[]): Buffer {
  let total = 0;
  for (const m of msgs) total += messageSize(magic, m);
  const buf = Buffer.allocUnsafe(total);
  let pos = 0;
  for (const m of msgs) {
    const size = messageSize(magic, m);
    writeInt64(buf, pos + L.OFFSET, m.offset, 'message offset');
    buf.writeInt32BE(size - L.CRC, pos + L.SIZE);
    buf[pos + L.MAGIC] = magic;
    buf[pos + L.ATTRIBUTES] = m.attributes;
    if (magic === 1) writeInt64(buf, pos + L.TIMESTAMP, m.timestamp, 'message timestamp');
    const valuePos = writeBytes(buf, pos + (magic === 0 ? L.KEY_V0 : L.KEY_V1), m.key);
    writeBytes(buf, valuePos, m.value);
    buf.writeUInt32BE(crc32(buf.subarray(pos + L.MAGIC, pos + size)), pos + L.CRC);
    pos += size;
  }
  return buf;
}

function maxTimestamp(messages: readonly LegacyMessageInit[]): number {
  let max = -1;
  for (const m of messages) if ((m.timestamp ?? -1) > max) max = m.timestamp ?? -1;
  return max;
}

/**
 * Writes a legacy message set (magic 0 or 1; Kafka's `MemoryRecordsBuilder` for old formats): one message per
 * input when uncompressed, else one compressed wrapper whose value holds the inner set. For magic 1 the inner
 * offsets are relative (0, 1, ...) and the wrapper carries the last absolute offset; for magic 0 they are
 * absolute. lz4 wrappers for magic 0 get Kafka's magic-0 frame header checksum. Synchronous (no legacy codec
 * needs an async library).
 */
export function writeLegacyMessageSet(init: LegacyMessageSetInit): Buffer {
  const { magic, messages } = init;
  const codec = init.compression ?? CompressionType.NONE;
  if (codec === CompressionType.ZSTD) throw new ProtocolEncodeError('zstd cannot be used with legacy message formats (magic 0/1)');
  const logAppend = magic === 1 && init.timestampType === TimestampType.LOG_APPEND_TIME;
  const typeBit = logAppend ? L.TIMESTAMP_TYPE_LOG_APPEND : 0;
  const appendTime = init.logAppendTime ?? maxTimestamp(messages);
  const resolved = (m: LegacyMessageInit): { timestamp: number; key: Buffer | null; value: Buffer | null } => ({
    timestamp: magic === 0 ? -1 : logAppend ? appendTime : (m.timestamp ?? -1),
    key: m.key ?? null,
    value: m.value,
  });
  if (codec === CompressionType.NONE) {
    return layout(magic, messages.map((m) => ({ offset: m.offset, attributes: typeBit, ...resolved(m) })));
  }
  const first = messages[0];
  const last = messages[messages.length - 1];
  if (first === undefined || last === undefined) return Buffer.alloc(0);
  const inner = layout(
    magic,
    messages.map((m) => ({ offset: magic === 1 ? m.offset - first.offset : m.offset, attributes: 0, ...resolved(m) })),
  );
  const value = compressSync(codec, inner, { lz4BrokenHeaderChecksum: magic === 0 });
  const wrapperTimestamp = magic === 0 ? -1 : logAppend ? appendTime : maxTimestamp(messages);
  return layout(magic, [{ offset: last.offset, attributes: codec | typeBit, timestamp: wrapperTimestamp, key: null, value }]);
}
