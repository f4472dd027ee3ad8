/**
 * Measuring helpers of the storage benchmark: timed async runs, medians, and the printed table with each
 * figure beside its same-run baseline and target.
 */
export interface IoFigure {
  readonly name: string;
  /** Median MB/s (1 MB = 10^6 bytes) over the rounds. */
  readonly mbPerSec: number;
}

/**
 * Runs `rounds` rounds and returns the median rate. Each round prepares untimed (`setup`), then times `fn`
 * (which moves `bytes` bytes), then tidies up untimed (`teardown`).
 */
export async function measureIo<T>(
  name: string,
  bytes: number,
  rounds: number,
  steps: { setup: () => Promise<T>; run: (state: T) => Promise<void>; teardown: (state: T) => Promise<void> },
): Promise<IoFigure> {
  const rates: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const state = await steps.setup();
    const start = performance.now();
    await steps.run(state);
    rates.push(bytes / 1e6 / ((performance.now() - start) / 1000));
    await steps.teardown(state);
  }
  rates.sort((a, b) => a - b);
  return { name, mbPerSec: rates[Math.floor(rates.length / 2)]! };
}

/** Median of `rounds` timings of `fn`, in ms. */
export async function timeMs(rounds: number, fn: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export interface IoRow {
  readonly figure: IoFigure;
  readonly baseline: IoFigure;
  /** Minimum share of the baseline rate (0.8 = 80%). */
  readonly targetRatio?: number;
}

const fmt = (n: number, d = 1): string => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** Prints each figure with its baseline, the ratio, and the target verdict. */
export function printIoTable(rows: readonly IoRow[]): void {
  const header = ['benchmark', 'MB/s', 'baseline', 'baseline MB/s', 'x baseline', 'target', 'verdict'];
  const lines = rows.map((r) => {
    const ratio = r.figure.mbPerSec / r.baseline.mbPerSec;
    return [
      r.figure.name,
      fmt(r.figure.mbPerSec),
      r.baseline.name,
      fmt(r.baseline.mbPerSec),
      fmt(ratio, 3),
      r.targetRatio === undefined ? '-' : `>= ${fmt(r.targetRatio, 2)}`,
      r.targetRatio === undefined ? '-' : ratio >= r.targetRatio ? 'PASS' : 'MISS',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const show = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(show(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(show(l));
}
