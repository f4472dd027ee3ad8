/**
 * Partition log benchmark: append and read throughput beside plain file I/O, and load/recovery time of a 1 GiB
 * log (details in `log-bench-run.ts`). Run with `npm run bench -- storage` or alone with
 * `npx tsx packages/storage/bench/log.bench.ts`.
 *
 * Started without the `@tributary/source` export condition (plain `npx tsx`), packages would resolve to their
 * possibly stale `dist`; this launcher then re-runs itself with the condition so the sources are measured.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const withSources = [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('@tributary/source'));
if (withSources) {
  await import('./log-bench-run.js');
} else {
  const r = spawnSync(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
}
