import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const main = join(import.meta.dirname, '..', 'src', 'main.ts');

/** Starts the word-count application as its own Node process (from sources, as `npm start` in this folder). */
export function startWordCount(args: readonly string[]): { child: ChildProcess; output: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, ['--conditions=@tributary/source', '--import', 'tsx', main, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, exited };
}

/** The `word<TAB>count` lines the application printed, in order. */
export function countLines(output: string): string[] {
  return output.split('\n').filter((l) => /^[^\s]*\t\d+$/.test(l));
}

/** What Kafka's quickstart documents for its three input lines with the record cache off. */
export const QUICKSTART_UPDATES = [
  'all\t1', 'streams\t1', 'lead\t1', 'to\t1', 'kafka\t1',
  'hello\t1', 'kafka\t2', 'streams\t2',
  'join\t1', 'kafka\t3', 'summit\t1',
];
