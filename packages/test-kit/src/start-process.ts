import { spawn, type SpawnOptions } from 'node:child_process';
import type { ProcessResult } from './run-process.js';

/** A child process started by {@link startProcess}, whose output can be read while it runs. */
export interface RunningProcess {
  readonly pid: number;
  /** Everything written to stdout so far. */
  stdout(): string;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Whether the process has exited. */
  exited(): boolean;
  /** Resolves when the process exits (it is killed with SIGKILL after the start option `timeoutMs`). */
  readonly done: Promise<ProcessResult>;
  /** Sends `signal` (default SIGTERM) to this process by its pid and waits for it to exit; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<ProcessResult>;
}

/**
 * Starts a long-running command asynchronously (never blocking the event loop, so an in-process broker keeps
 * answering), collecting its output. Always `stop()` it (tests do so in `finally`/`afterEach`).
 */
export function startProcess(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { input?: string | Buffer; timeoutMs?: number } = {},
): RunningProcess {
  const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d));
  child.stderr?.on('data', (d: Buffer) => err.push(d));
  let hasExited = false;
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const done = new Promise<ProcessResult>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      hasExited = true;
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    };
    child.on('error', (e) => {
      err.push(Buffer.from(String(e)));
      finish(null, null);
    });
    child.on('close', finish);
  });
  if (options.input !== undefined) child.stdin?.end(options.input);
  else child.stdin?.end();
  return {
    pid: child.pid,
    stdout: () => Buffer.concat(out).toString('utf8'),
    stderr: () => Buffer.concat(err).toString('utf8'),
    exited: () => hasExited,
    done,
    async stop(signal = 'SIGTERM', graceMs = 5000) {
      if (!hasExited) child.kill(signal);
      const kill = setTimeout(() => {
        if (!hasExited) child.kill('SIGKILL');
      }, graceMs);
      try {
        return await done;
      } finally {
        clearTimeout(kill);
      }
    },
  };
}
