/**
 * Periodic background tasks (Kafka's `KafkaScheduler`): each task runs every `periodMs`, never overlapping
 * itself, on unref'd timers so an idle process can exit. Errors go to `onError` and the task keeps its period.
 */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly onError: (task: string, error: unknown) => void) {}

  /** Runs `task` every `periodMs` (not at all when the period exceeds what timers can wait). */
  schedule(name: string, periodMs: number, task: () => Promise<void>): void {
    if (periodMs > 0x7fffffff || periodMs <= 0) return;
    const tick = (): void => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.stopped) return;
        const run = task()
          .catch((e: unknown) => this.onError(name, e))
          .finally(() => {
            this.running.delete(run);
            if (!this.stopped) tick();
          });
        this.running.add(run);
      }, periodMs);
      timer.unref();
      this.timers.add(timer);
    };
    tick();
  }

  /** Stops scheduling and waits for runs in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await Promise.all([...this.running]);
  }
}
