#!/usr/bin/env node
// Runs Tributary's benchmarks: `npm run bench [-- <name filter>]`.
//
// Convention: a benchmark is a file `packages/<pkg>/bench/<name>.bench.ts` or `test/bench/<name>.bench.ts`.
// Each runs in its own Node process (no JIT or GC state shared between benchmarks), one after another (the
// machine has 2 cores; parallel runs would disturb each other), from TypeScript sources through tsx with the
// `@tributary/source` condition, so `@tributary/*` imports resolve to sources like the tests do.
// Every benchmark prints a table of its figures AND, measured in the same run, a baseline (for example a plain
// `Buffer.copy` of the same bytes) with the ratio of each figure to it, so numbers from different machines or
// runs can be compared by their ratios. Targets, when a benchmark has them, are printed beside the figures.
//
// The optional argument keeps only benchmarks whose path contains it (e.g. `npm run bench -- records`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const filter = process.argv[2] ?? '';

function benchFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.bench.ts'))
    .sort()
    .map((n) => join(dir, n));
}

const files = [
  ...readdirSync(join(root, 'packages'))
    .sort()
    .flatMap((pkg) => benchFiles(join(root, 'packages', pkg, 'bench'))),
  ...benchFiles(join(root, 'test', 'bench')),
].filter((f) => relative(root, f).includes(filter));

if (files.length === 0) {
  console.error(`bench: no benchmark matches "${filter}"`);
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  const name = relative(root, file);
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', file], {
    cwd: root,
    stdio: 'inherit',
  });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed++;
    console.log(`=== ${name}: FAILED (exit ${r.status ?? r.signal}) after ${secs}s ===`);
  } else {
    console.log(`=== ${name}: done in ${secs}s ===`);
  }
}
console.log(`\nbench: ${files.length - failed} of ${files.length} benchmark(s) completed`);
process.exit(failed === 0 ? 0 : 1);
