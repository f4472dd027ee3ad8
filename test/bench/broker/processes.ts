/**
 * Child processes for the broker benchmark: long-running servers (our broker, redis-server, nats-server) whose CPU
 * time is read from `/proc/<pid>/stat` around each phase, and short-lived clients (kcat, redis-cli, python) whose
 * CPU time is reported by the shell's `times` builtin when they exit. Every process started here is recorded so
 * that {@link killAll} can end exactly those (by pid) when the benchmark ends or fails.
 */
import { spawn, execFileSync, type ChildProcess, type StdioOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const started = new Set<ChildProcess>();
/** Children started as process-group leaders (clients under bash). */
const groups = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` times (almost always 100). */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a running process has used so far (10 ms resolution). */
export function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]); // field 14 of the whole line
  const stime = Number(fields[12]); // field 15
  return (utime + stime) / CLK_TCK;
}

/** A long-running server process and a way to read its CPU time. */
export interface Server {
  readonly child: ChildProcess;
  /** CPU seconds used so far. */
  cpu(): number;
  /** Ends the process (SIGTERM, then SIGKILL after `graceMs`) and waits for it. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a server and resolves once `ready` matches a line of its stdout or stderr (rejects if it exits first or
 * after `timeoutMs`). `onLine` sees every output line (for servers that report something on a line).
 */
export function startServer(
  command: string,
  args: readonly string[],
  ready: RegExp,
  options: { timeoutMs?: number; onLine?: (line: string) => void; stdin?: boolean } = {},
): Promise<Server> {
  const child = spawn(command, args, { stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  started.add(child);
  // 'close' (not 'exit'): every line the process printed has been read by then.
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.once('exit', () => started.delete(child));
  const tail: string[] = [];
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => fail(new Error(`${command} not ready after ${options.timeoutMs ?? 20_000} ms`)), options.timeoutMs ?? 20_000);
    function fail(e: Error): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${e.message}\n${tail.join('\n')}`));
    }
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`${command} exited (${code ?? signal}) before it was ready`)));
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        options.onLine?.(line);
        if (tail.push(line) > 20) tail.shift();
        if (!done && ready.test(line)) {
          done = true;
          clearTimeout(timer);
          resolve({
            child,
            cpu: () => procCpuSeconds(child.pid!),
            stop: async (graceMs = 10_000) => {
              if (child.exitCode !== null || child.signalCode !== null) return;
              child.kill('SIGTERM');
              const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
              await exited;
              clearTimeout(t);
            },
          });
        }
      });
    }
  });
}

/** What {@link runClient} measured. */
export interface ClientRun {
  readonly seconds: number;
  /** When the process ended (epoch milliseconds, the clock librdkafka's debug lines use). */
  readonly endedAtMs: number;
  /** User + system CPU seconds of the command and its children (from the shell's `times`). */
  readonly cpuSeconds: number;
  readonly stdout: string;
  readonly stderr: string;
}

const TIMES_LINE = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/;

/**
 * Runs a client to completion under `bash`, which prints its children's CPU times (`times`) after it. Never
 * blocks the event loop (our broker may live in the same process in other uses). `stdinFile` is opened as the
 * child's stdin; `stdoutToNull` sends stdout to /dev/null (a consumer's messages) instead of collecting it.
 */
export async function runClient(
  command: string,
  args: readonly string[],
  options: { stdinFile?: string; stdoutToNull?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ClientRun> {
  const { openSync, closeSync } = await import('node:fs');
  const stdinFd = options.stdinFile ? openSync(options.stdinFile, 'r') : 'ignore';
  const stdoutFd = options.stdoutToNull ? openSync('/dev/null', 'w') : 'pipe';
  const script = '"$@"; rc=$?; times >&2; exit $rc';
  const stdio: StdioOptions = [stdinFd, stdoutFd, 'pipe'];
  const t0 = process.hrtime.bigint();
  // Its own process group (detached), so that killAll ends the client under the shell too, by the group's id.
  const child = spawn('bash', ['-c', script, 'bench-client', command, ...args], { stdio, env: options.env ?? process.env, detached: true });
  started.add(child);
  groups.add(child);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (d: Buffer) => out.push(d));
  child.stderr!.on('data', (d: Buffer) => err.push(d));
  const timer = setTimeout(() => killGroup(child), options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c));
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const endedAtMs = Date.now();
  clearTimeout(timer);
  started.delete(child);
  groups.delete(child);
  if (typeof stdinFd === 'number') closeSync(stdinFd);
  if (typeof stdoutFd === 'number') closeSync(stdoutFd);
  const stderrText = Buffer.concat(err).toString('utf8');
  const lines = stderrText.trimEnd().split('\n');
  const children = TIMES_LINE.exec(lines.at(-1) ?? '');
  const stdout = Buffer.concat(out).toString('utf8');
  const stderr = lines.slice(0, -2).join('\n');
  if (code !== 0 || !children) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${stderr.slice(-2000)}\n${stdout.slice(-1000)}`);
  }
  const cpuSeconds = Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4]);
  return { seconds, endedAtMs, cpuSeconds, stdout, stderr };
}

/** Kills (SIGKILL, by pid) every process this module started that is still running. */
export function killAll(): void {
  for (const child of started) {
    if (groups.has(child)) killGroup(child);
    else if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  started.clear();
  groups.clear();
}

/** This process's user + system CPU seconds so far. */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
