// The innermost window store (Kafka's RocksDBWindowStore over a segmented bytes store, and InMemoryWindowStore):
// bytes keys and values over an engine, local key [segment id][key][window start][seqnum]. The point fetch of
// one window is one engine get (synchronous); time and key ranges scan the live segments in order. Ranges
// over several keys return segment by segment, each in key then time order, as Kafka's segmented stores do.

import { KeyValue } from '../../../common/key-value.js';
import type { Windowed } from '../../../kstream/windowed.js';
import type { StateStore, StateStoreContext } from '../../../processor/state-store.js';
import { InvalidStateStoreException } from '../../../state/errors.js';
import type { KeyValueIterator } from '../../../state/key-value-store.js';
import type { WindowStore, WindowStoreIterator } from '../../../state/window-store.js';
import type { BytesEngine } from '../bytes/bytes-engine.js';
import { concatCursors, CursorIterator, mapCursor, type Cursor } from '../bytes/cursor.js';
import type { OverlayEntry } from '../bytes/merge-cursor.js';
import { andThen, sequence } from '../maybe-async.js';
import { identityConverter, type ConvertingRestore, type RestoreConverter } from '../restore-converters.js';
import { Segments } from '../segments.js';
import { extractStoreKeyBytes, extractStoreTimestamp, fromStoreKey, toStoreKeyBinary } from './window-key-schema.js';

/** A window store of bytes (Kafka's `WindowStore<Bytes, byte[]>`). */
export type WindowBytesStore = WindowStore<Buffer, Buffer>;

/** One scanned entry: the [key][start][seq] store key, its parts, and the value. */
interface Scanned {
  readonly storeKey: Buffer;
  readonly key: Buffer;
  readonly start: number;
  readonly value: Buffer;
}

const MAX_SUFFIX = Buffer.alloc(12, 0xff);

export class SegmentedWindowStore implements WindowBytesStore, ConvertingRestore {
  readonly segments: Segments;
  #open = false;
  #seqnum = 0;
  #converter: RestoreConverter = identityConverter;

  constructor(
    private readonly storeName: string,
    private readonly engine: BytesEngine,
    retentionPeriod: number,
    private readonly windowSize: number,
    private readonly retainDuplicates: boolean,
    segmentInterval: number,
  ) {
    this.segments = new Segments(retentionPeriod, segmentInterval);
  }

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
      this.segments.load(this.engine);
      context.register(root, (records) => {
        const entries: OverlayEntry[] = [];
        for (const record of records) {
          const [storeKey, value] = this.#converter(record);
          const start = extractStoreTimestamp(storeKey);
          this.segments.observe(start);
          if (this.segments.expired(start)) continue;
          entries.push([this.#localKey(start, storeKey), value]);
        }
        entries.push(this.segments.metaEntry());
        return this.engine.writeBatch(entries);
      });
    });
  }

  put(key: Buffer, value: Buffer | null, windowStartTimestamp: number): void {
    this.#check();
    // A store with duplicates keeps every value; a null cannot delete one of them (Kafka ignores it).
    if (value === null && this.retainDuplicates) return;
    if (this.retainDuplicates) this.#seqnum = (this.#seqnum + 1) & 0x7fffffff;
    this.segments.observe(windowStartTimestamp);
    if (this.segments.expired(windowStartTimestamp)) return;
    const storeKey = toStoreKeyBinary(key, windowStartTimestamp, this.retainDuplicates ? this.#seqnum : 0);
    this.engine.put(this.#localKey(windowStartTimestamp, storeKey), value);
  }

  fetch(key: Buffer, windowStartTime: number): Buffer | null;
  fetch(key: Buffer, timeFrom: number, timeTo: number): WindowStoreIterator<Buffer>;
  fetch(key: Buffer, timeFrom: number, timeTo?: number): Buffer | null | WindowStoreIterator<Buffer> {
    this.#check();
    if (timeTo === undefined) {
      if (this.segments.expired(timeFrom) || timeFrom < 0) return null;
      return this.engine.get(this.#localKey(timeFrom, toStoreKeyBinary(key, timeFrom, 0)));
    }
    return this.#byTime(this.#scan(key, key, timeFrom, timeTo, false, true));
  }

  backwardFetch(key: Buffer, timeFrom: number, timeTo: number): WindowStoreIterator<Buffer> {
    this.#check();
    return this.#byTime(this.#scan(key, key, timeFrom, timeTo, true, true));
  }

  fetchRange(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    this.#check();
    return this.#windowed(this.#scan(keyFrom, keyTo, timeFrom, timeTo, false, false));
  }

  backwardFetchRange(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    this.#check();
    return this.#windowed(this.#scan(keyFrom, keyTo, timeFrom, timeTo, true, false));
  }

  all(): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.fetchRange(null, null, 0, Number.MAX_SAFE_INTEGER);
  }

  backwardAll(): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.backwardFetchRange(null, null, 0, Number.MAX_SAFE_INTEGER);
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.fetchRange(null, null, timeFrom, timeTo);
  }

  backwardFetchAll(timeFrom: number, timeTo: number): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return this.backwardFetchRange(null, null, timeFrom, timeTo);
  }

  flush(): void | Promise<void> {
    if (!this.#open) return undefined;
    return this.segments.flush(this.engine);
  }

  close(): void | Promise<void> {
    if (!this.#open) return undefined;
    return sequence([
      () => this.flush(),
      () => {
        this.#open = false;
        return this.engine.close();
      },
    ]);
  }

  /** The scanned entries of [keyFrom, keyTo] x [timeFrom, timeTo], live only, segment by segment. */
  #scan(keyFrom: Buffer | null, keyTo: Buffer | null, timeFrom: number, timeTo: number, reverse: boolean, singleKey: boolean): Cursor<Scanned> {
    const from = Math.max(timeFrom, this.segments.minLiveTime());
    if (from > timeTo) return concatCursors<Scanned>([]);
    const ids = this.segments.segmentsFor(from, timeTo);
    if (reverse) ids.reverse();
    const keep = (e: Scanned): boolean =>
      e.start >= from &&
      e.start <= timeTo &&
      (singleKey
        ? e.key.equals(keyFrom!)
        : (keyFrom === null || Buffer.compare(e.key, keyFrom) >= 0) && (keyTo === null || Buffer.compare(e.key, keyTo) <= 0));
    return concatCursors(ids.map((id) => () => mapCursor(this.#segmentRange(id, keyFrom, keyTo, from, timeTo, reverse, singleKey), (e) => (keep(e) ? e : undefined))));
  }

  #segmentRange(id: number, keyFrom: Buffer | null, keyTo: Buffer | null, from: number, to: number, reverse: boolean, singleKey: boolean): Cursor<Scanned> {
    const prefix = this.segments.prefix(id);
    const lower = singleKey ? Buffer.concat([prefix, toStoreKeyBinary(keyFrom!, from, 0)]) : keyFrom === null ? prefix : Buffer.concat([prefix, keyFrom]);
    const upper = singleKey
      ? Buffer.concat([prefix, toStoreKeyBinary(keyFrom!, to, -1)])
      : keyTo === null
        ? this.segments.prefix(id + 1)
        : Buffer.concat([prefix, keyTo, MAX_SUFFIX]);
    const range = this.engine.range({ from: lower, to: upper, toExclusive: !singleKey && keyTo === null, reverse });
    return mapCursor(range, ([local, value]): Scanned => {
      const storeKey = local.subarray(8);
      return { storeKey, key: extractStoreKeyBytes(storeKey), start: extractStoreTimestamp(storeKey), value };
    });
  }

  #byTime(cursor: Cursor<Scanned>): WindowStoreIterator<Buffer> {
    return new CursorIterator(mapCursor(cursor, (e) => new KeyValue(e.start, e.value)));
  }

  #windowed(cursor: Cursor<Scanned>): KeyValueIterator<Windowed<Buffer>, Buffer> {
    return new CursorIterator(mapCursor(cursor, (e) => new KeyValue(fromStoreKey(e.storeKey, this.windowSize), e.value)));
  }

  #localKey(windowStart: number, storeKey: Buffer): Buffer {
    return Buffer.concat([this.segments.prefix(this.segments.segmentId(windowStart)), storeKey]);
  }

  #check(): void {
    if (!this.#open) throw new InvalidStateStoreException(`Store ${this.storeName} is currently closed.`);
  }

  /** An estimate of the number of windows held. */
  approximateNumEntries(): number {
    return this.engine.approximateNumEntries();
  }
}
