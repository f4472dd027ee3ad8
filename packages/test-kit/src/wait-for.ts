/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long (ms). Default 30 s. */
  timeoutMs?: number;
  /** Check again after this long (ms). Default 50 ms. */
  intervalMs?: number;
  /** Print what we wait for every `progressEveryMs` (default 5 s) so long tests say what they wait for. */
  progressEveryMs?: number;
}

/**
 * Waits until `check` returns a truthy value (or a promise of one) and returns it; prints what it is waiting
 * for while it waits long, and fails with the description after the timeout.
 */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const intervalMs = options.intervalMs ?? 50;
  const progressEveryMs = options.progressEveryMs ?? 5_000;
  const start = Date.now();
  let lastReport = start;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      lastError = e;
    }
    const now = Date.now();
    if (now - start > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, lastError === undefined ? undefined : { cause: lastError });
    }
    if (now - lastReport >= progressEveryMs) {
      lastReport = now;
      console.log(`[waitFor] still waiting for ${what} (${Math.round((now - start) / 1000)} s)`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
