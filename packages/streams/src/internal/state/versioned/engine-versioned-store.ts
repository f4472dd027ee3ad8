// The innermost versioned store (Kafka's RocksDBVersionedStore): bytes keys and values over an engine (LevelDB
// or memory) in the layout of versioned-format.ts. The latest version of a key sits in its own slot, so `get(key)`
// and in-order writes are one or two point operations; older versions sit in segments by their validTo, so whole
// segments expire once stream time has moved history retention past them. Writes older than the history
// retention (Kafka's grace period, equal to it) are refused. Restoration replays the changelog through the same
// put logic, record by record, as Kafka does.

import type { ChangelogRecord, StateStore, StateStoreContext } from '../../../processor/state-store.js';
import { InvalidStateStoreException } from '../../../state/errors.js';
import { VersionedKeyValueStore, VersionedRecord } from '../../../state/versioned-key-value-store.js';
import type { BytesEngine } from '../bytes/bytes-engine.js';
import { andThen, sequence } from '../maybe-async.js';
import { insertVersion, placeTimeline, toTimeline, type TimelineEntry } from './timeline.js';
import {
  decodeLatest,
  decodeMeta,
  decodeSegment,
  encodeLatest,
  encodeMeta,
  encodeSegment,
  latestKey,
  META_KEY,
  OPEN_END,
  segmentKey,
  segmentPrefix,
  type Version,
} from './versioned-format.js';

const { PUT_RETURN_CODE_NOT_PUT, PUT_RETURN_CODE_VALID_TO_UNDEFINED } = VersionedKeyValueStore;

/** Kafka's default segment interval of a versioned store for a history retention. */
export function defaultVersionedSegmentInterval(historyRetentionMs: number): number {
  if (historyRetentionMs <= 60_000) return Math.max(Math.floor(historyRetentionMs / 3), 2_000);
  if (historyRetentionMs <= 300_000) return Math.max(Math.floor(historyRetentionMs / 5), 20_000);
  if (historyRetentionMs <= 3_600_000) return Math.max(Math.floor(historyRetentionMs / 12), 60_000);
  return Math.max(Math.floor(historyRetentionMs / 24), 300_000);
}

export class EngineVersionedStore implements VersionedKeyValueStore<Buffer, Buffer> {
  #open = false;
  /** The largest timestamp written or restored (Kafka's observedStreamTime); -1 before any. */
  #observed = -1;
  /** Ids of the segments that may hold data, ascending. */
  #segmentIds: number[] = [];

  constructor(
    private readonly storeName: string,
    private readonly engine: BytesEngine,
    readonly historyRetentionMs: number,
    readonly segmentIntervalMs: number,
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

  /** The observed stream time (for tests and the metered layer's logs). */
  observedStreamTime(): number {
    return this.#observed;
  }

  init(context: StateStoreContext, root: StateStore): void | Promise<void> {
    return andThen(this.engine.open(context, this.storeName), () => {
      const meta = this.engine.get(META_KEY);
      if (meta !== null) ({ observed: this.#observed, segmentIds: this.#segmentIds } = decodeMeta(meta));
      this.#open = true;
      context.register(root, (records) => this.restoreBatch(records));
    });
  }

  put(key: Buffer, value: Buffer | null, timestamp: number): number {
    this.#check();
    if (timestamp < this.#observed - this.historyRetentionMs) return PUT_RETURN_CODE_NOT_PUT;
    if (timestamp > this.#observed) this.#observed = timestamp;
    return this.#doPut(key, value, timestamp);
  }

  delete(key: Buffer, timestamp: number): VersionedRecord<Buffer> | null {
    this.#check();
    if (timestamp < this.#observed - this.historyRetentionMs) return null;
    const existing = this.get(key, timestamp);
    if (timestamp > this.#observed) this.#observed = timestamp;
    this.#doPut(key, null, timestamp);
    return existing;
  }

  get(key: Buffer, asOfTimestamp?: number): VersionedRecord<Buffer> | null {
    this.#check();
    const raw = this.engine.get(latestKey(key));
    const latest = raw === null ? null : decodeLatest(raw);
    if (asOfTimestamp === undefined) return latest === null ? null : new VersionedRecord(latest.value, latest.from);
    // The latest version never expires; an older one only within history retention.
    if (latest !== null && latest.from <= asOfTimestamp) return new VersionedRecord(latest.value, latest.from);
    if (asOfTimestamp < this.#observed - this.historyRetentionMs) return null;
    return this.#findInSegments(key, asOfTimestamp);
  }

  /** Persists the stream time and live segment ids, writes the engine's batch, then drops expired segments. */
  flush(): void | Promise<void> {
    const minLive = this.#minLiveSegment();
    const expired = this.#segmentIds.filter((id) => id < minLive);
    if (expired.length > 0) this.#segmentIds = this.#segmentIds.filter((id) => id >= minLive);
    if (this.#observed >= 0) this.engine.put(META_KEY, encodeMeta(this.#observed, this.#segmentIds));
    return sequence([
      () => this.engine.flush(),
      // The ids are sorted, so one range covers every expired segment.
      () => (expired.length === 0 ? undefined : this.engine.deleteRange(segmentPrefix(expired[0]!), segmentPrefix(minLive))),
    ]);
  }

  close(): void | Promise<void> {
    this.#open = false;
    return this.engine.close();
  }

  /** Replays changelog records as puts (Kafka's restoreBatch): value plain, timestamp = the version's start. */
  restoreBatch(records: readonly ChangelogRecord[]): void | Promise<void> {
    for (const r of records) {
      if (r.timestamp < this.#observed - this.historyRetentionMs) continue; // never written: older than grace
      if (r.timestamp > this.#observed) this.#observed = r.timestamp;
      this.#doPut(r.key, r.value, r.timestamp);
    }
    return this.flush();
  }

  #doPut(key: Buffer, value: Buffer | null, timestamp: number): number {
    const lk = latestKey(key);
    const raw = this.engine.get(lk);
    if (raw !== null) {
      const latest = decodeLatest(raw);
      if (timestamp >= latest.from) {
        this.#putNewest(key, lk, latest, value, timestamp);
        return PUT_RETURN_CODE_VALID_TO_UNDEFINED;
      }
    }
    return this.#putOutOfOrder(key, lk, raw === null ? null : decodeLatest(raw), value, timestamp);
  }

  /** The fast path: a version at or after the latest one. The latest moves to the segment of its new validTo. */
  #putNewest(key: Buffer, lk: Buffer, latest: { from: number; value: Buffer }, value: Buffer | null, timestamp: number): void {
    const moved: Version[] = [];
    if (timestamp > latest.from) moved.push({ from: latest.from, to: timestamp, value: latest.value });
    if (value === null) moved.push({ from: timestamp, to: OPEN_END, value: null });
    if (moved.length > 0) {
      const id = this.#segmentId(timestamp);
      if (id >= this.#minLiveSegment()) {
        const sk = segmentKey(id, key);
        const existing = this.engine.get(sk);
        this.#writeSegment(id, sk, existing === null ? moved : [...decodeSegment(existing), ...moved]);
      }
    }
    this.engine.put(lk, value === null ? null : encodeLatest(timestamp, value));
  }

  /** The general path: reads the key's live versions, inserts, and writes back every segment that changed. */
  #putOutOfOrder(key: Buffer, lk: Buffer, latest: { from: number; value: Buffer } | null, value: Buffer | null, timestamp: number): number {
    const minLive = this.#minLiveSegment();
    const history: Version[] = [];
    const before = new Set<number>();
    for (const id of this.#segmentIds) {
      if (id < minLive) continue;
      const raw = this.engine.get(segmentKey(id, key));
      if (raw === null) continue;
      before.add(id);
      history.push(...decodeSegment(raw));
    }
    const timeline: TimelineEntry[] = toTimeline(history, latest);
    const validTo = insertVersion(timeline, timestamp, value);
    const placed = placeTimeline(timeline, (t) => this.#segmentId(t));
    for (const id of new Set([...before, ...placed.segments.keys()])) {
      const versions = placed.segments.get(id);
      if (versions === undefined) this.engine.put(segmentKey(id, key), null);
      else if (id >= minLive) this.#writeSegment(id, segmentKey(id, key), versions);
    }
    if (placed.latest !== null) this.engine.put(lk, encodeLatest(placed.latest.from, placed.latest.value!));
    else if (latest !== null) this.engine.put(lk, null);
    return validTo ?? PUT_RETURN_CODE_VALID_TO_UNDEFINED;
  }

  /** The version valid at `asOf` among the older versions: the first, in validTo order, that ends after it. */
  #findInSegments(key: Buffer, asOf: number): VersionedRecord<Buffer> | null {
    const lowest = Math.max(this.#segmentId(asOf), this.#minLiveSegment());
    for (const id of this.#segmentIds) {
      if (id < lowest) continue;
      const raw = this.engine.get(segmentKey(id, key));
      if (raw === null) continue;
      for (const v of decodeSegment(raw)) {
        if (v.to <= asOf) continue;
        if (v.from > asOf || v.value === null) return null;
        return new VersionedRecord(v.value, v.from, v.to);
      }
    }
    return null;
  }

  #writeSegment(id: number, sk: Buffer, versions: readonly Version[]): void {
    this.engine.put(sk, encodeSegment(versions));
    this.#trackSegment(id);
  }

  #trackSegment(id: number): void {
    const ids = this.#segmentIds;
    if (ids.length === 0 || ids[ids.length - 1]! < id) {
      ids.push(id);
      return;
    }
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    if (ids[lo] !== id) ids.splice(lo, 0, id);
  }

  #segmentId(time: number): number {
    return Math.floor(time / this.segmentIntervalMs);
  }

  /** Segments below this hold only versions that ended before observed time - history retention. */
  #minLiveSegment(): number {
    return this.#segmentId(this.#observed - this.historyRetentionMs);
  }

  #check(): void {
    if (!this.#open) throw new InvalidStateStoreException(`Store ${this.storeName} is currently closed`);
  }
}
