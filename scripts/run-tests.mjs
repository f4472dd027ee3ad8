#!/usr/bin/env node
// `npm test`: vitest over every project (extra arguments pass through, e.g. `npm test -- --project broker`),
// then one plain closing line ("N passed, N failed, N skipped") that any CI can read. Exits with vitest's code.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const report = '.tmp/vitest-report.json';
mkdirSync('.tmp', { recursive: true });
const vitest = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${(r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)} skipped`);
} catch (e) {
  console.error(`run-tests: no vitest report (${e.message})`);
}
process.exit(vitest.status ?? 1);
