// Time segments of window and session stores (Kafka's Segments). Entries live in the segment of their time
// (window start; session end), segmentId = floor(time / segmentInterval); the segment interval is
// max(retention / 2, 60000) as in Kafka, so at most three segments are live. Observed stream time is the
// largest time put or restored; an entry whose time is at or before observed - retention has expired: it is
// neither written nor read, and segments older than the oldest live one are deleted at the next flush. Local
// keys start with the segment's 8-byte big-endian id; the observed stream time is kept under a key starting
// with 0xff (never a segment id), so it survives a restart.

import type { BytesEngine } from './bytes/bytes-engine.js';
import { andThen, sequence } from './maybe-async.js';
import { readInt64BE, writeInt64BE } from './bytes/int64.js';

const META_KEY = Buffer.from([0xff, 0x6f, 0x62, 0x73]); // 0xff 'obs'

/** Kafka's default segment interval for a retention period. */
export function defaultSegmentInterval(retentionPeriod: number): number {
  return Math.max(Math.floor(retentionPeriod / 2), 60_000);
}

export class Segments {
  #observed = -1;
  #droppedBelow = 0;

  constructor(
    readonly retentionPeriod: number,
    readonly segmentInterval: number,
  ) {}

  observedStreamTime(): number {
    return this.#observed;
  }

  observe(time: number): void {
    if (time > this.#observed) this.#observed = time;
  }

  /** Whether an entry of `time` has expired (Kafka: time <= observedStreamTime - retentionPeriod). */
  expired(time: number): boolean {
    return time <= this.#observed - this.retentionPeriod;
  }

  /** The earliest live time. */
  minLiveTime(): number {
    return Math.max(0, this.#observed - this.retentionPeriod + 1);
  }

  segmentId(time: number): number {
    return Math.floor(time / this.segmentInterval);
  }

  /** The 8-byte id prefix of segment `id`. */
  prefix(id: number): Buffer {
    const out = Buffer.allocUnsafe(8);
    writeInt64BE(out, id, 0);
    return out;
  }

  /** The ids of the segments that may hold live entries with times in [from, to]. */
  segmentsFor(from: number, to: number): number[] {
    const lo = this.segmentId(Math.max(from, this.minLiveTime()));
    const hi = this.segmentId(Math.min(to, Math.max(this.#observed, 0)));
    const ids: number[] = [];
    for (let id = lo; id <= hi; id++) ids.push(id);
    return ids;
  }

  /** Reads the observed stream time persisted by an earlier run. */
  load(engine: BytesEngine): void {
    const raw = engine.get(META_KEY);
    if (raw !== null) this.#observed = readInt64BE(raw, 0);
  }

  /** The entry that persists the observed stream time (written with each flush and restore batch). */
  metaEntry(): readonly [Buffer, Buffer] {
    const value = Buffer.allocUnsafe(8);
    writeInt64BE(value, this.#observed, 0);
    return [META_KEY, value];
  }

  /** Persists the stream time, flushes the engine, then deletes the segments that expired. */
  flush(engine: BytesEngine): void | Promise<void> {
    if (this.#observed < 0) return engine.flush();
    const [k, v] = this.metaEntry();
    engine.put(k, v);
    const minLive = this.segmentId(Math.max(0, this.#observed - this.retentionPeriod));
    return sequence([
      () => engine.flush(),
      () => {
        if (minLive <= this.#droppedBelow) return undefined;
        const from = this.#droppedBelow;
        return andThen(engine.deleteRange(this.prefix(from), this.prefix(minLive)), () => {
          this.#droppedBelow = minLive;
        });
      },
    ]);
  }
}
