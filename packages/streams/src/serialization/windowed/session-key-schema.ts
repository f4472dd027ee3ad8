import { SerializationException } from '../../common/errors.js';
import type { Headers } from '../../common/headers.js';
import { MAX_WINDOW_END_MS } from '../../kstream/windows/unlimited-window.js';
import { SessionWindow, Windowed } from '../../kstream/windowed.js';
import type { Deserializer, Serializer } from '../serde.js';
import { readInt64BE, writeInt64BE } from './int64.js';

// Kafka's SessionKeySchema, as pure functions over Buffers. One layout for topics, stores and changelogs:
//   [key bytes][8-byte session end][8-byte session start], big-endian.
// End before start makes a key's sessions sort by end time in the store. Extracted key bytes are views
// (subarray), not copies.

const TIMESTAMP_SIZE = 8;
/** Bytes after the key: end and start. */
export const SESSION_SUFFIX_SIZE = 2 * TIMESTAMP_SIZE;

function keyLength(binaryKey: Buffer): number {
  const length = binaryKey.length - SESSION_SUFFIX_SIZE;
  if (length < 0) throw new SerializationException(`A session key needs at least ${SESSION_SUFFIX_SIZE} bytes, got ${binaryKey.length}`);
  return length;
}

/** `[keyBytes][end][start]` (Kafka's `SessionKeySchema.toBinary(Bytes, start, end)`; note the argument order). */
export function sessionKeyToBinary(keyBytes: Buffer, startTime: number, endTime: number): Buffer {
  const buf = Buffer.allocUnsafe(keyBytes.length + SESSION_SUFFIX_SIZE);
  keyBytes.copy(buf, 0);
  writeInt64BE(buf, endTime, keyBytes.length);
  writeInt64BE(buf, startTime, keyBytes.length + TIMESTAMP_SIZE);
  return buf;
}

/** The binary form of a windowed key of bytes (Kafka's `SessionKeySchema.toBinary(Windowed<Bytes>)`). */
export function sessionBytesKeyToBinary(sessionKey: Windowed<Buffer>): Buffer {
  return sessionKeyToBinary(sessionKey.key(), sessionKey.window().start(), sessionKey.window().end());
}

/** The binary form of a typed session key (Kafka's `SessionKeySchema.toBinary(Windowed<K>, serializer, topic)`). */
export function sessionTypedKeyToBinary<K>(sessionKey: Windowed<K>, serializer: Serializer<K>, topic: string, headers?: Headers): Buffer {
  const keyBytes = serializer.serialize(topic, sessionKey.key(), headers);
  if (keyBytes === null) throw new SerializationException('The inner serializer of a windowed key returned null for the key');
  return sessionKeyToBinary(keyBytes, sessionKey.window().start(), sessionKey.window().end());
}

/** The key bytes (a view into `binaryKey`). */
export function extractSessionKeyBytes(binaryKey: Buffer): Buffer {
  return binaryKey.subarray(0, keyLength(binaryKey));
}

/** The session end. */
export function extractSessionEndTimestamp(binaryKey: Buffer): number {
  return readInt64BE(binaryKey, keyLength(binaryKey));
}

/** The session start. */
export function extractSessionStartTimestamp(binaryKey: Buffer): number {
  return readInt64BE(binaryKey, keyLength(binaryKey) + TIMESTAMP_SIZE);
}

/** The session window [start, end]. */
export function extractSessionWindow(binaryKey: Buffer): SessionWindow {
  const at = keyLength(binaryKey);
  return new SessionWindow(readInt64BE(binaryKey, at + TIMESTAMP_SIZE), readInt64BE(binaryKey, at));
}

/** A typed session key (Kafka's `SessionKeySchema.from(binaryKey, deserializer, topic)`). */
export function sessionKeyFrom<K>(binaryKey: Buffer, deserializer: Deserializer<K>, topic: string, headers?: Headers): Windowed<K> {
  const key = deserializer.deserialize(topic, extractSessionKeyBytes(binaryKey), headers);
  return new Windowed(key, extractSessionWindow(binaryKey));
}

/** A session key of bytes (Kafka's `SessionKeySchema.from(Bytes)`). */
export function sessionBytesKeyFrom(binaryKey: Buffer): Windowed<Buffer> {
  return new Windowed(extractSessionKeyBytes(binaryKey), extractSessionWindow(binaryKey));
}

/** The smallest key of `keyBytes` among sessions ending at or after `from` (Kafka's `lowerRangeFixedSize`). */
export function sessionLowerRangeFixedSize(keyBytes: Buffer, from: number): Buffer {
  return sessionKeyToBinary(keyBytes, 0, Math.max(0, from));
}

/**
 * The largest key of `keyBytes` among sessions starting at or before `to` (Kafka's `upperRangeFixedSize`, with
 * Long.MAX_VALUE as the end; {@link MAX_WINDOW_END_MS} here, which sorts after every real end time).
 */
export function sessionUpperRangeFixedSize(keyBytes: Buffer, to: number): Buffer {
  return sessionKeyToBinary(keyBytes, to, MAX_WINDOW_END_MS);
}
