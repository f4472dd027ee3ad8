/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time, the functions
 * with the most total time (self + callees, counted once per sample however deep they recurse), and the source
 * lines with the most ticks, each with its share of all samples. Compiled `dist/*.js` positions are mapped back
 * to `src/*.ts` through tsc's source maps (the benchmark profiles the built broker: tsx's on-the-fly output
 * puts a whole module on one line, which would make every position "line 1").
 *
 * `npx tsx test/bench/broker/profile-summary.ts <file.cpuprofile> [top=25] [skip seconds=0]`
 * The broker benchmark writes one for the broker process with `BENCH_BROKER_PROFILE=1`.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceMapFor } from './source-map.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  positionTicks?: Array<{ line: number; ticks: number }>;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The profile without its first `skipSeconds` (samples only; nodes are kept). */
function skipStart(profile: Profile, skipSeconds: number): Profile {
  let at = 0;
  let first = 0;
  while (first < profile.samples.length && at < skipSeconds * 1e6) at += profile.timeDeltas[first++] ?? 0;
  return { nodes: profile.nodes, samples: profile.samples.slice(first), timeDeltas: profile.timeDeltas.slice(first) };
}

/** `file:line` for a 1-based line of a script, through its source map when it has one. */
function position(url: string, line: number, column?: number): string {
  if (!url.startsWith('file://')) return url ? `${url}:${line}` : '';
  const file = fileURLToPath(url);
  const mapped = sourceMapFor(file)?.lookup(line, column);
  return mapped ? `${relative(process.cwd(), mapped.file)}:${mapped.line}` : `${relative(process.cwd(), file)}:${line}`;
}

function where(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  const at = position(frame.url, frame.lineNumber + 1, frame.columnNumber);
  return at ? `${name}  ${at}` : name;
}

/** Self, total and per-line microseconds. */
export function summarise(profile: Profile): { totalUs: number; self: Map<string, number>; total: Map<string, number>; lines: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number): void => void m.set(k, (m.get(k) ?? 0) + v);
  const nodeUs = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    totalUs += dt;
    nodeUs.set(id, (nodeUs.get(id) ?? 0) + dt);
    add(self, where(byId.get(id)!.callFrame), dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = where(byId.get(cur)!.callFrame);
      if (!seen.has(k)) {
        seen.add(k);
        add(total, k, dt);
      }
    }
  });
  // Line ticks carry no time of their own: spread each node's self time over its lines by their tick counts.
  const lines = new Map<string, number>();
  for (const n of profile.nodes) {
    const ticks = n.positionTicks ?? [];
    const sum = ticks.reduce((s, t) => s + t.ticks, 0);
    const us = nodeUs.get(n.id) ?? 0;
    if (sum === 0 || us === 0) continue;
    const name = n.callFrame.functionName || '(anonymous)';
    for (const t of ticks) add(lines, `${name}  ${position(n.callFrame.url, t.line)}`, (t.ticks * us) / sum);
  }
  return { totalUs, self, total, lines };
}

function top(map: Map<string, number>, totalUs: number, n: number, title: string): string {
  const rows = [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  const lines = rows.map(([k, us]) => `${((100 * us) / totalUs).toFixed(1).padStart(6)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  return `${title}\n${lines.join('\n')}`;
}

/** A printable summary of one profile file, leaving out its first `skipSeconds` (the process's start-up). */
export function profileReport(file: string, n = 25, skipSeconds = 0): string {
  const profile = skipStart(JSON.parse(readFileSync(file, 'utf8')) as Profile, skipSeconds);
  const { totalUs, self, total, lines } = summarise(profile);
  const idle = self.get('(idle)') ?? 0;
  const skipped = skipSeconds > 0 ? ` after the first ${skipSeconds.toFixed(2)} s` : '';
  return [
    `profile ${file}: ${(totalUs / 1e6).toFixed(2)} s sampled${skipped}, ${((totalUs - idle) / 1e6).toFixed(2)} s not idle (shares below are of all samples)`,
    top(self, totalUs, n, '-- self time by function --'),
    top(total, totalUs, n, '-- total time by function (self + callees) --'),
    top(lines, totalUs, n, '-- self time by source line --'),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, count, skip] = process.argv.slice(2);
  if (!file) {
    console.error('usage: profile-summary.ts <file.cpuprofile> [top] [skip seconds]');
    process.exit(2);
  }
  console.log(profileReport(file, Number(count ?? 25), Number(skip ?? 0)));
}
