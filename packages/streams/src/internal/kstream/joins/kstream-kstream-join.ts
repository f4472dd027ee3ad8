// The processors of a stream-stream join (Kafka's KStreamJoinWindow and KStreamKStreamJoin): each side first
// writes its records to its own join store (KSTREAM-WINDOWED-...), then looks the key up in the other side's
// store (KSTREAM-JOINTHIS-/JOINOTHER-..., OUTERTHIS/OUTEROTHER for outer sides). Left and outer joins with the
// spurious-result fix (every JoinWindows but the deprecated `of`) hold unmatched records in the shared store and
// emit them with a null partner once stream time passes their window end plus grace.

import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Processor } from '../../../processor/processor.js';
import type { Record } from '../../../processor/record.js';
import type { Serde } from '../../../serialization/serde.js';
import type { KeyValueStore } from '../../../state/key-value-store.js';
import type { WindowStore } from '../../../state/window-store.js';
import type { MaybePromise } from '../../runtime/async.js';
import { changelogTopicName, resolveSerde } from '../../state/store-serdes.js';
import { warnDropped } from '../table/dropped-records.js';
import { JoinBuffer } from './join-buffer.js';
import { OuterJoinStore, type OuterEntry, type TimeTracker, type TimeTrackers } from './outer-join-store.js';

type Ctx = ProcessorContext<unknown, unknown>;
type Rec = Record<unknown, unknown>;

/** Kafka's internal config throttling the scans of the shared store (wall-clock ms between scans). */
export const EMIT_INTERVAL_CONFIG = '__emit.interval.ms.kstreams.outer.join.spurious.results.fix__';

/** One side's join store, as both its writer and the other side's reader open it. */
export interface JoinStoreSpec {
  readonly name: string;
  readonly windowSizeMs: number;
  readonly retentionMs: number;
  /** The serde of the values the store holds; undefined: the default value serde. */
  readonly valueSerde: Serde<unknown> | undefined;
}

/** Opens the typed view of a join store in a processor's `init`. */
export function openJoinBuffer(context: Ctx, spec: JoinStoreSpec): JoinBuffer<unknown, unknown> {
  const store = context.getStateStore<WindowStore<unknown, Buffer>>(spec.name);
  const serde = resolveSerde(spec.valueSerde, context.valueSerde(), 'value', spec.name);
  return new JoinBuffer(store, spec.windowSizeMs, spec.retentionMs, serde, changelogTopicName(context.applicationId(), spec.name));
}

/** Kafka's KStreamJoinWindow: keeps each record of its side in the side's join store, then forwards it. */
export class JoinWindowProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #context!: Ctx;
  #buffer!: JoinBuffer<unknown, unknown>;

  constructor(private readonly spec: JoinStoreSpec) {}

  init(context: Ctx): void {
    this.#context = context;
    this.#buffer = openJoinBuffer(context, this.spec);
  }

  process(record: Rec): MaybePromise {
    const key = record.key();
    const value = record.value();
    // Null keys never join; null values are ignored by the join (and a store with duplicates ignores them too).
    if (key !== null && key !== undefined && value !== null && value !== undefined) this.#buffer.put(key, value, record.timestamp());
    return this.#context.forward(record);
  }
}

/** What one side's join processor needs. */
export interface StreamJoinSide {
  readonly isLeftSide: boolean;
  readonly otherStore: JoinStoreSpec;
  /** Whether this side emits unmatched records (left side of left/outer joins, right side of outer joins). */
  readonly outer: boolean;
  /** The shared store of left/outer joins with the spurious-result fix. */
  readonly outerStoreName: string | undefined;
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly graceMs: number;
  /** The joiner oriented left-to-right: `(key, leftValue, rightValue)`. */
  readonly joiner: (key: unknown, left: unknown, right: unknown) => unknown;
  readonly trackers: TimeTrackers;
  readonly keySerde: Serde<unknown> | undefined;
  readonly leftValueSerde: Serde<unknown> | undefined;
  readonly rightValueSerde: Serde<unknown> | undefined;
}

/** Kafka's KStreamKStreamJoin processor of one side (JOINTHIS/JOINOTHER/OUTERTHIS/OUTEROTHER). */
export class StreamStreamJoinProcessor implements Processor<unknown, unknown, unknown, unknown> {
  #context!: Ctx;
  #other!: JoinBuffer<unknown, unknown>;
  #outerStore: OuterJoinStore<unknown> | undefined;
  #tracker!: TimeTracker;
  #taskId = '';
  /** This side's look-back and look-ahead into the other side (the window's before/after, swapped on the right). */
  readonly #joinBeforeMs: number;
  readonly #joinAfterMs: number;

  constructor(private readonly side: StreamJoinSide) {
    this.#joinBeforeMs = side.isLeftSide ? side.beforeMs : side.afterMs;
    this.#joinAfterMs = side.isLeftSide ? side.afterMs : side.beforeMs;
  }

  init(context: Ctx): void {
    this.#context = context;
    this.#other = openJoinBuffer(context, this.side.otherStore);
    this.#taskId = context.taskId().toString();
    this.#tracker = this.side.trackers.get(this.#taskId);
    const outerName = this.side.outerStoreName;
    if (outerName !== undefined) {
      const store = context.getStateStore<KeyValueStore<Buffer, Buffer>>(outerName);
      const keySerde = resolveSerde(this.side.keySerde, context.keySerde(), 'key', outerName);
      const left = resolveSerde(this.side.leftValueSerde, context.valueSerde(), 'value', outerName);
      const right = resolveSerde(this.side.rightValueSerde, context.valueSerde(), 'value', outerName);
      this.#outerStore = new OuterJoinStore(store, keySerde, left, right, changelogTopicName(context.applicationId(), outerName));
      const interval = Number(context.appConfigs()[EMIT_INTERVAL_CONFIG] ?? 1000);
      this.#tracker.emitIntervalMs = Number.isFinite(interval) ? interval : 1000;
    }
  }

  process(record: Rec): MaybePromise {
    const tracker = this.#tracker;
    tracker.advanceStreamTime(record.timestamp());
    const key = record.key();
    const value = record.value();
    if (this.side.outer && (key === null || key === undefined) && value !== null && value !== undefined) {
      // A left/outer join passes records with null keys on at once (Kafka 3.7+, KIP-962).
      return this.#context.forward(record.withValue(this.#joinUnmatched(key, value)));
    }
    if (key === null || key === undefined || value === null || value === undefined) {
      warnDropped(this.#context, 'null key or value');
      return undefined;
    }
    // Emit the held records whose window closed, when this record moved stream time.
    if (this.#outerStore !== undefined && record.timestamp() === tracker.streamTime && this.#shouldScan()) {
      return this.#emitClosed(record).then(() => this.#join(record, key, value));
    }
    this.#join(record, key, value);
    return undefined;
  }

  close(): void {
    this.side.trackers.remove(this.#taskId);
  }

  #join(record: Rec, key: unknown, value: unknown): void {
    const timestamp = record.timestamp();
    const from = Math.max(0, timestamp - this.#joinBeforeMs);
    const to = Math.max(0, timestamp + this.#joinAfterMs);
    const { isLeftSide, joiner } = this.side;
    const outerStore = this.#outerStore;
    const found = this.#other.fetch(key, from, to, (otherTime, otherValue) => {
      // The partner is no longer unmatched.
      outerStore?.remove(!isLeftSide, key, otherTime);
      const joined = isLeftSide ? joiner(key, value, otherValue) : joiner(key, otherValue, value);
      void this.#context.forward(record.withValue(joined).withTimestamp(Math.max(timestamp, otherTime)));
    });
    if (found || !this.side.outer) return;
    if (outerStore === undefined || to < this.#tracker.streamTime) {
      // Without the fix (or when the record's window has already passed) the unmatched result goes out at once.
      void this.#context.forward(record.withValue(this.#joinUnmatched(key, value)));
      return;
    }
    this.#tracker.updatedMinTime(timestamp);
    outerStore.add(isLeftSide, key, value, timestamp);
  }

  #joinUnmatched(key: unknown, value: unknown): unknown {
    return this.side.isLeftSide ? this.side.joiner(key, value, null) : this.side.joiner(key, null, value);
  }

  /** Kafka's cheap checks before a scan: something may have closed, and the wall-clock throttle allows it. */
  #shouldScan(): boolean {
    const tracker = this.#tracker;
    if (tracker.minTime + this.#joinAfterMs + this.side.graceMs >= tracker.streamTime) return false;
    const now = this.#context.currentSystemTimeMs();
    if (now < tracker.nextTimeToEmit) return false;
    tracker.nextTimeToEmit = now;
    tracker.advanceNextTimeToEmit();
    return true;
  }

  /** Kafka's emitNonJoinedOuterRecords: forwards and deletes the held records whose window closed. */
  async #emitClosed(record: Rec): Promise<void> {
    const tracker = this.#tracker;
    const store = this.#outerStore!;
    tracker.minTime = Number.MAX_SAFE_INTEGER;
    let leftOpen = false;
    let rightOpen = false;
    let previous: Buffer | undefined;
    await store.scan((entry: OuterEntry<unknown>) => {
      if (leftOpen && rightOpen) return false;
      tracker.minTime = entry.timestamp;
      // A left record waits `after` past its time for a right partner; a right one waits `before`.
      const lookBack = entry.isLeft ? this.side.afterMs : this.side.beforeMs;
      if (entry.timestamp + lookBack + this.side.graceMs >= tracker.streamTime) {
        if (entry.isLeft) leftOpen = true;
        else rightOpen = true;
        return true;
      }
      const joined = entry.isLeft ? this.side.joiner(entry.key, entry.value, null) : this.side.joiner(entry.key, null, entry.value);
      void this.#context.forward(record.withKey(entry.key).withValue(joined).withTimestamp(entry.timestamp));
      // Delete a list once all its records went out (a key's list is contiguous in the scan).
      if (previous !== undefined && !previous.equals(entry.storeKey)) store.delete(previous);
      previous = entry.storeKey;
      return true;
    });
    if (previous !== undefined) store.delete(previous);
  }
}
