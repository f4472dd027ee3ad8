// The input partitions of one task (Kafka's PartitionGroup): which buffered record is processed next, the task's
// stream time, and whether the task may process at all while one of its partitions has nothing buffered
// (max.task.idle.ms, KIP-353 and KIP-695).
//
// Readiness, as Kafka decides it. With max.task.idle.ms = -1 a task processes whatever it has. Otherwise a
// task with an empty partition waits while that partition's lag is unknown or positive (the broker has records
// the consumer has not delivered yet); once the lag is known to be 0 it waits max.task.idle.ms of wall-clock time
// more (0: not at all), then processes anyway - "enforced processing", counted per record so processed.
//
// Lags come from outside (the stream thread measures them, the test driver treats every partition as caught up,
// as Kafka's driver does with its MockConsumer). A lag is forgotten when its partition receives records: when the
// partition drains again, a fresh measurement decides.

import type { RecordQueue, StampedRecord } from './record-queue.js';

/** Kafka's `StreamsConfig.MAX_TASK_IDLE_MS_DISABLED`. */
export const MAX_TASK_IDLE_MS_DISABLED = -1;

/** A partition of the task, as `topic` and `partition`. */
export interface TaskPartition {
  readonly topic: string;
  readonly partition: number;
}

function keyOf(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

export class PartitionGroup {
  readonly #queues = new Map<string, RecordQueue>();
  /** Known lags of partitions (records on the broker not yet delivered), by `topic-partition`. */
  readonly #lags = new Map<string, number>();
  /** When each known lag was measured (wall-clock ms). */
  readonly #measuredAt = new Map<string, number>();
  /** When an empty, caught-up partition stops being waited for (wall-clock ms). */
  readonly #deadlines = new Map<string, number>();
  #streamTime = -1;

  /**
   * @param maxTaskIdleMs `max.task.idle.ms` (-1 disables waiting).
   * @param onEnforced Called once per readiness check that let the task process only because a deadline passed.
   */
  constructor(
    readonly maxTaskIdleMs: number,
    private readonly onEnforced: () => void,
  ) {}

  /** Adds a partition's queue (every input partition of the task, before any record arrives). */
  addQueue(queue: RecordQueue): void {
    this.#queues.set(keyOf(queue.topic, queue.partition), queue);
  }

  queue(topic: string, partition: number): RecordQueue | undefined {
    return this.#queues.get(keyOf(topic, partition));
  }

  queues(): IterableIterator<RecordQueue> {
    return this.#queues.values();
  }

  /** Buffers records of one partition; its known lag is now stale. */
  addRecords(queue: RecordQueue, records: Parameters<RecordQueue['add']>[0]): void {
    if (records.length === 0) return;
    queue.add(records);
    const key = keyOf(queue.topic, queue.partition);
    this.#lags.delete(key);
    this.#deadlines.delete(key);
  }

  /** The largest timestamp of any record processed so far (Kafka's stream time), -1 before the first. */
  get streamTime(): number {
    return this.#streamTime;
  }

  /** Moves stream time forward to at least `time` (a partition time restored from a commit). */
  advanceStreamTime(time: number): void {
    if (time > this.#streamTime) this.#streamTime = time;
  }

  hasRecordsQueued(): boolean {
    for (const q of this.#queues.values()) if (q.size > 0) return true;
    return false;
  }

  /** Records the lag of a partition: how many of its records are on the broker but not delivered yet. */
  updateLag(topic: string, partition: number, lag: number, now = 0): void {
    const key = keyOf(topic, partition);
    this.#lags.set(key, Math.max(0, lag));
    this.#measuredAt.set(key, now);
  }

  /**
   * The empty partitions whose lag decides whether the task may process: those with an unknown lag, and those
   * with a positive lag measured at least `remeasureAfterMs` before `now` (their records normally just arrive; a
   * new measurement catches records that never will, like a trailing transaction marker), in a task that has
   * records buffered elsewhere. Empty when idling is disabled.
   */
  partitionsAwaitingLag(now = 0, remeasureAfterMs = 0): (TaskPartition & { readonly lag: number | undefined })[] {
    if (this.maxTaskIdleMs === MAX_TASK_IDLE_MS_DISABLED) return [];
    const out: (TaskPartition & { lag: number | undefined })[] = [];
    let buffered = false;
    for (const [key, q] of this.#queues) {
      if (q.size > 0) {
        buffered = true;
        continue;
      }
      const lag = this.#lags.get(key);
      if (lag === undefined || (lag > 0 && now - this.#measuredAt.get(key)! >= remeasureAfterMs)) out.push({ topic: q.topic, partition: q.partition, lag });
    }
    return buffered ? out : [];
  }

  /**
   * Whether the task may process its next record now (Kafka's `readyToProcess`). `now` is read only when a
   * partition is empty. `countEnforced` false only asks (the thread choosing its poll timeout).
   */
  readyToProcess(now: () => number, countEnforced = true): boolean {
    if (this.maxTaskIdleMs === MAX_TASK_IDLE_MS_DISABLED) return true;
    // The common case, checked without iterating entries (an entry array per partition per record): every
    // partition has something buffered.
    let empty = false;
    for (const q of this.#queues.values()) {
      if (q.size === 0) {
        empty = true;
        break;
      }
    }
    if (!empty) return this.#queues.size > 0;
    let queued = false;
    let enforced = false;
    let wallClock = -1;
    for (const [key, q] of this.#queues) {
      if (q.size > 0) {
        queued = true;
        continue;
      }
      const lag = this.#lags.get(key);
      // Unknown lag: wait for a measurement. Positive: the records are on their way.
      if (lag === undefined || lag > 0) {
        this.#deadlines.delete(key);
        return false;
      }
      if (wallClock < 0) wallClock = now();
      let deadline = this.#deadlines.get(key);
      if (deadline === undefined) this.#deadlines.set(key, (deadline = wallClock + this.maxTaskIdleMs));
      if (wallClock < deadline) return false;
      enforced = true;
    }
    if (!queued) return false;
    if (enforced && countEnforced) this.onEnforced();
    return true;
  }

  /**
   * Takes the head record with the smallest timestamp among the partitions (Kafka's `nextRecord`) and moves
   * stream time; out-of-order records keep their own timestamps and never move it back.
   */
  nextRecord(): StampedRecord | undefined {
    let best: RecordQueue | undefined;
    let bestTs = Infinity;
    for (const q of this.#queues.values()) {
      const head = q.head();
      if (head !== undefined && head.timestamp < bestTs) {
        best = q;
        bestTs = head.timestamp;
      }
    }
    if (best === undefined) return undefined;
    // The queue is handed back through a field, not a pair object: this runs once per record.
    this.lastQueue = best;
    const stamped = best.poll()!;
    if (stamped.record !== undefined && stamped.timestamp > this.#streamTime) this.#streamTime = stamped.timestamp;
    return stamped;
  }

  /** The queue the last `nextRecord()` took its record from. */
  lastQueue: RecordQueue | undefined = undefined;
}
