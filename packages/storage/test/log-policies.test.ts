import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '@tributary/test-kit';
import { Log, logConfig, type LogConfig } from '@tributary/storage';
import { ManualClock, batchOf } from '@tributary/storage/testing';

async function withLog(config: Partial<LogConfig>, body: (log: Log, clock: ManualClock, dir: string) => Promise<void>): Promise<void> {
  const tmp = await tempDir();
  const clock = new ManualClock();
  const dir = join(tmp.path, 'p-0');
  const log = await Log.open({ dir, config: logConfig(config), clock: clock.now });
  try {
    await body(log, clock, dir);
  } finally {
    await log.close();
    await tmp.cleanup();
  }
}

describe('flush, roll and deletion policies', () => {
  it('flush.messages fsyncs after that many records', async () => {
    await withLog({ flushMessages: 5 }, async (log) => {
      await log.append(batchOf(3), 0);
      expect(log.recoveryPoint).toBe(0);
      await log.append(batchOf(3), 0);
      expect(log.recoveryPoint).toBe(6);
    });
  });

  it('flush.ms fsyncs data once it has been unflushed that long', async () => {
    await withLog({ flushMs: 30 }, async (log) => {
      await log.append(batchOf(2), 0);
      expect(log.recoveryPoint).toBe(0);
      await waitFor('the flush.ms timer to flush', () => log.recoveryPoint === 2, { timeoutMs: 5_000 });
    });
  });

  it('by default (Kafka: rely on the page cache) flushes only on roll and close', async () => {
    await withLog({ segmentBytes: 300 }, async (log) => {
      for (let i = 0; i < 3; i++) await log.append(batchOf(2), 0);
      expect(log.recoveryPoint).toBe(0);
      for (let i = 0; i < 6; i++) await log.append(batchOf(2), 0);
      const firstRolled = log.segmentBaseOffsets()[1]!;
      await waitFor('the background flush after a roll', () => log.recoveryPoint >= firstRolled);
      expect(log.recoveryPoint).toBeLessThan(log.logEndOffset);
    });
  });

  it('segment.ms rolls once the first batch is that much older than the new one', async () => {
    await withLog({ segmentMs: 60_000 }, async (log, clock) => {
      await log.append(batchOf(1, { timestamp: clock.time }), 0);
      await log.append(batchOf(1, { timestamp: clock.time + 59_000 }), 0);
      expect(log.segmentCount).toBe(1);
      await log.append(batchOf(1, { timestamp: clock.time + 61_000 }), 0);
      expect(log.segmentBaseOffsets()).toEqual([0, 2]);
    });
  });

  it('a full offset index rolls the segment', async () => {
    await withLog({ indexIntervalBytes: 0, segmentIndexBytes: 40 }, async (log) => {
      for (let i = 0; i < 12; i++) await log.append(batchOf(1), 0);
      expect(log.segmentCount).toBeGreaterThan(1);
    });
  });

  it('keeps deleted segments as .deleted for file.delete.delay.ms', async () => {
    await withLog({ segmentBytes: 300, retentionBytes: 0, fileDeleteDelayMs: 50 }, async (log, _clock, dir) => {
      for (let i = 0; i < 10; i++) await log.append(batchOf(2), 0);
      log.updateHighWatermark(log.logEndOffset);
      expect(await log.deleteOldSegments()).toBeGreaterThan(0);
      expect((await readdir(dir)).some((n) => n.endsWith('.log.deleted'))).toBe(true);
      await waitFor('the delayed file deletion', async () => !(await readdir(dir)).some((n) => n.endsWith('.deleted')));
    });
  });

  it('reports misuse as errors with stable codes', async () => {
    await withLog({}, async (log) => {
      await expect(log.truncateTo(-1)).rejects.toMatchObject({ code: 'STORAGE_INVALID_OFFSET' });
      await log.close();
      await expect(log.append(batchOf(1), 0)).rejects.toMatchObject({ code: 'STORAGE_LOG_CLOSED' });
      await expect(log.read(0, 10)).rejects.toMatchObject({ code: 'STORAGE_LOG_CLOSED' });
    });
  });
});
