// Store operations that are synchronous in memory and asynchronous on LevelDB (open, flush, close, restore)
// return `void | Promise<void>`; these helpers chain them without forcing a promise on the synchronous path.

/** Runs `fn` after `value` settles: synchronously when `value` is not a promise. */
export function andThen<T, U>(value: T | Promise<T>, fn: (v: T) => U | Promise<U>): U | Promise<U> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** Runs the steps in order, each after the previous one settles; a promise only if some step returns one. */
export function sequence(steps: ReadonlyArray<() => void | Promise<void>>): void | Promise<void> {
  for (let i = 0; i < steps.length; i++) {
    const r = steps[i]!();
    if (r instanceof Promise) {
      return r.then(() => sequence(steps.slice(i + 1)));
    }
  }
  return undefined;
}
