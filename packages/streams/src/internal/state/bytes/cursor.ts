// Cursors: the internal, minimal form of a store range (pull one entry, close), and the adapter that turns a
// cursor into the public KeyValueIterator (async iterable, peekNextKey, close). Stores compose cursors (merge
// an overlay of pending writes into a LevelDB iterator, map bytes to typed values) and expose iterators.

import { KeyValue } from '../../../common/key-value.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';

/** One entry of a bytes range. */
export type BytesEntry = readonly [key: Buffer, value: Buffer];

/** A pull-based range: `next()` resolves undefined at the end; `close()` releases it (idempotent). */
export interface Cursor<T> {
  next(): Promise<T | undefined>;
  close(): Promise<void>;
}

/** A cursor over an array snapshot. */
export function arrayCursor<T>(items: readonly T[]): Cursor<T> {
  let i = 0;
  return {
    next: () => Promise.resolve(i < items.length ? items[i++] : undefined),
    close: () => {
      i = items.length;
      return Promise.resolve();
    },
  };
}

/** A cursor that maps each item, dropping items mapped to undefined. */
export function mapCursor<T, U>(source: Cursor<T>, fn: (item: T) => U | undefined): Cursor<U> {
  return {
    async next() {
      for (;;) {
        const item = await source.next();
        if (item === undefined) return undefined;
        const mapped = fn(item);
        if (mapped !== undefined) return mapped;
      }
    },
    close: () => source.close(),
  };
}

/** Cursors one after another (segments of a window store). `open` is called lazily for each. */
export function concatCursors<T>(opens: ReadonlyArray<() => Cursor<T>>): Cursor<T> {
  let index = 0;
  let current: Cursor<T> | undefined;
  return {
    async next() {
      while (index < opens.length) {
        current ??= opens[index]!();
        const item = await current.next();
        if (item !== undefined) return item;
        await current.close();
        current = undefined;
        index++;
      }
      return undefined;
    },
    async close() {
      index = opens.length;
      const c = current;
      current = undefined;
      if (c !== undefined) await c.close();
    },
  };
}

/**
 * The public {@link KeyValueIterator} over a cursor of key-value pairs. Closes the cursor when exhausted, on
 * `close()`, and when a `for await` loop exits early (`return()`).
 */
export class CursorIterator<K, V> implements KeyValueIterator<K, V> {
  #peeked: KeyValue<K, V> | undefined;
  #done = false;

  constructor(private readonly cursor: Cursor<KeyValue<K, V>>) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<KeyValue<K, V>, undefined>> {
    const item = this.#peeked ?? (await this.#pull());
    this.#peeked = undefined;
    return item === undefined ? { done: true, value: undefined } : { done: false, value: item };
  }

  async peekNextKey(): Promise<K | undefined> {
    this.#peeked ??= await this.#pull();
    return this.#peeked?.key;
  }

  async return(): Promise<IteratorResult<KeyValue<K, V>, undefined>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    this.#peeked = undefined;
    if (this.#done) return;
    this.#done = true;
    await this.cursor.close();
  }

  async #pull(): Promise<KeyValue<K, V> | undefined> {
    if (this.#done) return undefined;
    const item = await this.cursor.next();
    if (item === undefined) await this.close();
    return item;
  }
}

/** Collects an iterator into an array (closing it): a convenience for tests and small ranges. */
export async function toArray<K, V>(iterator: KeyValueIterator<K, V>): Promise<Array<KeyValue<K, V>>> {
  const out: Array<KeyValue<K, V>> = [];
  for await (const kv of iterator) out.push(kv);
  return out;
}
