/**
 * Identifies one metric (Kafka's `MetricName`): its name, its group and its tags. Task-level metrics are in group
 * `stream-task-metrics` with tags `thread-id` and `task-id`, as Kafka names them.
 */
export interface MetricName {
  readonly name: string;
  readonly group: string;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** One entry of a {@link MetricsSnapshot}: where the metric is and its value when the snapshot was taken. */
interface Entry {
  readonly metricName: MetricName;
  readonly value: number;
}

function keyOf(name: string, group: string, tags: Readonly<Record<string, string>>): string {
  const parts = Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k]}`);
  return `${group}\u0000${name}\u0000${parts.join(',')}`;
}

/**
 * The values of an application's metrics at one moment (Kafka's `metrics()` map of `MetricName` to `Metric`,
 * with each metric's value read at once). A JavaScript Map is keyed by identity, so lookups here compare names
 * by value: `get(metricName)` finds the metric with that name, group and tags; `get('dropped-records-total')`,
 * with a name alone, sums the metric over every group and tag set (every task), which for the test driver's
 * single task is that task's value.
 *
 * @example
 * ```ts
 * for (const [name, value] of streams.metrics()) console.log(name.group, name.name, name.tags, value);
 * expect(driver.metrics().get('dropped-records-total')).toBe(1);
 * ```
 */
export class MetricsSnapshot implements ReadonlyMap<MetricName, number> {
  readonly #entries = new Map<string, Entry>();

  /** @internal Built by the runtime's metrics registry. */
  constructor(entries: Iterable<readonly [MetricName, number]>) {
    for (const [metricName, value] of entries) this.#entries.set(keyOf(metricName.name, metricName.group, metricName.tags), { metricName, value });
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value of the metric with this name, group and tags; for a bare name, its sum over every tag set. */
  get(key: MetricName | string): number | undefined {
    if (typeof key !== 'string') return this.#entries.get(keyOf(key.name, key.group, key.tags))?.value;
    let sum: number | undefined;
    for (const e of this.#entries.values()) if (e.metricName.name === key) sum = (sum ?? 0) + e.value;
    return sum;
  }

  has(key: MetricName | string): boolean {
    return this.get(key) !== undefined;
  }

  /** The metrics named `name` (one per task for task-level metrics). */
  named(name: string): MetricName[] {
    return [...this.#entries.values()].filter((e) => e.metricName.name === name).map((e) => e.metricName);
  }

  forEach(callback: (value: number, key: MetricName, map: ReadonlyMap<MetricName, number>) => void, thisArg?: unknown): void {
    for (const e of this.#entries.values()) callback.call(thisArg, e.value, e.metricName, this);
  }

  *entries(): MapIterator<[MetricName, number]> {
    for (const e of this.#entries.values()) yield [e.metricName, e.value];
  }

  *keys(): MapIterator<MetricName> {
    for (const e of this.#entries.values()) yield e.metricName;
  }

  *values(): MapIterator<number> {
    for (const e of this.#entries.values()) yield e.value;
  }

  [Symbol.iterator](): MapIterator<[MetricName, number]> {
    return this.entries();
  }
}
