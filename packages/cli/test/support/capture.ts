import type { ToolContext } from '@tributary/cli';

/** A {@link ToolContext} that records output and lets the test deliver stop signals. */
export interface CapturedContext extends ToolContext {
  out(): string;
  err(): string;
  /** Delivers a stop signal to every registered handler, as SIGTERM/SIGINT would. */
  deliver(signal: string): void;
  /** How many stop-signal handlers are registered now. */
  handlers(): number;
}

export function captureContext(): CapturedContext {
  let out = '';
  let err = '';
  const handlers = new Set<(signal: string) => void>();
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    onStopSignal: (h) => {
      handlers.add(h);
      return () => void handlers.delete(h);
    },
    out: () => out,
    err: () => err,
    deliver: (s) => {
      for (const h of [...handlers]) h(s);
    },
    handlers: () => handlers.size,
  };
}
