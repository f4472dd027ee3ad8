// Simple counters of a store's operations (Kafka's metered stores record rates and latencies in sensors; here
// a count per operation and the total time of restore/flush, enough to see what a store does).

export class StoreMetrics {
  readonly #counts = new Map<string, number>();
  readonly #millis = new Map<string, number>();

  count(operation: string): void {
    this.#counts.set(operation, (this.#counts.get(operation) ?? 0) + 1);
  }

  /** Runs `fn`, counting it and adding its duration (sync or async) to `operation`'s total. */
  time<T>(operation: string, fn: () => T): T {
    this.count(operation);
    const start = performance.now();
    const result = fn();
    const add = (): void => void this.#millis.set(operation, (this.#millis.get(operation) ?? 0) + performance.now() - start);
    if (result instanceof Promise) result.then(add, add);
    else add();
    return result;
  }

  /** Operation counts and total milliseconds, e.g. `{ put: 3, 'flush-ms': 1.2 }`. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.#counts) out[k] = v;
    for (const [k, v] of this.#millis) out[`${k}-ms`] = v;
    return out;
  }
}
