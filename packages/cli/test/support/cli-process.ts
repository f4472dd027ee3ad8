import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runProcess, waitFor, type ProcessResult } from '@tributary/test-kit';

/** The repository root: the CLI runs from there, as a user's `npx tributary` would. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
/** The shipped broker configuration. */
export const SERVER_PROPERTIES = 'config/server.properties';

/**
 * `node` arguments that run the CLI from its TypeScript sources (through tsx and the `@tributary/source`
 * export condition), so the tests need no build and always test the current sources.
 */
const NODE_ARGS = ['--conditions=@tributary/source', '--import', 'tsx', 'packages/cli/src/bin/tributary.ts'];

/** Runs `tributary ...args` to completion in a child process (asynchronously: never blocks the event loop). */
export function runCliProcess(args: readonly string[], timeoutMs = 30_000): Promise<ProcessResult> {
  return runProcess(process.execPath, [...NODE_ARGS, ...args], { cwd: REPO_ROOT, timeoutMs });
}

/** A `tributary` process left running, with its output so far. */
export interface CliProcess {
  stdout(): string;
  stderr(): string;
  /** Sends a signal by this child's pid. */
  signal(name: NodeJS.Signals): void;
  /** Resolves when it exits. */
  readonly done: Promise<ProcessResult>;
}

/** Starts `tributary ...args` and leaves it running; the caller stops it (SIGKILL after `timeoutMs` regardless). */
export function startCliProcess(args: readonly string[], timeoutMs = 60_000): CliProcess {
  const child = spawn(process.execPath, [...NODE_ARGS, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<ProcessResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: out, stderr: err });
    });
  });
  return { stdout: () => out, stderr: () => err, signal: (name) => child.kill(name), done };
}

/**
 * Starts `tributary server-start` and waits for its "started" line; resolves with the process and the
 * `host:port` it tells clients to use. Fails with the process output if it exits first.
 */
export async function startServer(args: readonly string[]): Promise<{ server: CliProcess; bootstrap: string; clusterId: string }> {
  const server = startCliProcess(['server-start', ...args]);
  let exited: ProcessResult | undefined;
  void server.done.then((r) => (exited = r));
  const seen = await waitFor('tributary server-start to print its started line', () => {
    if (exited) return { exited };
    const bootstrap = /started in \d+ ms; clients use bootstrap\.servers=(\S+)/.exec(server.stdout())?.[1];
    return bootstrap === undefined ? undefined : { bootstrap };
  });
  if ('exited' in seen) throw new Error(`server-start exited with ${String(seen.exited.code)}:\n${seen.exited.stdout}\n${seen.exited.stderr}`);
  const { bootstrap } = seen;
  const clusterId = /cluster id (\S+)/.exec(server.stdout())?.[1] ?? '';
  return { server, bootstrap, clusterId };
}
