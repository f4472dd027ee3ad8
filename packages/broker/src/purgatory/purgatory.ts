/**
 * Kafka's purgatory: requests that cannot be answered yet (a fetch waiting for data, an `acks=all` produce
 * waiting for replicas) park here, keyed by what they wait on (a partition), until a {@link Purgatory.checkAndComplete}
 * on one of their keys finds them satisfiable, or their timeout expires. No polling: work happens only when
 * something changes or a timer fires.
 */
export interface DelayedOperation {
  /** Returns true (and completes itself) when it can answer now. Called on watched-key changes. */
  tryComplete(): boolean;
  /** Answers with whatever is available; called once, on expiry or forced completion. */
  onComplete(): void;
}

interface Entry {
  readonly op: DelayedOperation;
  readonly keys: readonly string[];
  timer: NodeJS.Timeout | null;
  done: boolean;
}

export class Purgatory {
  private readonly watchers = new Map<string, Set<Entry>>();
  private closed = false;

  /**
   * Completes `op` at once if it can; otherwise parks it under `keys` until a change lets it complete or
   * `timeoutMs` passes (then `onComplete` answers with what there is).
   */
  tryCompleteElseWatch(op: DelayedOperation, keys: readonly string[], timeoutMs: number): void {
    if (this.closed || op.tryComplete()) return;
    const entry: Entry = { op, keys, timer: null, done: false };
    for (const key of keys) {
      let set = this.watchers.get(key);
      if (!set) this.watchers.set(key, (set = new Set()));
      set.add(entry);
    }
    entry.timer = setTimeout(() => this.finish(entry, true), Math.max(0, timeoutMs));
    // A change may have happened between the first check and the registration.
    if (op.tryComplete()) this.finish(entry, false);
  }

  /** Re-checks every operation watching `key`; completed ones leave the purgatory. */
  checkAndComplete(key: string): number {
    const set = this.watchers.get(key);
    if (!set) return 0;
    let completed = 0;
    for (const entry of [...set]) {
      if (!entry.done && entry.op.tryComplete()) {
        this.finish(entry, false);
        completed++;
      }
    }
    return completed;
  }

  /** Number of parked operations (for metrics and tests). */
  get size(): number {
    const all = new Set<Entry>();
    for (const set of this.watchers.values()) for (const e of set) all.add(e);
    return all.size;
  }

  /** Answers every parked operation now (on shutdown). */
  close(): void {
    this.closed = true;
    const all = new Set<Entry>();
    for (const set of this.watchers.values()) for (const e of set) all.add(e);
    for (const e of all) this.finish(e, true);
  }

  private finish(entry: Entry, callComplete: boolean): void {
    if (entry.done) return;
    entry.done = true;
    if (entry.timer) clearTimeout(entry.timer);
    for (const key of entry.keys) {
      const set = this.watchers.get(key);
      set?.delete(entry);
      if (set && set.size === 0) this.watchers.delete(key);
    }
    if (callComplete) entry.op.onComplete();
  }
}
