import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from '@tributary/test-kit';
import { LogManager } from '@tributary/storage';
import { verifyLog } from './support/verify-log.js';

/**
 * Real crash tests: a child process appends to a log in a loop and is killed with SIGKILL at a random
 * moment, many times over. After every kill the log must reopen consistent (contiguous offsets, intact
 * batches, each value at its own offset) and keep every batch the child reported flushed.
 * CRASH_ITERATIONS (default 24) sets how many kills.
 */
const ITERATIONS = Number(process.env['CRASH_ITERATIONS'] ?? 20);
const ROOT = resolve(import.meta.dirname, '../../..');
const CHILD = resolve(import.meta.dirname, 'crash/append-child.ts');
const TP = { topic: 'crash', partition: 0 };

interface Child {
  proc: ChildProcess;
  lines: string[];
  /** Resolves with the first line starting with `prefix` (rejects if the child exits first). */
  waitFor(prefix: string): Promise<string>;
  /** Resolves with the `n`-th line starting with `prefix`. */
  waitForNth(prefix: string, n: number): Promise<string>;
  exited: Promise<void>;
}

function startChild(): Child {
  const proc = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', CHILD], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { prefix: string; n: number; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  const count = (prefix: string): number => lines.filter((l) => l.startsWith(prefix)).length;
  let buf = '';
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      for (const w of waiters.splice(0)) {
        if (line.startsWith(w.prefix) && count(w.prefix) >= w.n) w.resolve(line);
        else waiters.push(w);
      }
    }
  });
  const exited = new Promise<void>((res) =>
    proc.on('exit', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`child exited (${code ?? signal}) before "${w.prefix}": ${stderr}`));
      res();
    }),
  );
  const waitForNth = (prefix: string, n: number): Promise<string> =>
    new Promise((res, rej) => {
      const seen = lines.filter((l) => l.startsWith(prefix));
      if (seen.length >= n) res(seen[n - 1]!);
      else if (proc.exitCode !== null || proc.signalCode !== null) rej(new Error(`child exited before "${prefix}"`));
      else waiters.push({ prefix, n, resolve: res, reject: rej });
    });
  return { proc, lines, exited, waitFor: (prefix) => waitForNth(prefix, 1), waitForNth };
}

function lastFlushed(lines: readonly string[]): number {
  let max = 0;
  for (const l of lines) if (l.startsWith('flushed ')) max = Math.max(max, Number(l.split(' ')[1]));
  return max;
}

describe('crash recovery with SIGKILL', () => {
  let tmp: TempDir;
  beforeAll(async () => {
    tmp = await tempDir('tributary-crash-');
  });
  afterAll(async () => {
    await tmp.cleanup();
  });

  it(`recovers a consistent log after ${ITERATIONS} kills at random points`, { timeout: 30_000 + ITERATIONS * 3_000 }, async () => {
    const dir = join(tmp.path, 'logs');
    let flushed = 0;
    let tornTails = 0;
    let verified = 0;
    let next = startChild();
    for (let i = 0; i < ITERATIONS; i++) {
      const child = next;
      if (i + 1 < ITERATIONS) next = startChild(); // warm the next child up while this one runs
      const settings = { dir, seed: 1 + i * 7919, flushEvery: 1 + (i % 7), maxRecords: 40, maxValue: 2048 };
      child.proc.stdin!.end(JSON.stringify(settings) + '\n');
      const [, , leo, cut] = (await child.waitFor('ready ')).split(' ').map(Number);
      // Opening in the child recovered whatever the previous kill left: nothing flushed may be lost.
      expect(leo).toBeGreaterThanOrEqual(flushed);
      if (cut! > 0) tornTails++;
      if (i % 2 === 0) {
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 150));
      } else {
        // Kill as the n-th large write begins: the signal lands during or just after the write.
        const n = 1 + Math.floor(Math.random() * 4);
        await child.waitForNth('writing ', n).catch(() => undefined);
      }
      child.proc.kill('SIGKILL');
      await child.exited;
      expect(child.proc.signalCode, `child failed: ${child.lines.at(-1)}`).toBe('SIGKILL');
      flushed = Math.max(flushed, lastFlushed(child.lines));
      // Two kills in three are verified here; the third leaves the torn log for the next child to recover.
      if (i % 3 !== 2 || i === ITERATIONS - 1) {
        const manager = await LogManager.open({ logDirs: [dir], scheduler: false });
        const log = manager.getLog(TP)!;
        expect(log.logEndOffset).toBeGreaterThanOrEqual(flushed);
        if (log.loadStats.truncatedBytes > 0) tornTails++;
        await verifyLog(log);
        verified++;
        await manager.close();
        // Usually start the next child from an unclean state (recovery from the checkpoint); sometimes clean.
        if (i % 3 === 0) await rm(join(dir, '.kafka_cleanshutdown'), { force: true });
      }
    }
    next.proc.kill('SIGKILL');
    console.log(`[crash] ${ITERATIONS} kills, ${verified} verified by reopening, ${tornTails} recoveries cut a torn tail, last flushed offset ${flushed}`);
    expect(flushed).toBeGreaterThan(0);
  });
});
