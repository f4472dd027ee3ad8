import { DELETED_SUFFIX } from './file-names.js';
import type { LogSegment } from './log-segment.js';

/** Largest delay `setTimeout` accepts. */
const MAX_TIMER_MS = 0x7fffffff;

/**
 * Kafka's asynchronous segment deletion: segments leaving the log are renamed `.deleted` at once (a restart
 * removes them) and their files are closed and removed after `file.delete.delay.ms`, so readers holding
 * their file handles can finish.
 */
export class SegmentDeleter {
  private readonly pending = new Map<LogSegment, NodeJS.Timeout>();

  async schedule(segments: readonly LogSegment[], delayMs: number): Promise<void> {
    for (const seg of segments) {
      seg.deleted = true;
      await seg.changeSuffix(DELETED_SUFFIX);
      const timer = setTimeout(() => {
        this.pending.delete(seg);
        void seg.deleteFiles().catch(() => undefined);
      }, Math.min(delayMs, MAX_TIMER_MS));
      timer.unref();
      this.pending.set(seg, timer);
    }
  }

  /** Deletes every pending segment now (the log is closing). */
  async runAll(): Promise<void> {
    for (const [seg, timer] of this.pending) {
      clearTimeout(timer);
      await seg.deleteFiles().catch(() => undefined);
    }
    this.pending.clear();
  }
}
