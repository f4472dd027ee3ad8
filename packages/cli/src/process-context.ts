import type { ToolContext } from './tool.js';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** A {@link ToolContext} over the real process: its stdout, stderr, and SIGTERM/SIGINT. */
export function processContext(): ToolContext {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    // Lazy: touching process.stdin opens it, which a tool that never reads it should not do.
    get stdin() {
      return process.stdin;
    },
    isTTY: { stdin: process.stdin.isTTY === true, stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    onStopSignal: (handler) => {
      const listener = (signal: NodeJS.Signals): void => handler(signal);
      for (const s of STOP_SIGNALS) process.on(s, listener);
      return () => {
        for (const s of STOP_SIGNALS) process.off(s, listener);
      };
    },
  };
}
