// The persistent engine: one LevelDB database per store at <task dir>/level/<store> (Kafka's
// <task dir>/rocksdb/<store>). Writes collect in an in-memory batch, ordered so that reads and ranges see them,
// and reach LevelDB as one atomic batch at flush (the commit); point reads fall through to LevelDB's getSync.
// While a batch is being written its entries stay readable, so reads never depend on the write's progress.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { StateStoreContext } from '../../../processor/state-store.js';
import { InvalidStateStoreException, ProcessorStateException } from '../../../state/errors.js';
import { levelOptionsFor, type LevelOptions } from '../../../state/level-options.js';
import type { BytesEntry, Cursor } from './cursor.js';
import type { BytesEngine, BytesRange } from './bytes-engine.js';
import { mergeOverlay, type OverlayEntry } from './merge-cursor.js';
import { stringRange } from './memory-engine.js';
import { keyString, SortedStringMap } from './sorted-string-map.js';

type Db = ClassicLevel<Buffer, Buffer>;
const NEXTV = 256;

export class LevelEngine implements BytesEngine {
  readonly persistent = true;
  #db: Db | undefined;
  #location = '';
  #pending = new SortedStringMap<OverlayEntry>();
  #flushing: SortedStringMap<OverlayEntry> | undefined;
  #inFlight: Promise<void> = Promise.resolve();
  #count = 0;
  #counting: Promise<void> = Promise.resolve();

  /** The directory of the database (after `open`). */
  location(): string {
    return this.#location;
  }

  async open(context: StateStoreContext, name: string): Promise<void> {
    const location = join(context.stateDir(), 'level', name);
    const options = levelOptionsFor(name, context.appConfigs());
    await this.openAt(location, options);
  }

  /** Opens the database at `location` (creating directories as needed). */
  async openAt(location: string, options: LevelOptions): Promise<void> {
    this.#location = location;
    try {
      mkdirSync(location, { recursive: true });
    } catch (cause) {
      throw new ProcessorStateException(`Error creating the state directory ${location}`, { cause });
    }
    const db: Db = new ClassicLevel<Buffer, Buffer>(location, { ...options, keyEncoding: 'buffer', valueEncoding: 'buffer', createIfMissing: true });
    try {
      await db.open();
    } catch (cause) {
      throw openError(location, cause);
    }
    this.#db = db;
    // LevelDB keeps no key count; count once in the background (approximateNumEntries is an estimate anyway).
    this.#counting = countKeys(db).then(
      (n) => void (this.#count += n),
      () => undefined,
    );
  }

  isOpen(): boolean {
    return this.#db !== undefined && this.#db.status === 'open';
  }

  get(key: Buffer): Buffer | null {
    const s = keyString(key);
    const entry = this.#pending.get(s) ?? this.#flushing?.get(s);
    if (entry !== undefined) return entry[1];
    return this.#open().getSync(key) ?? null;
  }

  put(key: Buffer, value: Buffer | null): void {
    this.#open();
    this.#pending.set(keyString(key), [key, value]);
  }

  range(range: BytesRange): Cursor<BytesEntry> {
    const db = this.#open();
    const reverse = range.reverse === true;
    const bounds = stringRange(range);
    let overlay = overlayOf(this.#flushing?.range(bounds), this.#pending.range(bounds), reverse);
    const options: { gte?: Buffer; lte?: Buffer; lt?: Buffer; reverse: boolean } = { reverse };
    if (range.from != null) options.gte = range.from;
    if (range.to != null) {
      if (range.toExclusive === true) {
        options.lt = range.to;
        const to = range.to;
        overlay = overlay.filter(([k]) => !k.equals(to));
      } else options.lte = range.to;
    }
    if (range.from != null && range.to != null && Buffer.compare(range.from, range.to) > 0) return mergeOverlay([], emptyCursor(), reverse);
    return mergeOverlay(overlay, levelCursor(db, options), reverse);
  }

  async writeBatch(entries: readonly OverlayEntry[]): Promise<void> {
    await this.flush();
    const db = this.#open();
    for (const [, v] of entries) this.#count += v === null ? -1 : 1;
    if (this.#count < 0) this.#count = 0;
    await write(db, entries);
  }

  async deleteRange(from: Buffer, toExclusive: Buffer): Promise<void> {
    await this.flush();
    const db = this.#open();
    try {
      await db.clear({ gte: from, lt: toExclusive });
    } catch (cause) {
      throw new ProcessorStateException(`Error deleting a range of ${this.#location}`, { cause });
    }
  }

  /** Writes the buffered entries as one LevelDB batch. */
  flush(): Promise<void> {
    const next = this.#inFlight.then(() => this.#writePending());
    this.#inFlight = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    if (this.#db === undefined) return;
    await this.flush();
    await this.#counting;
    const db = this.#db;
    this.#db = undefined;
    await db.close();
  }

  approximateNumEntries(): number {
    return this.#count + this.#pending.size;
  }

  async #writePending(): Promise<void> {
    if (this.#pending.size === 0 || this.#db === undefined) return;
    const db = this.#db;
    const batch = this.#pending;
    this.#pending = new SortedStringMap();
    this.#flushing = batch;
    // A batch is applied as a whole, so its order does not matter: no sort.
    const entries = [...batch.values()];
    try {
      this.#count = Math.max(0, this.#count + (await countDelta(db, entries)));
      await write(db, entries);
    } finally {
      this.#flushing = undefined;
    }
  }

  #open(): Db {
    if (this.#db === undefined) throw new InvalidStateStoreException(`The LevelDB store at ${this.#location || '(not opened)'} is not open.`);
    return this.#db;
  }
}

/** Keys whose existence a flush checks at most, for the key count. */
const COUNT_SAMPLE = 1024;

/**
 * How many keys a batch adds (puts of absent keys) minus how many it removes (deletes of present keys). LevelDB
 * keeps no count and a lookup per key costs as much as the write itself (more with a small block cache), so a
 * large batch checks an evenly spread sample of its keys and scales the result: exact up to COUNT_SAMPLE keys,
 * an estimate beyond (the count is `approximateNumEntries`, as RocksDB's estimate-num-keys is in Kafka).
 */
async function countDelta(db: Db, entries: readonly OverlayEntry[]): Promise<number> {
  const step = Math.max(1, entries.length / COUNT_SAMPLE);
  const sample: OverlayEntry[] = [];
  for (let i = 0; i < entries.length && sample.length < COUNT_SAMPLE; i += step) sample.push(entries[Math.floor(i)]!);
  const existed = await db.hasMany(sample.map(([key]) => key));
  let delta = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i]![1] === null) delta -= existed[i] === true ? 1 : 0;
    else delta += existed[i] === true ? 0 : 1;
  }
  return Math.round((delta * entries.length) / sample.length);
}

/**
 * Writes `entries` (null values delete) as one atomic LevelDB batch. A chained batch: each operation goes to the
 * native batch at once, which costs the event loop about half of what the array form's per-operation objects
 * and validation cost.
 */
async function write(db: Db, entries: readonly OverlayEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const batch = db.batch();
  try {
    for (const [key, value] of entries) {
      if (value === null) batch.del(key);
      else batch.put(key, value);
    }
    await batch.write();
  } catch (cause) {
    await batch.close().catch(() => undefined);
    throw new ProcessorStateException(`Error writing a batch of ${entries.length} entries to ${db.location}`, { cause });
  }
}

/** The union of the in-flight batch's and the pending batch's entries of a range; pending wins. */
function overlayOf(flushing: Array<[string, OverlayEntry]> | undefined, pending: Array<[string, OverlayEntry]>, reverse: boolean): OverlayEntry[] {
  if (flushing === undefined || flushing.length === 0) return pending.map((e) => e[1]);
  const out: OverlayEntry[] = [];
  let i = 0;
  let j = 0;
  const before = (a: string, b: string): boolean => (reverse ? a > b : a < b);
  while (i < flushing.length || j < pending.length) {
    const f = flushing[i];
    const p = pending[j];
    if (p === undefined || (f !== undefined && before(f[0], p[0]))) {
      out.push(f![1]);
      i++;
    } else {
      if (f !== undefined && f[0] === p[0]) i++;
      out.push(p[1]);
      j++;
    }
  }
  return out;
}

function levelCursor(db: Db, options: { gte?: Buffer; lte?: Buffer; lt?: Buffer; reverse: boolean }): Cursor<BytesEntry> {
  const it = db.iterator(options);
  let buffered: Array<[Buffer, Buffer]> = [];
  let index = 0;
  let ended = false;
  let closed = false;
  return {
    async next() {
      if (index < buffered.length) return buffered[index++];
      if (ended || closed) return undefined;
      buffered = await it.nextv(NEXTV);
      index = 0;
      if (buffered.length < NEXTV) ended = true;
      return index < buffered.length ? buffered[index++] : undefined;
    },
    async close() {
      if (closed) return;
      closed = true;
      await it.close();
    },
  };
}

function emptyCursor(): Cursor<BytesEntry> {
  return { next: () => Promise.resolve(undefined), close: () => Promise.resolve() };
}

async function countKeys(db: Db): Promise<number> {
  const it = db.keys();
  let n = 0;
  try {
    for (;;) {
      const keys = await it.nextv(1000);
      n += keys.length;
      if (keys.length < 1000) return n;
    }
  } finally {
    await it.close();
  }
}

function openError(location: string, cause: unknown): ProcessorStateException {
  const codes: string[] = [];
  for (let e: unknown = cause; e !== undefined && e !== null && codes.length < 5; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string' && /corrupt/i.test(message)) codes.push('LEVEL_CORRUPTION');
  }
  const corrupted = codes.includes('LEVEL_CORRUPTION');
  const what = corrupted ? 'is corrupted' : codes.includes('LEVEL_LOCKED') ? 'is locked by another store instance' : 'could not be opened';
  return new ProcessorStateException(`The LevelDB store at ${location} ${what}`, { cause, corrupted });
}
