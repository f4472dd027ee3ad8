// Adapters between the public KeyValueIterator (what a wrapped store's range returns) and internal cursors.

import type { KeyValue } from '../../../common/key-value.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import type { BytesEntry, Cursor } from './cursor.js';

/** A cursor of [key, value] over a bytes iterator. */
export function iteratorCursor(it: KeyValueIterator<Buffer, Buffer>): Cursor<BytesEntry> {
  return {
    async next() {
      const r = await it.next();
      return r.done === true ? undefined : [r.value.key, r.value.value];
    },
    close: () => it.close(),
  };
}

/** A cursor of KeyValue pairs over any iterator. */
export function kvCursor<K, V>(it: KeyValueIterator<K, V>): Cursor<KeyValue<K, V>> {
  return {
    async next() {
      const r = await it.next();
      return r.done === true ? undefined : r.value;
    },
    close: () => it.close(),
  };
}

/**
 * The smallest key greater than every key starting with `prefix` (increment the last byte below 0xff, dropping
 * the 0xff bytes after it), or null when there is none (the prefix is all 0xff) - an exclusive upper bound.
 */
export function prefixSuccessor(prefix: Buffer): Buffer | null {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return null;
  const out = Buffer.from(prefix.subarray(0, end));
  out[end - 1] = out[end - 1]! + 1;
  return out;
}

/** Whether `key` starts with `prefix`. */
export function hasPrefix(key: Buffer, prefix: Buffer): boolean {
  return key.length >= prefix.length && key.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;
}
