import type { ToolContext } from '../../tool.js';

/** A progress display for a long operation (see {@link progressBar}). */
export interface Progress {
  /** Sets how far the operation got (`done` of `total`, in the unit given at creation). */
  update(done: number): void;
  /** Clears the display. */
  stop(): void;
}

const QUIET: Progress = { update: () => {}, stop: () => {} };
const WIDTH = 30;
/** Redraw at most this often, so a fast loop does not spend its time printing. */
const REDRAW_MS = 100;

/**
 * A one-line progress bar on stderr, redrawn in place (`\r`), shown only when stderr is a terminal: piped or
 * redirected output stays exactly what the Kafka tool prints. A total of 0 or less shows a running count.
 */
export function progressBar(ctx: ToolContext, label: string, total: number, unit: string): Progress {
  if (ctx.isTTY?.stderr !== true) return QUIET;
  let last = 0;
  let shown = false;
  const draw = (done: number): void => {
    const text =
      total > 0
        ? (() => {
            const ratio = Math.min(1, done / total);
            const filled = Math.round(ratio * WIDTH);
            return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)}% ${done}/${total} ${unit}`;
          })()
        : `${label} ${done} ${unit}`;
    ctx.stderr(`\r${text}\u001b[K`);
    shown = true;
  };
  return {
    update(done) {
      const now = Date.now();
      if (now - last < REDRAW_MS && done < total) return;
      last = now;
      draw(done);
    },
    stop() {
      if (shown) ctx.stderr('\r\u001b[K');
    },
  };
}
