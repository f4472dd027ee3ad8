/**
 * A tiny measuring kit for the protocol benchmarks: run an operation in timed rounds after a warm-up and keep
 * the median round, which is robust to the odd garbage-collection pause.
 */
export interface Figure {
  name: string;
  /** Operations per second (median round). */
  opsPerSec: number;
  /** Bytes each operation processes, for MB/s. */
  bytesPerOp: number;
  /** Records each operation processes, for records/s (0 when not about records). */
  recordsPerOp: number;
}

const ROUNDS = 7;
const ROUND_MS = 200;

function round(fn: () => unknown, ms: number): number {
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 8; i++) fn();
    ops += 8;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

/** Measures `fn` (synchronous) and returns its median throughput. */
export function measure(name: string, fn: () => unknown, bytesPerOp: number, recordsPerOp = 0): Figure {
  round(fn, ROUND_MS); // warm-up: let the JIT settle
  const rates: number[] = [];
  for (let i = 0; i < ROUNDS; i++) rates.push(round(fn, ROUND_MS));
  rates.sort((a, b) => a - b);
  return { name, opsPerSec: rates[Math.floor(ROUNDS / 2)]!, bytesPerOp, recordsPerOp };
}

export const mbPerSec = (f: Figure): number => (f.opsPerSec * f.bytesPerOp) / 1e6;
export const recordsPerSec = (f: Figure): number => f.opsPerSec * f.recordsPerOp;

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A row of the printed table: the figure, the baseline ratio and, when set, the target verdict. */
export interface Row {
  figure: Figure;
  target?: { value: number; unit: 'records/s' | 'MB/s' };
}

/** Prints figures beside the same-run baseline with ratios, and targets where given. */
export function printTable(rows: readonly Row[], baseline: Figure): void {
  const base = mbPerSec(baseline);
  const header = ['benchmark', 'records/s', 'MB/s', 'x baseline', 'target', 'verdict'];
  const lines = rows.map(({ figure: f, target }) => {
    const actual = target === undefined ? 0 : target.unit === 'MB/s' ? mbPerSec(f) : recordsPerSec(f);
    return [
      f.name,
      f.recordsPerOp > 0 ? fmt(recordsPerSec(f) / 1e6, 2) + ' M' : '-',
      fmt(mbPerSec(f)),
      fmt(mbPerSec(f) / base, 3),
      target === undefined ? '-' : `>= ${target.unit === 'MB/s' ? fmt(target.value, 0) + ' MB/s' : fmt(target.value / 1e6, 1) + ' M rec/s'}`,
      target === undefined ? '-' : actual >= target.value ? 'PASS' : 'MISS',
    ];
  });
  lines.push([`baseline: ${baseline.name}`, '-', fmt(base), '1.000', '-', '-']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const show = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(show(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(show(l));
}
