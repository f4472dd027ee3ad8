import { Readable } from 'node:stream';
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

/** Options of {@link captureContext}. */
export interface CaptureOptions {
  /** What the tool reads on stdin (a string, or a stream the test feeds). */
  readonly stdin?: string | NodeJS.ReadableStream;
  /** Pretend every stream is a terminal (to see prompts and progress). */
  readonly tty?: boolean;
}

export function captureContext(options: CaptureOptions = {}): CapturedContext {
  let out = '';
  let err = '';
  const handlers = new Set<(signal: string) => void>();
  const stdin = typeof options.stdin === 'string' ? Readable.from([Buffer.from(options.stdin)]) : options.stdin;
  const tty = options.tty === true;
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    ...(stdin ? { stdin } : {}),
    isTTY: { stdin: tty, stdout: tty, stderr: tty },
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
