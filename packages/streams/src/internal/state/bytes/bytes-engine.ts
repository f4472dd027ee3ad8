// The storage engine under every bytes store: LevelDB (persistent) or an ordered in-memory map. Key-value,
// window and session bytes stores are layouts over an engine; the engine knows nothing of stores, changelogs
// or segments. Point operations are synchronous (DESIGN.md decision 4); ranges are cursors.

import type { StateStoreContext } from '../../../processor/state-store.js';
import type { BytesEntry, Cursor } from './cursor.js';
import type { OverlayEntry } from './merge-cursor.js';

/** An inclusive key range in unsigned byte order; a missing bound is open. */
export interface BytesRange {
  readonly from?: Buffer | null | undefined;
  readonly to?: Buffer | null | undefined;
  /** Excludes `to` itself (a segment's range ends where the next segment begins). */
  readonly toExclusive?: boolean | undefined;
  readonly reverse?: boolean | undefined;
}

export interface BytesEngine {
  /** Whether data survives a restart (LevelDB) or not (memory). */
  readonly persistent: boolean;
  /** Opens the engine for the store `name` of the task `context` describes. */
  open(context: StateStoreContext, name: string): void | Promise<void>;
  isOpen(): boolean;
  /** The value of `key`, or null. Sees every earlier `put`, flushed or not. */
  get(key: Buffer): Buffer | null;
  /** Writes `value` (null deletes). Buffered until `flush` in the persistent engine. */
  put(key: Buffer, value: Buffer | null): void;
  /** Entries of `range` in byte order (reversed on request), including unflushed writes. */
  range(range: BytesRange): Cursor<BytesEntry>;
  /** Writes entries in one bulk write, straight to storage (restoration). */
  writeBatch(entries: readonly OverlayEntry[]): void | Promise<void>;
  /** Deletes every key in [from, toExclusive) (a dropped segment). */
  deleteRange(from: Buffer, toExclusive: Buffer): void | Promise<void>;
  /** Makes buffered writes durable as one batch. */
  flush(): void | Promise<void>;
  close(): void | Promise<void>;
  /** An estimate of the number of keys. */
  approximateNumEntries(): number;
}
