import type { ToolContext } from '../../tool.js';

/** A stop request (SIGINT/SIGTERM) as a flag and a promise, for tools that run until stopped. */
export interface StopSignal {
  /** Whether a stop was requested. */
  readonly requested: () => boolean;
  /**
   * Waits for `work` or for the stop request, whichever comes first: a stop answers at once even while a
   * request waits on an unreachable broker (the abandoned work settles later, when the client closes).
   * Resolves with the work's value, or `undefined` when stopped.
   */
  race<T>(work: Promise<T>): Promise<T | undefined>;
  /** Removes the signal handler. */
  dispose(): void;
}

/** Listens for the tool's stop signals. */
export function listenForStop(ctx: ToolContext): StopSignal {
  let requested = false;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wake = resolve));
  const dispose = ctx.onStopSignal(() => {
    requested = true;
    wake();
  });
  return {
    requested: () => requested,
    race: async <T>(work: Promise<T>): Promise<T | undefined> => {
      if (requested) {
        work.catch(() => undefined);
        return undefined;
      }
      return Promise.race([work, stopped.then(() => (work.catch(() => undefined), undefined))]);
    },
    dispose,
  };
}
