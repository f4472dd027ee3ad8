import { runCli } from '@tributary/cli';
import { captureContext, type CaptureOptions, type CapturedContext } from './capture.js';

/** What one in-process `tributary ...` run produced. */
export interface RunResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `tributary ...argv` in this process (the broker keeps answering) and collects its output. */
export async function tributary(argv: readonly string[], options: CaptureOptions = {}): Promise<RunResult> {
  const ctx = captureContext(options);
  const code = await runCli(argv, ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

/** Starts `tributary ...argv` in this process and hands back its context, to read output while it runs and stop it. */
export function startTributary(argv: readonly string[], options: CaptureOptions = {}): { ctx: CapturedContext; done: Promise<number> } {
  const ctx = captureContext(options);
  return { ctx, done: runCli(argv, ctx) };
}
