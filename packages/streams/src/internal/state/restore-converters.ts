// How a changelog record becomes a local entry during restoration (Kafka's RecordConverters). The changelog of
// a timestamped store holds the plain value with the value's timestamp as the record timestamp, while the local
// value is the 8-byte big-endian timestamp followed by the plain value (Kafka's TimestampedBytesStore layout).

import type { ChangelogRecord } from '../../processor/state-store.js';
import type { OverlayEntry } from './bytes/merge-cursor.js';
import { readInt64BE, writeInt64BE } from './bytes/int64.js';

export type RestoreConverter = (record: ChangelogRecord) => OverlayEntry;

/** Key and value as logged (Kafka's `RecordConverters.identity()`). */
export const identityConverter: RestoreConverter = (r) => [r.key, r.value];

/** Prefixes the record timestamp to the value (Kafka's `RecordConverters.rawValueToTimestampedValue()`). */
export const rawValueToTimestampedValue: RestoreConverter = (r) => [r.key, r.value === null ? null : withTimestamp(r.value, r.timestamp)];

/** `value` with `timestamp` in front, as 8 bytes big-endian. */
export function withTimestamp(value: Buffer, timestamp: number): Buffer {
  // Outside Node's Buffer pool: stores and caches keep values for long, and a pooled slice keeps its 8 KiB slab.
  const out = Buffer.allocUnsafeSlow(8 + value.length);
  writeInt64BE(out, timestamp, 0);
  value.copy(out, 8);
  return out;
}

/** The timestamp of a timestamped value. */
export function timestampOf(timestampedValue: Buffer): number {
  return readInt64BE(timestampedValue, 0);
}

/** The plain value of a timestamped value (a view, no copy). */
export function rawValueOf(timestampedValue: Buffer): Buffer {
  return timestampedValue.subarray(8);
}

/** A store whose restoration can be told to convert records (Kafka's TimestampedBytesStore marker). */
export interface ConvertingRestore {
  setRestoreConverter(converter: RestoreConverter): void;
}

export function hasConvertingRestore(store: object): store is ConvertingRestore {
  return typeof (store as Partial<ConvertingRestore>).setRestoreConverter === 'function';
}
