import { isThenable, type MaybePromise } from '../internal/runtime/async.js';

/**
 * The test driver's store writes still running after a commit. The caches forward synchronously; LevelDB batches
 * finish in the background (reads already see them), so `pipeInput` stays synchronous as Kafka's is. Each commit's
 * follow-up (the checkpoint) runs after every write before it; the first failure is thrown by the next `check()`,
 * and `done()` waits for all of them.
 */
export class BackgroundWrites {
  #pending: Promise<void> | undefined;
  #error: unknown;

  /** Runs `then` once `written` and every earlier write have finished - at once when nothing is running. */
  add(written: MaybePromise, then: () => void): void {
    if (!isThenable(written)) {
      if (this.#pending === undefined) then();
      else this.add(Promise.resolve(), then);
      return;
    }
    const all: Promise<void> = Promise.all([this.#pending, written]).then(() => {
      if (this.#pending === all) this.#pending = undefined;
      then();
    });
    all.catch((e: unknown) => {
      if (this.#pending === all) this.#pending = undefined;
      this.#error ??= e;
    });
    this.#pending = all;
  }

  /** Waits for the writes still running (rejecting with their failure); throws an earlier failure. */
  done(): MaybePromise {
    if (this.#pending !== undefined) return this.#pending;
    this.check();
    return undefined;
  }

  /** Throws a background write's failure (once). */
  check(): void {
    const e = this.#error;
    if (e === undefined) return;
    this.#error = undefined;
    throw e;
  }
}
