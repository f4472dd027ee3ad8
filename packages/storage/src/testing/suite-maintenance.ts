import { expect, it } from 'vitest';
import { StorageErrorCode } from '../errors.js';
import { batchOf, offsetsOf, readAll } from './fixtures.js';
import type { WithLog } from './log-conformance-suite.js';

const DAY = 86_400_000;

/** Truncation, DeleteRecords and retention. */
export function defineMaintenanceCases(withLog: WithLog): void {
  it('truncates to an offset: later batches go, epochs follow, appends continue there', async () => {
    await withLog({ segmentBytes: 500 }, async ({ log }) => {
      for (let i = 0; i < 20; i++) await log.append(batchOf(2), i < 10 ? 1 : 2);
      log.updateHighWatermark(40);
      expect(await log.truncateTo(14)).toBe(true);
      expect(log.logEndOffset).toBe(14);
      expect(log.highWatermark).toBe(14);
      expect(offsetsOf(await readAll(log))).toEqual(Array.from({ length: 14 }, (_, i) => i));
      expect(log.leaderEpochEntries()).toEqual([{ epoch: 1, startOffset: 0 }]);
      expect(await log.truncateTo(20)).toBe(false);
      const next = await log.append(batchOf(1), 3);
      expect(next).toMatchObject({ firstOffset: 14 });
      expect(log.leaderEpochEntries().at(-1)).toEqual({ epoch: 3, startOffset: 14 });
    });
  });

  it('truncating inside a batch removes the whole batch', async () => {
    await withLog({}, async ({ log }) => {
      await log.append(batchOf(4), 0);
      await log.append(batchOf(4), 0);
      await log.truncateTo(6);
      expect(log.logEndOffset).toBe(4);
    });
  });

  it('truncates fully and starts at a new offset', async () => {
    await withLog({ segmentBytes: 400 }, async ({ log }) => {
      for (let i = 0; i < 10; i++) await log.append(batchOf(2), 1);
      await log.truncateFullyAndStartAt(100);
      expect([log.logStartOffset, log.logEndOffset, log.segmentCount]).toEqual([100, 100, 1]);
      expect(log.leaderEpochEntries()).toEqual([]);
      expect(await log.append(batchOf(2), 2)).toMatchObject({ firstOffset: 100, lastOffset: 101 });
      expect((await log.read(50, 100)).errorCode).toBe(StorageErrorCode.OFFSET_OUT_OF_RANGE);
    });
  });

  it('deletes records up to the high watermark only, moving the log start offset', async () => {
    await withLog({ segmentBytes: 400 }, async (t) => {
      for (let i = 0; i < 20; i++) await t.log.append(batchOf(2), 0);
      t.log.updateHighWatermark(30);
      expect((await t.log.deleteRecordsBefore(31)).errorCode).toBe(StorageErrorCode.OFFSET_OUT_OF_RANGE);
      const segmentsBefore = t.log.segmentCount;
      expect(await t.log.deleteRecordsBefore(25)).toEqual({ errorCode: StorageErrorCode.NONE, lowWatermark: 25 });
      expect(t.log.logStartOffset).toBe(25);
      expect(t.log.segmentCount).toBeLessThan(segmentsBefore);
      expect((await t.log.read(24, 1000)).errorCode).toBe(StorageErrorCode.OFFSET_OUT_OF_RANGE);
      expect(offsetsOf(await readAll(t.log, 25))[0]).toBeLessThanOrEqual(25);
      expect((await t.log.offsetForTimestamp(-2))?.offset).toBe(25);
      const again = await t.reopen();
      expect(again.logStartOffset).toBe(25);
    });
  });

  it('retention.bytes deletes the oldest whole segments below the high watermark', async () => {
    await withLog({ segmentBytes: 400, retentionBytes: 1_000, retentionMs: -1 }, async ({ log }) => {
      for (let i = 0; i < 30; i++) await log.append(batchOf(2), 0);
      expect(await log.deleteOldSegments()).toBe(0); // nothing is below the high watermark yet
      log.updateHighWatermark(log.logEndOffset);
      const deleted = await log.deleteOldSegments();
      expect(deleted).toBeGreaterThan(0);
      expect(log.size).toBeLessThanOrEqual(1_400);
      expect(log.size).toBeGreaterThan(1_000 - 400);
      expect(log.logStartOffset).toBeGreaterThan(0);
      expect(offsetsOf(await readAll(log)).at(-1)).toBe(59);
    });
  });

  it('retention.ms deletes segments whose newest record is too old, keeping an active segment', async () => {
    await withLog({ segmentBytes: 400, retentionMs: DAY }, async ({ log }, clock) => {
      const old = clock.time - 2 * DAY;
      for (let i = 0; i < 10; i++) await log.append(batchOf(2, { timestamp: old + i }), 0);
      for (let i = 0; i < 10; i++) await log.append(batchOf(2, { timestamp: clock.time + i }), 0);
      log.updateHighWatermark(log.logEndOffset);
      expect(await log.deleteOldSegments()).toBeGreaterThan(0);
      const left = offsetsOf(await readAll(log));
      expect(left[0]).toBeLessThanOrEqual(20);
      expect(left.at(-1)).toBe(39);
      clock.advance(3 * DAY);
      await log.deleteOldSegments();
      expect(log.logStartOffset).toBe(40);
      expect(log.logEndOffset).toBe(40);
      expect(log.segmentCount).toBe(1);
      expect(await log.append(batchOf(1), 0)).toMatchObject({ firstOffset: 40 });
    });
  });

  it('keeps everything with retention -1 and with cleanup.policy=compact', async () => {
    for (const config of [{ retentionMs: -1, retentionBytes: -1 }, { cleanupPolicy: ['compact'] as const, retentionBytes: 10 }]) {
      await withLog({ segmentBytes: 300, ...config }, async ({ log }, clock) => {
        for (let i = 0; i < 10; i++) await log.append(batchOf(2, { timestamp: 1 }), 0);
        log.updateHighWatermark(log.logEndOffset);
        clock.advance(365 * DAY);
        expect(await log.deleteOldSegments()).toBe(0);
        expect(log.logStartOffset).toBe(0);
      });
    }
  });
}
