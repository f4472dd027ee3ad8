// Merges a sorted overlay of newer writes (a LevelDB store's unflushed batch, a caching store's dirty entries)
// into a sorted cursor over older data, as Kafka's MergedSortedCacheKeyValueBytesStoreIterator does: on equal
// keys the overlay wins, and an overlay tombstone (null value) hides the key.

import type { BytesEntry, Cursor } from './cursor.js';

/** An overlay entry: null is a pending delete. */
export type OverlayEntry = readonly [key: Buffer, value: Buffer | null];

/**
 * A cursor yielding `base` with `overlay` applied. Both must be sorted by `compare` (byte order unless given) in
 * the iteration direction (ascending unless `reverse`).
 */
export function mergeOverlay(
  overlay: readonly OverlayEntry[],
  base: Cursor<BytesEntry>,
  reverse: boolean,
  compare: (a: Buffer, b: Buffer) => number = Buffer.compare,
): Cursor<BytesEntry> {
  let oi = 0;
  let baseHead: BytesEntry | undefined;
  let baseDone = false;
  const sign = reverse ? -1 : 1;

  const pullBase = async (): Promise<void> => {
    if (baseHead === undefined && !baseDone) {
      baseHead = await base.next();
      if (baseHead === undefined) baseDone = true;
    }
  };

  return {
    async next() {
      for (;;) {
        await pullBase();
        const o = overlay[oi];
        if (o === undefined) {
          const b = baseHead;
          baseHead = undefined;
          return b;
        }
        const cmp = baseHead === undefined ? 1 : sign * compare(baseHead[0], o[0]);
        if (cmp < 0) {
          const b = baseHead!;
          baseHead = undefined;
          return b;
        }
        // The overlay's entry comes first or replaces the base's entry of the same key.
        oi++;
        if (cmp === 0) baseHead = undefined;
        if (o[1] !== null) return [o[0], o[1]];
      }
    },
    close() {
      oi = overlay.length;
      baseDone = true;
      baseHead = undefined;
      return base.close();
    },
  };
}
