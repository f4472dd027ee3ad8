// The suppression buffer (Kafka's InMemoryTimeOrderedKeyValueChangeBuffer): the latest update of each key,
// ordered by (buffer time, key bytes), kept in memory and written to a changelog at each flush - one record per
// key changed since the last flush, a tombstone for a key evicted since. A key keeps the buffer time of its
// first buffered update; later updates replace its value in place. Restored from the changelog on start.

import { Headers } from '../../../common/headers.js';
import type { ChangelogRecord, StateStore, StateStoreContext, StoreBuilder } from '../../../processor/state-store.js';
import type { Serde } from '../../../serialization/serde.js';
import { InvalidStateStoreException } from '../../../state/errors.js';
import { isInternalContext, type InternalStateStoreContext } from '../../state/store-context.js';
import { resolveSerde, storeChangelogTopic } from '../../state/store-serdes.js';
import { Change } from '../change.js';
import { BufferValue, type BufferRecordContext } from './buffer-value.js';

/** The changelog format version this buffer writes (Kafka's header "v" = 3). */
const CHANGELOG_HEADERS = new Headers([{ key: 'v', value: Buffer.from([3]) }]);

interface Entry {
  readonly time: number;
  readonly key: Buffer;
  value: BufferValue;
}

/** One evicted update: the key, its change (new and last old value) and the context to emit it with. */
export interface Eviction<K, V> {
  readonly key: K;
  readonly value: Change<V>;
  readonly context: BufferRecordContext;
}

function compareEntries(a: Entry, b: Entry): number {
  return a.time !== b.time ? a.time - b.time : Buffer.compare(a.key, b.key);
}

/** Kafka's computeRecordSize: 8 for the buffer time, the key bytes, and the value's estimate. */
function recordSize(key: Buffer, value: BufferValue): number {
  return 8 + key.length + value.residentMemorySizeEstimate();
}

export class TimeOrderedKeyValueBuffer<K, V> implements StateStore {
  readonly #index = new Map<string, Entry>();
  /** Entries in (time, key) order from `#head`; evictions advance the head instead of shifting. */
  #sorted: Entry[] = [];
  #head = 0;
  readonly #dirty = new Set<string>();
  #memBufferSize = 0;
  #context: InternalStateStoreContext | undefined;
  #topic = '';
  #keySerde!: Serde<K>;
  #valueSerde!: Serde<V>;
  #open = false;

  constructor(
    private readonly storeName: string,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
    private readonly loggingEnabled: boolean,
  ) {}

  name(): string {
    return this.storeName;
  }

  persistent(): boolean {
    return false;
  }

  isOpen(): boolean {
    return this.#open;
  }

  init(context: StateStoreContext, root: StateStore): void {
    this.#topic = storeChangelogTopic(context, this.storeName);
    this.#keySerde = resolveSerde(this.keySerde, context.keySerde(), 'key', this.storeName);
    this.#valueSerde = resolveSerde(this.valueSerde, context.valueSerde(), 'value', this.storeName);
    this.#context = this.loggingEnabled && isInternalContext(context) ? context : undefined;
    // Registered even without logging, so the runtime flushes and closes it like every store.
    context.register(root, (records) => this.#restore(records));
    this.#open = true;
  }

  /** Buffers `change` of `key` at `time` (Kafka's put): a new key is placed by time, a known one keeps its place. */
  put(time: number, key: K, change: Change<V>, context: BufferRecordContext): void {
    this.#check();
    const keyBytes = this.#keySerde.serializer().serialize(this.#topic, key);
    if (keyBytes === null) throw new InvalidStateStoreException(`Cannot buffer a null key in ${this.storeName}`);
    const ser = this.#valueSerde.serializer();
    const newValue = change.newValue === null ? null : ser.serialize(this.#topic, change.newValue);
    const oldValue = change.oldValue === null ? null : ser.serialize(this.#topic, change.oldValue);
    const id = keyBytes.toString('latin1');
    const buffered = this.#index.get(id);
    // The prior value is the old value before the first buffered update; the same object when it is this one.
    const priorValue = buffered === undefined ? oldValue : buffered.value.priorValue;
    this.#cleanPut(time, keyBytes, id, new BufferValue(priorValue, oldValue, newValue, context));
    this.#dirty.add(id);
  }

  /** Evicts from the oldest while `predicate` holds, handing each to `callback` (Kafka's evictWhile). */
  evictWhile(predicate: () => boolean, callback: (eviction: Eviction<K, V>) => void): void {
    this.#check();
    const keyDe = this.#keySerde.deserializer();
    const valueDe = this.#valueSerde.deserializer();
    while (this.#head < this.#sorted.length && predicate()) {
      const entry = this.#sorted[this.#head]!;
      const { value } = entry;
      const key = keyDe.deserialize(this.#topic, entry.key) as K;
      const newValue = value.newValue === null ? null : (valueDe.deserialize(this.#topic, value.newValue) as V);
      const oldValue = value.oldValue === null ? null : (valueDe.deserialize(this.#topic, value.oldValue) as V);
      // Removed before the callback forwards, so a re-entrant put of the same key starts a new entry.
      this.#sorted[this.#head++] = undefined as unknown as Entry;
      const id = entry.key.toString('latin1');
      this.#index.delete(id);
      this.#dirty.add(id);
      this.#memBufferSize -= recordSize(entry.key, value);
      this.#compact();
      callback({ key, value: new Change(newValue, oldValue), context: value.context });
    }
  }

  /** The buffer time of the oldest entry, or Infinity when empty (Kafka's Long.MAX_VALUE). */
  minTimestamp(): number {
    return this.#head < this.#sorted.length ? this.#sorted[this.#head]!.time : Infinity;
  }

  numRecords(): number {
    return this.#index.size;
  }

  /** The estimated bytes held (Kafka's bufferSize). */
  bufferSize(): number {
    return this.#memBufferSize;
  }

  /** Writes each key changed since the last flush to the changelog: its buffered value, or a tombstone. */
  flush(): void {
    const context = this.#context;
    if (context === undefined) {
      this.#dirty.clear();
      return;
    }
    for (const id of this.#dirty) {
      const entry = this.#index.get(id);
      const key = Buffer.from(id, 'latin1');
      if (entry === undefined) context.logChange(this.storeName, key, null, context.recordContext().timestamp, undefined);
      else context.logChange(this.storeName, key, entry.value.serializeWithTime(entry.time), entry.value.context.timestamp, new Headers(CHANGELOG_HEADERS));
    }
    this.#dirty.clear();
  }

  close(): void {
    this.#index.clear();
    this.#sorted = [];
    this.#head = 0;
    this.#memBufferSize = 0;
    this.#open = false;
  }

  #cleanPut(time: number, key: Buffer, id: string, value: BufferValue): void {
    const previous = this.#index.get(id);
    if (previous === undefined) {
      const entry: Entry = { time, key, value };
      this.#index.set(id, entry);
      this.#insertSorted(entry);
      this.#memBufferSize += recordSize(key, value);
    } else {
      this.#memBufferSize += recordSize(key, value) - recordSize(key, previous.value);
      previous.value = value;
    }
  }

  #insertSorted(entry: Entry): void {
    const sorted = this.#sorted;
    // Appends are the common case: buffer times mostly grow.
    if (sorted.length === this.#head || compareEntries(sorted[sorted.length - 1]!, entry) < 0) {
      sorted.push(entry);
      return;
    }
    let lo = this.#head;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(sorted[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    sorted.splice(lo, 0, entry);
  }

  #remove(id: string): void {
    const entry = this.#index.get(id);
    if (entry === undefined) return;
    this.#index.delete(id);
    const at = this.#sorted.indexOf(entry, this.#head);
    if (at >= 0) this.#sorted.splice(at, 1);
    this.#memBufferSize -= recordSize(entry.key, entry.value);
  }

  /** Drops the evicted prefix once it is the larger part of the array. */
  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#sorted.length) {
      this.#sorted = this.#sorted.slice(this.#head);
      this.#head = 0;
    }
  }

  /** Kafka's restoreBatch: a tombstone removes the key, a version-3 value puts it back at its buffer time. */
  #restore(records: readonly ChangelogRecord[]): void {
    for (const record of records) {
      const id = record.key.toString('latin1');
      if (record.value === null) {
        this.#remove(id);
        continue;
      }
      const version = record.headers?.lastHeader('v')?.value;
      if (version === undefined || version === null || version.length !== 1 || version[0] !== 3) {
        throw new InvalidStateStoreException(`Restoring ${this.storeName}: unsupported changelog format version in record at offset ${record.offset}`);
      }
      const { value, time } = BufferValue.deserializeWithTime(record.value);
      this.#remove(id);
      this.#cleanPut(time, Buffer.from(record.key), id, value);
    }
  }

  #check(): void {
    if (!this.#open) throw new InvalidStateStoreException(`Store ${this.storeName} is currently closed.`);
  }
}

/** Builds the buffer per task (Kafka's InMemoryTimeOrderedKeyValueChangeBuffer.Builder). */
export class TimeOrderedKeyValueBufferBuilder<K, V> implements StoreBuilder<TimeOrderedKeyValueBuffer<K, V>> {
  constructor(
    private readonly storeName: string,
    private readonly keySerde: Serde<K> | undefined,
    private readonly valueSerde: Serde<V> | undefined,
    private readonly logging: boolean,
    private readonly topicConfig: Readonly<{ [key: string]: string }>,
  ) {}

  name(): string {
    return this.storeName;
  }

  build(): TimeOrderedKeyValueBuffer<K, V> {
    return new TimeOrderedKeyValueBuffer(this.storeName, this.keySerde, this.valueSerde, this.logging);
  }

  loggingEnabled(): boolean {
    return this.logging;
  }

  logConfig(): Readonly<{ [key: string]: string }> {
    return { ...this.topicConfig };
  }
}
