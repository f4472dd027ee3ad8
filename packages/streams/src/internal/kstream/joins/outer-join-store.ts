// The shared store of a left/outer stream-stream join (Kafka's KSTREAM-OUTERSHARED-...-store, a ListValueStore
// of TimestampedKeyAndJoinSide -> LeftOrRightValue): records that found no partner yet, held until their window
// closes. Keys are Kafka's layout [timestamp int64][1 = left side, 0 = right][key bytes], so a scan of the store
// runs in time order; the value is the list of records of that key, side and timestamp, each [length int32]
// [1 = left, 0 = right][value bytes] (Kafka's LeftOrRightValue serialization inside a length-prefixed list).

import type { Serde } from '../../../serialization/serde.js';
import type { KeyValueStore } from '../../../state/key-value-store.js';

/** One unmatched record as the shared store gives it back. */
export interface OuterEntry<K> {
  readonly timestamp: number;
  readonly isLeft: boolean;
  readonly key: K;
  readonly value: unknown;
  /** The store key of the entry's list, to delete once emitted. */
  readonly storeKey: Buffer;
}

const TWO_32 = 0x1_0000_0000;

export function storeKey(timestamp: number, isLeft: boolean, key: Buffer): Buffer {
  const out = Buffer.allocUnsafe(9 + key.length);
  out.writeUInt32BE(Math.floor(timestamp / TWO_32) >>> 0, 0);
  out.writeUInt32BE(timestamp >>> 0, 4);
  out[8] = isLeft ? 1 : 0;
  key.copy(out, 9);
  return out;
}

/** Typed access to the shared store for one task. */
export class OuterJoinStore<K> {
  constructor(
    private readonly store: KeyValueStore<Buffer, Buffer>,
    private readonly keySerde: Serde<K>,
    private readonly leftSerde: Serde<unknown>,
    private readonly rightSerde: Serde<unknown>,
    private readonly topic: string,
  ) {}

  /** Holds an unmatched record (Kafka's ListValueStore put: appends to the key's list). */
  add(isLeft: boolean, key: K, value: unknown, timestamp: number): void {
    const keyBytes = this.keySerde.serializer().serialize(this.topic, key);
    const valueBytes = (isLeft ? this.leftSerde : this.rightSerde).serializer().serialize(this.topic, value);
    if (keyBytes === null || valueBytes === null) return;
    const k = storeKey(timestamp, isLeft, keyBytes);
    const old = this.store.get(k);
    const entry = Buffer.allocUnsafe(5 + valueBytes.length);
    entry.writeUInt32BE(valueBytes.length + 1, 0);
    entry[4] = isLeft ? 1 : 0;
    valueBytes.copy(entry, 5);
    this.store.put(k, old === null ? entry : Buffer.concat([old, entry]));
  }

  /** Drops the held records of a key, side and timestamp once one of them joined (Kafka's `putIfAbsent(key, null)`). */
  remove(isLeft: boolean, key: K, timestamp: number): void {
    const keyBytes = this.keySerde.serializer().serialize(this.topic, key);
    if (keyBytes === null) return;
    const k = storeKey(timestamp, isLeft, keyBytes);
    if (this.store.get(k) !== null) this.store.put(k, null);
  }

  delete(storeKey: Buffer): void {
    this.store.put(storeKey, null);
  }

  /**
   * Visits the held records in time order (right before left at equal timestamps, as Kafka's keys sort) until
   * `visit` returns false.
   */
  async scan(visit: (entry: OuterEntry<K>) => boolean): Promise<void> {
    const iterator = this.store.all();
    try {
      for await (const { key: k, value: list } of iterator) {
        const timestamp = k.readUInt32BE(0) * TWO_32 + k.readUInt32BE(4);
        const isLeft = k[8] === 1;
        const key = this.keySerde.deserializer().deserialize(this.topic, k.subarray(9)) as K;
        const serde = isLeft ? this.leftSerde : this.rightSerde;
        for (let at = 0; at < list.length; ) {
          const length = list.readUInt32BE(at);
          const bytes = list.subarray(at + 5, at + 4 + length);
          at += 4 + length;
          const value = serde.deserializer().deserialize(this.topic, bytes);
          if (!visit({ timestamp, isLeft, key, value, storeKey: k })) return;
        }
      }
    } finally {
      await iterator.close();
    }
  }
}

/**
 * The stream time and pending minimum both sides of one join share within a task (Kafka's
 * KStreamImplJoin.TimeTracker), and the wall-clock throttle of the outer-record scans.
 */
export class TimeTracker {
  emitIntervalMs = 1000;
  streamTime = -1;
  minTime = Number.MAX_SAFE_INTEGER;
  nextTimeToEmit = 0;

  advanceStreamTime(timestamp: number): void {
    if (timestamp > this.streamTime) this.streamTime = timestamp;
  }

  updatedMinTime(timestamp: number): void {
    if (timestamp < this.minTime) this.minTime = timestamp;
  }

  advanceNextTimeToEmit(): void {
    this.nextTimeToEmit += this.emitIntervalMs;
  }
}

/** One tracker per task, shared by the two join processors of that task (Kafka's TimeTrackerSupplier). */
export class TimeTrackers {
  readonly #byTask = new Map<string, TimeTracker>();

  get(taskId: string): TimeTracker {
    let tracker = this.#byTask.get(taskId);
    if (tracker === undefined) {
      tracker = new TimeTracker();
      this.#byTask.set(taskId, tracker);
    }
    return tracker;
  }

  remove(taskId: string): void {
    this.#byTask.delete(taskId);
  }
}
