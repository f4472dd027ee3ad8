import type { ToolContext } from './tool.js';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** A {@link ToolContext} over the real process: its stdout, stderr, and SIGTERM/SIGINT. */
export function processContext(): ToolContext {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    onStopSignal: (handler) => {
      const listener = (signal: NodeJS.Signals): void => handler(signal);
      for (const s of STOP_SIGNALS) process.on(s, listener);
      return () => {
        for (const s of STOP_SIGNALS) process.off(s, listener);
      };
    },
  };
}
