// Simple counters of a store's operations (Kafka's metered stores record rates and latencies in sensors; here
// a count per operation and the total time of restore/flush, enough to see what a store does). Counting is on
// every store call, so it is a property increment: no clock read, no map lookup (the clock is read only around
// restore and flush, once per commit).

/** The operations the metered stores count. */
export type StoreOperation =
  | 'get'
  | 'put'
  | 'put-if-absent'
  | 'put-all'
  | 'delete'
  | 'range'
  | 'all'
  | 'prefix-scan'
  | 'fetch'
  | 'remove'
  | 'flush'
  | 'restore';

type Counts = { [op in StoreOperation]: number };

const zero = (): Counts => ({
  get: 0,
  put: 0,
  'put-if-absent': 0,
  'put-all': 0,
  delete: 0,
  range: 0,
  all: 0,
  'prefix-scan': 0,
  fetch: 0,
  remove: 0,
  flush: 0,
  restore: 0,
});

export class StoreMetrics {
  readonly #counts = zero();
  readonly #millis = new Map<string, number>();

  count(operation: StoreOperation): void {
    this.#counts[operation]++;
  }

  /** Runs `fn`, counting it and adding its duration (sync or async) to `operation`'s total. */
  time<T>(operation: StoreOperation, fn: () => T): T {
    this.count(operation);
    const start = performance.now();
    const result = fn();
    const add = (): void => void this.#millis.set(operation, (this.#millis.get(operation) ?? 0) + performance.now() - start);
    if (result instanceof Promise) result.then(add, add);
    else add();
    return result;
  }

  /** Counts of the operations that happened and total milliseconds, e.g. `{ put: 3, 'flush-ms': 1.2 }`. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(this.#counts)) if (v > 0) out[k] = v;
    for (const [k, v] of this.#millis) out[`${k}-ms`] = v;
    return out;
  }
}
