// The innermost key-value store: bytes keys and values over an engine (LevelDB or memory), registered with the
// task so the runtime restores it from its changelog in bulk (Kafka's RocksDBStore / InMemoryKeyValueStore).

import { KeyValue } from '../../../common/key-value.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import type { Serializer } from '../../../serialization/serde.js';
import { InvalidStateStoreException } from '../../../state/errors.js';
import type { KeyValueIterator, KeyValueStore } from '../../../state/key-value-store.js';
import type { BytesEngine, BytesRange } from '../bytes/bytes-engine.js';
import { CursorIterator, type BytesEntry, type Cursor } from '../bytes/cursor.js';
import { andThen } from '../maybe-async.js';
import { identityConverter, type ConvertingRestore, type RestoreConverter } from '../restore-converters.js';

/** A key-value store of bytes (Kafka's `KeyValueStore<Bytes, byte[]>`), what a KeyValueBytesStoreSupplier supplies. */
export type KeyValueBytesStore = KeyValueStore<Buffer, Buffer>;

export class EngineKeyValueStore implements KeyValueBytesStore, ConvertingRestore {
  #open = false;
  #converter: RestoreConverter = identityConverter;

  constructor(
    private readonly storeName: string,
    private readonly engine: BytesEngine,
  ) {}

  name(): string {
    return this.storeName;
  }

  persistent(): boolean {
    return this.engine.persistent;
  }

  isOpen(): boolean {
    return this.#open;
  }

  setRestoreConverter(converter: RestoreConverter): void {
    this.#converter = converter;
  }

  init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    return andThen(this.engine.open(context, this.storeName), () => {
      this.#open = true;
      context.register(root, (records) => this.engine.writeBatch(records.map(this.#converter)));
    });
  }

  get(key: Buffer): Buffer | null {
    this.#check();
    return this.engine.get(key);
  }

  put(key: Buffer, value: Buffer | null): void {
    this.#check();
    this.engine.put(key, value);
  }

  putIfAbsent(key: Buffer, value: Buffer | null): Buffer | null {
    const old = this.get(key);
    if (old === null) this.put(key, value);
    return old;
  }

  putAll(entries: readonly KeyValue<Buffer, Buffer | null>[]): void {
    for (const e of entries) this.put(e.key, e.value);
  }

  delete(key: Buffer): Buffer | null {
    const old = this.get(key);
    this.put(key, null);
    return old;
  }

  range(from: Buffer | null, to: Buffer | null): KeyValueIterator<Buffer, Buffer> {
    return this.#iterate({ from, to });
  }

  reverseRange(from: Buffer | null, to: Buffer | null): KeyValueIterator<Buffer, Buffer> {
    return this.#iterate({ from, to, reverse: true });
  }

  all(): KeyValueIterator<Buffer, Buffer> {
    return this.#iterate({});
  }

  reverseAll(): KeyValueIterator<Buffer, Buffer> {
    return this.#iterate({ reverse: true });
  }

  prefixScan<P>(prefix: P, prefixKeySerializer: Serializer<P>): KeyValueIterator<Buffer, Buffer> {
    const bytes = prefixKeySerializer.serialize('', prefix) ?? Buffer.alloc(0);
    this.#check();
    return new CursorIterator(toKeyValues(takeWhilePrefix(this.engine.range({ from: bytes }), bytes)));
  }

  approximateNumEntries(): number {
    this.#check();
    return this.engine.approximateNumEntries();
  }

  flush(): void | Promise<void> {
    return this.engine.flush();
  }

  close(): void | Promise<void> {
    this.#open = false;
    return this.engine.close();
  }

  #iterate(range: BytesRange): KeyValueIterator<Buffer, Buffer> {
    this.#check();
    return new CursorIterator(toKeyValues(this.engine.range(range)));
  }

  #check(): void {
    if (!this.#open) throw new InvalidStateStoreException(`Store ${this.storeName} is currently closed.`);
  }
}

/** Entries as KeyValue pairs. */
export function toKeyValues(cursor: Cursor<BytesEntry>): Cursor<KeyValue<Buffer, Buffer>> {
  return {
    async next() {
      const e = await cursor.next();
      return e === undefined ? undefined : new KeyValue(e[0], e[1]);
    },
    close: () => cursor.close(),
  };
}

/** Stops at the first key that does not start with `prefix`. */
export function takeWhilePrefix(cursor: Cursor<BytesEntry>, prefix: Buffer): Cursor<BytesEntry> {
  let done = false;
  return {
    async next() {
      if (done) return undefined;
      const e = await cursor.next();
      if (e !== undefined && e[0].length >= prefix.length && e[0].compare(prefix, 0, prefix.length, 0, prefix.length) === 0) return e;
      done = true;
      await cursor.close();
      return undefined;
    },
    close: () => cursor.close(),
  };
}
