/**
 * The broker benchmark's table: every figure of the run with its same-run baselines (Redis Streams, NATS
 * JetStream, the storage append), the ratios to them, and the targets with a verdict.
 */
import { MESSAGE_BYTES } from './payload.js';

/** One throughput figure. */
export interface Figure {
  readonly name: string;
  readonly system: 'tributary' | 'redis' | 'nats' | 'storage';
  readonly op: 'produce' | 'consume';
  readonly messages: number;
  readonly seconds: number;
  /** CPU seconds of the server process over the timed window (null: no separate server). */
  readonly serverCpu: number | null;
  /** CPU seconds of the client over the timed window. */
  readonly clientCpu: number | null;
  /** Targets: a minimum rate, the rate of another figure (by name) to reach, a maximum server CPU share. */
  readonly target?: { readonly minRate?: number; readonly atLeast?: string; readonly maxServerShare?: number };
  /** A remark printed under the table (how the window was taken, ...). */
  readonly detail?: string;
}

/** The latency figure. */
export interface LatencyFigure {
  readonly name: string;
  readonly rate: number;
  readonly measured: number;
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
  readonly serverCpu: number;
  readonly clientCpu: number;
  readonly seconds: number;
}

const rate = (f: Figure): number => f.messages / f.seconds;
const share = (f: Figure): number | null =>
  f.serverCpu === null || f.clientCpu === null || f.serverCpu + f.clientCpu === 0 ? null : f.serverCpu / (f.serverCpu + f.clientCpu);

function fmt(n: number | null, digits = 0): string {
  if (n === null || !Number.isFinite(n)) return '-';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function kRate(n: number): string {
  return n >= 1e6 ? `${fmt(n / 1e6, 2)} M` : `${fmt(n / 1e3, 0)} k`;
}

/** The figure of `system` doing the same `op` (the first one: the native-client row). */
function peer(all: readonly Figure[], system: Figure['system'], op: Figure['op']): Figure | undefined {
  return all.find((f) => f.system === system && f.op === op);
}

function ratio(f: Figure, base: Figure | undefined): string {
  if (!base || base === f) return '-';
  return `${fmt(rate(f) / rate(base), 2)}x`;
}

function verdict(f: Figure, all: readonly Figure[]): string {
  const t = f.target;
  if (!t) return '-';
  const parts: string[] = [];
  let ok = true;
  if (t.minRate !== undefined) {
    parts.push(`>= ${kRate(t.minRate)}/s`);
    ok &&= rate(f) >= t.minRate;
  }
  if (t.atLeast !== undefined) {
    const other = all.find((o) => o.name === t.atLeast);
    parts.push(`>= ${t.atLeast}${other ? '' : ' (not measured)'}`);
    ok &&= other === undefined || rate(f) >= rate(other);
  }
  if (t.maxServerShare !== undefined) {
    const s = share(f);
    parts.push(`broker share < ${fmt(t.maxServerShare * 100)}%`);
    ok &&= s !== null && s < t.maxServerShare;
  }
  return `${parts.join(', ')}: ${ok ? 'MET' : 'MISSED'}`;
}

function render(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Prints the table; MB/s counts message values only ({@link MESSAGE_BYTES} bytes each) for every row. */
export function printReport(figures: readonly Figure[], latency: readonly LatencyFigure[]): void {
  const header = ['figure', 'msgs', 'secs', 'msgs/s', 'MB/s', 'srv CPU s', 'cli CPU s', 'srv share', 'srv us/msg', 'vs Redis', 'vs NATS', 'vs append', 'target'];
  const rows = figures.map((f) => [
    f.name,
    fmt(f.messages),
    fmt(f.seconds, 2),
    kRate(rate(f)),
    fmt((rate(f) * MESSAGE_BYTES) / 1e6, 1),
    fmt(f.serverCpu, 2),
    fmt(f.clientCpu, 2),
    share(f) === null ? '-' : `${fmt(share(f)! * 100)}%`,
    f.serverCpu === null ? '-' : fmt((f.serverCpu * 1e6) / f.messages, 2),
    ratio(f, peer(figures, 'redis', f.op)),
    ratio(f, peer(figures, 'nats', f.op)),
    f.op === 'produce' ? ratio(f, peer(figures, 'storage', 'produce')) : '-',
    verdict(f, figures),
  ]);
  for (const l of latency) {
    const srvShare = l.serverCpu / (l.serverCpu + l.clientCpu);
    const cells = [l.name, fmt(l.measured), fmt(l.seconds, 2), `${kRate(l.rate)}`, fmt((l.rate * MESSAGE_BYTES) / 1e6, 1), fmt(l.serverCpu, 2), fmt(l.clientCpu, 2)];
    cells.push(`${fmt(srvShare * 100)}%`, fmt((l.serverCpu * 1e6) / (l.rate * l.seconds), 0), '-', '-', '-');
    cells.push(`p50 ${fmt(l.p50, 2)} ms, p99 ${fmt(l.p99, 2)} ms, p99.9 ${fmt(l.p999, 2)} ms, max ${fmt(l.max, 1)} ms`);
    rows.push(cells);
  }
  console.log(render(header, rows));
  for (const f of figures) if (f.detail) console.log(`note: ${f.name}: ${f.detail}`);
  console.log(
    `\nmsgs/s and MB/s: ${MESSAGE_BYTES}-byte message values over the timed window. srv = the server process (our broker, ` +
      'redis-server, nats-server); cli = the client (kcat/redis-cli/nats-bench/python processes, or this process for kafkajs and ' +
      'XREAD). srv share = srv / (srv + cli). "vs" = this rate / the same operation\'s rate on Redis, NATS, or the storage append.',
  );
}
