import { fileURLToPath } from 'node:url';
import { runProcess } from '@tributary/test-kit';

/** Debian's interpreter, which has python3-kafka and python3-confluent-kafka installed. */
export const PYTHON = '/usr/bin/python3';

/** Absolute path of `test/compat/<client>/client.py`. */
export function clientScript(client: 'kafka-python' | 'confluent-kafka'): string {
  return fileURLToPath(new URL(`../../compat/${client}/client.py`, import.meta.url));
}

/** A record as the Python drivers print it. */
export interface PyRecord {
  p: number;
  o: number;
  k: string | null;
  v: string;
}

/**
 * Runs a Python driver asynchronously (the broker runs in this process and must keep answering) and parses
 * the JSON it prints last; fails with its stderr when it exits non-zero.
 */
export async function runPython<T>(script: string, args: readonly (string | number)[], timeoutMs = 45_000): Promise<T> {
  const r = await runProcess(PYTHON, [script, ...args.map(String)], { timeoutMs });
  if (r.code !== 0) throw new Error(`${script} ${args.join(' ')} exited ${r.code ?? r.signal}:\n${r.stderr.slice(-4000)}`);
  const last = r.stdout.trimEnd().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}
