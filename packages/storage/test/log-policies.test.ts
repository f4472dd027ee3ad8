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

  it('takes a follower append of many batches that fills the index midway', async () => {
    await withLog({ indexIntervalBytes: 0, segmentIndexBytes: 16 }, async (log) => {
      const many = Buffer.concat(Array.from({ length: 10 }, () => batchOf(1)));
      for (let i = 0, pos = 0; i < 10; i++) {
        many.writeUInt32BE(i, pos + 4); // offsets 0..9, as a leader assigned them
        pos += many.readInt32BE(pos + 8) + 12;
      }
      expect(await log.appendAsFollower(many)).toMatchObject({ firstOffset: 0, lastOffset: 9 });
      const r = await log.readBytes(7, 1);
      expect(r.errorCode === 0 && r.records.readUInt32BE(4)).toBe(7);
    });
  });

  it('answers reads from appends made after a reopen and a truncation', async () => {
    const tmp = await tempDir();
    try {
      const dir = join(tmp.path, 'q-0');
      let log = await Log.open({ dir, config: logConfig({}) });
      for (let i = 0; i < 5; i++) await log.append(batchOf(2), 0);
      await log.close();
      log = await Log.open({ dir, config: logConfig({}), hadCleanShutdown: true });
      for (let i = 0; i < 5; i++) await log.append(batchOf(2), 0);
      await log.truncateTo(4);
      for (let i = 0; i < 3; i++) await log.append(batchOf(2), 0);
      for (const at of [0, 3, 4, 5, 9]) {
        const r = await log.readBytes(at, 1);
        const base = r.errorCode === 0 ? Number(r.records.readBigInt64BE(0)) : -1;
        expect(base).toBe(at - (at % 2));
      }
      expect(log.logEndOffset).toBe(10);
      await log.close();
    } finally {
      await tmp.cleanup();
    }
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

  it('turns file-system failures into STORAGE_IO errors naming the log', async () => {
    await withLog({}, async (log, _clock, dir) => {
      const { rm } = await import('node:fs/promises');
      await rm(dir, { recursive: true });
      await expect(log.truncateFullyAndStartAt(5)).rejects.toMatchObject({ code: 'STORAGE_IO', message: expect.stringContaining('p-0') });
      // The log is offline from then on, as Kafka takes a failing log dir offline.
      await expect(log.append(batchOf(1), 0)).rejects.toMatchObject({ code: 'STORAGE_IO' });
      expect(log.isOffline).toBe(true);
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
