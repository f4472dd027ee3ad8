// The metrics of one KafkaStreams instance or test driver (Kafka's `Metrics` with its sensors), kept small: a
// sensor is a counter that hot paths bump with `record()` (no clock read per event); its `-total` metric is the
// count and its `-rate` metric is derived when metrics are read, from checkpoints of the count taken on the
// registry's clock - Kafka's windowed Rate (2 samples of 30 s by default) approximated without per-event samples.

import { MetricsSnapshot, type MetricName } from '../../app/metrics.js';

/** Kafka's `metrics.sample.window.ms` default. */
const SAMPLE_WINDOW_MS = 30_000;
/** Kafka's `metrics.num.samples` default. */
const NUM_SAMPLES = 2;

/** A counter of events (Kafka's `Sensor` with a CumulativeCount and, optionally, a Rate). */
export class Sensor {
  total = 0;
  /** (time, total) pairs, oldest first, for the rate. */
  readonly checkpoints: { time: number; total: number }[];

  constructor(
    readonly totalName: MetricName,
    readonly rateName: MetricName | undefined,
    createdAt: number,
  ) {
    this.checkpoints = [{ time: createdAt, total: 0 }];
  }

  /** Counts `n` events (default one). */
  record(n = 1): void {
    this.total += n;
  }

  /** Takes a checkpoint when the last one is a sample window old; forgets those outside the rate's window. */
  sample(now: number): void {
    const last = this.checkpoints[this.checkpoints.length - 1]!;
    if (now - last.time >= SAMPLE_WINDOW_MS) this.checkpoints.push({ time: now, total: this.total });
    // Keep the newest checkpoint at or before the window start as the base, drop anything older.
    while (this.checkpoints.length > 1 && this.checkpoints[1]!.time <= now - NUM_SAMPLES * SAMPLE_WINDOW_MS) this.checkpoints.shift();
  }

  /**
   * Events per second over the rate window. As Kafka's Rate, the elapsed time is at least (samples - 1) windows,
   * so a burst right after start is not divided by a few milliseconds.
   */
  rate(now: number): number {
    this.sample(now);
    const base = this.checkpoints[0]!;
    const elapsed = Math.max(now - base.time, (NUM_SAMPLES - 1) * SAMPLE_WINDOW_MS);
    return ((this.total - base.total) * 1000) / elapsed;
  }
}

/** Where and how a sensor is registered. */
export interface SensorSpec {
  /** The base name: the metrics are `<name>-total` and, with `rate`, `<name>-rate`. */
  readonly name: string;
  readonly group: string;
  readonly tags: Readonly<Record<string, string>>;
  /** What one event is, for the metrics' descriptions ("records dropped"). */
  readonly what: string;
  readonly rate: boolean;
}

/** The sensors of an instance by their metric names. */
export class MetricsRegistry {
  readonly #sensors = new Set<Sensor>();

  /** @param time The clock rates are measured on (the test driver's mock clock). */
  constructor(readonly time: () => number = Date.now) {}

  /** Registers a sensor (Kafka's `sensor(...)` plus its metrics). */
  sensor(spec: SensorSpec): Sensor {
    const metric = (suffix: string, description: string): MetricName => ({ name: `${spec.name}-${suffix}`, group: spec.group, description, tags: { ...spec.tags } });
    const sensor = new Sensor(
      metric('total', `The total number of ${spec.what}`),
      spec.rate ? metric('rate', `The average number of ${spec.what} per second`) : undefined,
      this.time(),
    );
    this.#sensors.add(sensor);
    return sensor;
  }

  /** Unregisters sensors (a closed task's). */
  remove(sensors: Iterable<Sensor>): void {
    for (const s of sensors) this.#sensors.delete(s);
  }

  /** Takes rate checkpoints now (call now and then, e.g. at each commit, so rates cover recent windows). */
  sample(): void {
    const now = this.time();
    for (const s of this.#sensors) s.sample(now);
  }

  /** Every metric's current value. */
  snapshot(): MetricsSnapshot {
    const now = this.time();
    const entries: [MetricName, number][] = [];
    for (const s of this.#sensors) {
      entries.push([s.totalName, s.total]);
      if (s.rateName !== undefined) entries.push([s.rateName, s.rate(now)]);
    }
    return new MetricsSnapshot(entries);
  }
}
