import { SerializationException } from '../../common/errors.js';
import type { Headers } from '../../common/headers.js';
import { MAX_WINDOW_END_MS } from '../../kstream/windows/unlimited-window.js';
import { TimeWindow, Windowed } from '../../kstream/windowed.js';
import type { Deserializer, Serializer } from '../serde.js';
import { readInt64BE, writeInt64BE } from './int64.js';

// Kafka's WindowKeySchema, as pure functions over Buffers. Two layouts:
// - pipe (topic) form, written by TimeWindowedSerializer:   [key bytes][8-byte window start]
// - store form, the key of window stores and their changelogs: [key bytes][8-byte window start][4-byte seqnum]
// Both big-endian. Neither holds the window end: readers rebuild it from the window size.
// Extracted key bytes are views into the given buffer (subarray), not copies.

/** Bytes of a window start (a Java long). */
export const TIMESTAMP_SIZE = 8;
/** Bytes of the sequence number that tells duplicates apart in window stores with retainDuplicates. */
export const SEQNUM_SIZE = 4;
/** Bytes after the key in the store form. */
export const SUFFIX_SIZE = TIMESTAMP_SIZE + SEQNUM_SIZE;
/** The largest sequence number (Java's `Integer.MAX_VALUE`), the suffix of upper range bounds. */
export const MAX_SEQNUM = 0x7fffffff;

function tooShort(binaryKey: Buffer, min: number, what: string): SerializationException {
  return new SerializationException(`A ${what} needs at least ${min} bytes, got ${binaryKey.length}`);
}

/** A time window [start, start + size), its end capped at {@link MAX_WINDOW_END_MS} (Kafka's `timeWindowForSize`). */
export function timeWindowForSize(startMs: number, windowSize: number): TimeWindow {
  const endMs = startMs + windowSize;
  // Kafka caps an overflowing end at Long.MAX_VALUE; beyond the safe range a JS sum would silently round.
  return new TimeWindow(startMs, endMs > MAX_WINDOW_END_MS ? MAX_WINDOW_END_MS : endMs);
}

// ---- pipe form: [key][start] ----

/** The topic form of a windowed key: `[inner key bytes][8-byte start]` (Kafka's `WindowKeySchema.toBinary`). */
export function toBinary<K>(timeKey: Windowed<K>, serializer: Serializer<K>, topic: string, headers?: Headers): Buffer {
  const keyBytes = serializer.serialize(topic, timeKey.key(), headers);
  if (keyBytes === null) throw new SerializationException('The inner serializer of a windowed key returned null for the key');
  const buf = Buffer.allocUnsafe(keyBytes.length + TIMESTAMP_SIZE);
  keyBytes.copy(buf, 0);
  writeInt64BE(buf, timeKey.window().start(), keyBytes.length);
  return buf;
}

/** Reads the topic form back; the window end is start + `windowSize` (Kafka's `WindowKeySchema.from`). */
export function from<K>(binaryKey: Buffer, windowSize: number, deserializer: Deserializer<K>, topic: string, headers?: Headers): Windowed<K> {
  const keyLength = binaryKey.length - TIMESTAMP_SIZE;
  if (keyLength < 0) throw tooShort(binaryKey, TIMESTAMP_SIZE, 'time-windowed key');
  const key = deserializer.deserialize(topic, binaryKey.subarray(0, keyLength), headers);
  return new Windowed(key, timeWindowForSize(readInt64BE(binaryKey, keyLength), windowSize));
}

// ---- store form: [key][start][seqnum] ----

/** The store key of `keyBytes` in the window starting at `timestamp` (Kafka's `WindowKeySchema.toStoreKeyBinary`). */
export function toStoreKeyBinary(keyBytes: Buffer, timestamp: number, seqnum: number): Buffer {
  const buf = Buffer.allocUnsafe(keyBytes.length + SUFFIX_SIZE);
  keyBytes.copy(buf, 0);
  writeInt64BE(buf, timestamp, keyBytes.length);
  buf.writeInt32BE(seqnum, keyBytes.length + TIMESTAMP_SIZE);
  return buf;
}

/** The store key of a windowed key of bytes (Kafka's `toStoreKeyBinary(Windowed<Bytes>, seqnum)`). */
export function toStoreKeyBinaryFromWindowed(timeKey: Windowed<Buffer>, seqnum: number): Buffer {
  return toStoreKeyBinary(timeKey.key(), timeKey.window().start(), seqnum);
}

function storeKeyLength(binaryKey: Buffer): number {
  const keyLength = binaryKey.length - SUFFIX_SIZE;
  if (keyLength < 0) throw tooShort(binaryKey, SUFFIX_SIZE, 'window store key');
  return keyLength;
}

/** The key bytes of a store key (a view into `binaryKey`). */
export function extractStoreKeyBytes(binaryKey: Buffer): Buffer {
  return binaryKey.subarray(0, storeKeyLength(binaryKey));
}

/** The window start of a store key. */
export function extractStoreTimestamp(binaryKey: Buffer): number {
  return readInt64BE(binaryKey, storeKeyLength(binaryKey));
}

/** The sequence number of a store key. */
export function extractStoreSequence(binaryKey: Buffer): number {
  return binaryKey.readInt32BE(storeKeyLength(binaryKey) + TIMESTAMP_SIZE);
}

/** The window of a store key, given the window size. */
export function extractStoreWindow(binaryKey: Buffer, windowSize: number): TimeWindow {
  return timeWindowForSize(extractStoreTimestamp(binaryKey), windowSize);
}

/** A store (or changelog) key read back as a typed windowed key (Kafka's `WindowKeySchema.fromStoreKey`). */
export function fromStoreKey<K>(
  binaryKey: Buffer,
  windowSize: number,
  deserializer: Deserializer<K>,
  topic: string,
  headers?: Headers,
): Windowed<K> {
  const key = deserializer.deserialize(topic, extractStoreKeyBytes(binaryKey), headers);
  return new Windowed(key, extractStoreWindow(binaryKey, windowSize));
}

/** A store key read back as a windowed key of bytes (Kafka's `WindowKeySchema.fromStoreBytesKey`). */
export function fromStoreBytesKey(binaryKey: Buffer, windowSize: number): Windowed<Buffer> {
  return new Windowed(extractStoreKeyBytes(binaryKey), extractStoreWindow(binaryKey, windowSize));
}

/** The smallest store key of `keyBytes` with a window start at or after `from` (Kafka's `lowerRangeFixedSize`). */
export function lowerRangeFixedSize(keyBytes: Buffer, from: number): Buffer {
  return toStoreKeyBinary(keyBytes, Math.max(0, from), 0);
}

/** The largest store key of `keyBytes` with a window start at or before `to` (Kafka's `upperRangeFixedSize`). */
export function upperRangeFixedSize(keyBytes: Buffer, to: number): Buffer {
  return toStoreKeyBinary(keyBytes, to, MAX_SEQNUM);
}
