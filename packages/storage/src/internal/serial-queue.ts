/**
 * Runs async tasks one at a time in submission order: every operation that changes a log (append, roll,
 * truncate, delete, retention) goes through one queue, which is how Kafka's per-log lock looks without
 * threads. A failed task does not stop the ones after it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Runs `task` after every task submitted before it has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task, task);
    this.tail = result.then(
      () => this.pending--,
      () => this.pending--,
    );
    return result;
  }

  /** Tasks submitted and not yet settled. */
  get size(): number {
    return this.pending;
  }

  /** Resolves once every task submitted so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }
}
