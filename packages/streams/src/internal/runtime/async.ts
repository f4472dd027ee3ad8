// The async escape hatch (DESIGN.md decision 3) in three helpers. Processing stays synchronous - no Promise is
// created - until some user code returns one; from then on the remaining steps chain on it, in order.

export type MaybePromise = void | Promise<void>;

export function isThenable(value: unknown): value is Promise<unknown> {
  return value !== undefined && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** Runs `next` after `first`: at once when `first` is not a Promise, else when it resolves. */
export function andThen(first: unknown, next: () => MaybePromise): MaybePromise {
  if (isThenable(first)) return first.then(next);
  return next();
}

/**
 * Repeats `step` while it returns true (or a Promise of true), staying synchronous while it can.
 * Used by loops such as "process queued records until none is left".
 */
export function loop(step: () => boolean | Promise<boolean>): MaybePromise {
  for (;;) {
    const r = step();
    if (r === false) return undefined;
    if (r !== true) {
      return r.then((more) => (more ? loop(step) : undefined));
    }
  }
}
