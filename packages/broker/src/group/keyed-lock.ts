/**
 * Runs tasks one at a time per key (a group id), in arrival order, while tasks of different keys interleave
 * freely. This is the coordinator's equivalent of Kafka's per-group lock: a JoinGroup, a LeaveGroup, a
 * heartbeat expiry and a log append for the same group never overlap, whatever order they arrive in.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();
  private running = 0;
  private idleWaiters: Array<() => void> = [];

  /** Runs `task` after every earlier task of `key` has settled; resolves or rejects with its outcome. */
  run<T>(key: string, task: () => Promise<T> | T): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.running++;
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
      this.running--;
      if (this.running === 0) this.wakeIdle();
    });
    return result;
  }

  /** Number of tasks queued or running, over all keys. */
  get pending(): number {
    return this.running;
  }

  /**
   * Resolves once no task is queued or running. Tasks started by the ones awaited (timers firing, chained
   * steps) are waited for too, as long as they are queued before the last one finishes.
   */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
