// The in-memory engine: an ordered map in unsigned byte order (what Kafka's InMemoryKeyValueStore keeps in a
// TreeMap<Bytes, byte[]>). Ranges iterate a snapshot taken when the range is opened, as Kafka's does.

import { arrayCursor, type BytesEntry, type Cursor } from './cursor.js';
import type { BytesEngine, BytesRange } from './bytes-engine.js';
import type { OverlayEntry } from './merge-cursor.js';
import { keyString, SortedStringMap } from './sorted-string-map.js';

export class MemoryEngine implements BytesEngine {
  readonly persistent = false;
  readonly #map = new SortedStringMap<BytesEntry>();
  #open = false;

  open(): void {
    this.#open = true;
  }

  isOpen(): boolean {
    return this.#open;
  }

  get(key: Buffer): Buffer | null {
    return this.#map.get(keyString(key))?.[1] ?? null;
  }

  put(key: Buffer, value: Buffer | null): void {
    if (value === null) this.#map.delete(keyString(key));
    else this.#map.set(keyString(key), [key, value]);
  }

  range(range: BytesRange): Cursor<BytesEntry> {
    const bounds = stringRange(range);
    let entries = this.#map.range(bounds);
    if (range.toExclusive === true && bounds.to !== undefined) entries = entries.filter(([k]) => k !== bounds.to);
    return arrayCursor(entries.map((e) => e[1]));
  }

  writeBatch(entries: readonly OverlayEntry[]): void {
    for (const [k, v] of entries) this.put(k, v);
  }

  deleteRange(from: Buffer, toExclusive: Buffer): void {
    const to = keyString(toExclusive);
    for (const [k] of this.#map.range({ from: keyString(from), to })) if (k !== to) this.#map.delete(k);
  }

  flush(): void {}

  close(): void {
    this.#open = false;
    this.#map.clear();
  }

  approximateNumEntries(): number {
    return this.#map.size;
  }
}

/** A byte range as latin1 string bounds. */
export function stringRange(range: BytesRange): { from?: string; to?: string; reverse: boolean } {
  const out: { from?: string; to?: string; reverse: boolean } = { reverse: range.reverse === true };
  if (range.from != null) out.from = keyString(range.from);
  if (range.to != null) out.to = keyString(range.to);
  return out;
}
