import { expect, it } from 'vitest';
import { decodeRecordBatches } from '@tributary/protocol';
import { StorageErrorCode } from '../errors.js';
import type { LogReadInfo } from '../log-types.js';
import { readSlices } from '../read-slices.js';
import { batchOf, offsetsOf, readAll } from './fixtures.js';
import type { WithLog } from './log-conformance-suite.js';

function ok<T extends { errorCode: number }>(r: T): Extract<T, { errorCode: 0 }> {
  expect(r.errorCode).toBe(StorageErrorCode.NONE);
  return r as Extract<T, { errorCode: 0 }>;
}

/** Appends, reads and lookups. */
export function defineBasicCases(withLog: WithLog): void {
  it('starts empty: offsets 0, reading at 0 is empty, above is out of range', async () => {
    await withLog({}, async ({ log }) => {
      expect([log.logStartOffset, log.logEndOffset, log.highWatermark]).toEqual([0, 0, 0]);
      const r = ok(await log.read(0, 1000));
      expect(r.size).toBe(0);
      expect((await log.read(1, 1000)).errorCode).toBe(StorageErrorCode.OFFSET_OUT_OF_RANGE);
    });
  });

  it('assigns contiguous offsets and the leader epoch by patching the batches', async () => {
    await withLog({}, async ({ log }) => {
      const a = ok(await log.append(batchOf(3), 7));
      const b = ok(await log.append(batchOf(2, { timestamp: 5_000 }), 7));
      expect([a.firstOffset, a.lastOffset, a.recordCount, b.firstOffset, b.lastOffset]).toEqual([0, 2, 3, 3, 4]);
      expect(b.maxTimestamp).toBe(5_001);
      expect(log.logEndOffset).toBe(5);
      const batches = await readAll(log);
      expect(batches.map((x) => [x.baseOffset, x.partitionLeaderEpoch])).toEqual([
        [0, 7],
        [3, 7],
      ]);
      expect(offsetsOf(batches)).toEqual([0, 1, 2, 3, 4]);
      expect(batches[1]!.records[1]!.value!.toString()).toMatch(/^v-1/);
    });
  });

  it('appends several batches given in one call', async () => {
    await withLog({}, async ({ log }) => {
      const info = ok(await log.append(Buffer.concat([batchOf(2), batchOf(3), batchOf(1)]), 0));
      expect([info.firstOffset, info.lastOffset, info.batchCount, info.recordCount]).toEqual([0, 5, 3, 6]);
      expect((await readAll(log)).map((b) => b.baseOffset)).toEqual([0, 2, 5]);
    });
  });

  it('serializes concurrent appends in call order', async () => {
    await withLog({ segmentBytes: 2_000 }, async ({ log }) => {
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => log.append(batchOf(2, { tag: `c${i}` }), 0)));
      expect(results.map((r) => ok(r).firstOffset)).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
      const batches = await readAll(log);
      expect(batches.map((b) => b.records[0]!.value!.toString().split('-')[0])).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`));
    });
  });

  it('refuses malformed and oversized appends as Kafka errors, writing nothing', async () => {
    await withLog({ maxMessageBytes: 200, segmentBytes: 1_000 }, async ({ log }) => {
      expect((await log.append(Buffer.from('not a batch at all, clearly'), 0)).errorCode).toBe(StorageErrorCode.CORRUPT_MESSAGE);
      const big = batchOf(1, { valueSize: 300 });
      expect((await log.append(big, 0)).errorCode).toBe(StorageErrorCode.MESSAGE_TOO_LARGE);
      const many = Buffer.concat(Array.from({ length: 16 }, () => batchOf(1)));
      expect((await log.append(many, 0)).errorCode).toBe(StorageErrorCode.RECORD_LIST_TOO_LARGE);
      const torn = batchOf(2).subarray(0, 70);
      expect((await log.append(torn, 0)).errorCode).toBe(StorageErrorCode.CORRUPT_MESSAGE);
      expect(log.logEndOffset).toBe(0);
    });
  });

  it('reads from the batch holding the fetch offset, whole batches only', async () => {
    await withLog({}, async ({ log }) => {
      for (let i = 0; i < 5; i++) await log.append(batchOf(4), 0);
      const r = ok(await log.readBytes(6, 1 << 20));
      expect(r.firstBatchOffset).toBe(4);
      const batches = decodeRecordBatches(r.records);
      expect(batches.map((b) => b.baseOffset)).toEqual([4, 8, 12, 16]);
    });
  });

  it('limits a read to maxBytes in whole batches, but returns one oversized first batch', async () => {
    await withLog({}, async ({ log }) => {
      for (let i = 0; i < 6; i++) await log.append(batchOf(1, { valueSize: 100 }), 0);
      const one = (await readAll(log, 0, 1)).length;
      expect(one).toBe(1);
      const size = ok(await log.read(0, 1 << 20)).size / 6;
      const r = ok(await log.readBytes(0, Math.floor(size * 2.5)));
      expect(decodeRecordBatches(r.records).map((b) => b.baseOffset)).toEqual([0, 1]);
      expect(r.records.length).toBe(size * 2);
      const tiny = ok(await log.readBytes(2, 10));
      expect(decodeRecordBatches(tiny.records).map((b) => b.baseOffset)).toEqual([2]);
      const none = ok(await log.read(2, 10, undefined, { minOneMessage: false }));
      expect(none.size).toBe(0);
    });
  });

  it('stops reads at the upper bound (the high watermark) and out of range outside the log', async () => {
    await withLog({}, async ({ log }) => {
      for (let i = 0; i < 4; i++) await log.append(batchOf(2), 0);
      expect(offsetsOf(await readAll(log, 0, 4))).toEqual([0, 1, 2, 3]);
      expect(ok(await log.read(4, 1000, 4)).size).toBe(0);
      expect(ok(await log.read(8, 1000)).size).toBe(0);
      const oor = await log.read(9, 1000);
      expect(oor.errorCode).toBe(StorageErrorCode.OFFSET_OUT_OF_RANGE);
      expect(oor.logEndOffset).toBe(8);
    });
  });

  it('rolls segments by segment.bytes and reads across them', async () => {
    await withLog({ segmentBytes: 500 }, async ({ log }) => {
      for (let i = 0; i < 30; i++) await log.append(batchOf(2, { tag: `b${i}` }), 0);
      expect(log.segmentCount).toBeGreaterThan(5);
      expect(offsetsOf(await readAll(log))).toEqual(Array.from({ length: 60 }, (_, i) => i));
      const r = ok(await log.read(10, 1 << 20));
      expect(r.slices.length).toBeGreaterThan(1);
      const bytes = await readSlices(r.slices);
      expect(decodeRecordBatches(bytes)[0]!.baseOffset).toBe(10);
    });
  });

  it('follows a runtime config change', async () => {
    await withLog({}, async ({ log }) => {
      for (let i = 0; i < 5; i++) await log.append(batchOf(2), 0);
      expect(log.segmentCount).toBe(1);
      log.updateConfig({ ...log.config, segmentBytes: 300 });
      for (let i = 0; i < 10; i++) await log.append(batchOf(2), 0);
      expect(log.segmentCount).toBeGreaterThan(2);
      expect(log.config.segmentBytes).toBe(300);
    });
  });

  it('finds offsets by timestamp, and the special ListOffsets timestamps', async () => {
    await withLog({ segmentBytes: 400 }, async ({ log }) => {
      for (let i = 0; i < 10; i++) await log.append(batchOf(3, { timestamp: 10_000 + i * 100 }), 2);
      const at = await log.offsetForTimestamp(10_301);
      expect(at).toMatchObject({ offset: 10, timestamp: 10_301, leaderEpoch: 2 });
      expect((await log.offsetForTimestamp(10_250))?.offset).toBe(9);
      expect((await log.offsetForTimestamp(0))?.offset).toBe(0);
      expect(await log.offsetForTimestamp(20_000)).toBeNull();
      expect((await log.offsetForTimestamp(-2))?.offset).toBe(0);
      expect((await log.offsetForTimestamp(-1))?.offset).toBe(30);
      expect(await log.offsetForTimestamp(-3)).toMatchObject({ offset: 29, timestamp: 10_902 });
    });
  });

  it('keeps the leader-epoch history and answers OffsetsForLeaderEpoch', async () => {
    await withLog({}, async ({ log }) => {
      await log.append(batchOf(2), 1);
      await log.append(batchOf(2), 1);
      await log.append(batchOf(3), 3);
      expect(log.leaderEpochEntries()).toEqual([
        { epoch: 1, startOffset: 0 },
        { epoch: 3, startOffset: 4 },
      ]);
      expect(log.latestEpoch()).toBe(3);
      expect(log.endOffsetForEpoch(1)).toEqual({ epoch: 1, endOffset: 4 });
      expect(log.endOffsetForEpoch(2)).toEqual({ epoch: 1, endOffset: 4 });
      expect(log.endOffsetForEpoch(3)).toEqual({ epoch: 3, endOffset: 7 });
      expect(log.endOffsetForEpoch(4)).toEqual({ epoch: -1, endOffset: -1 });
    });
  });

  it('appends replicated batches with their own offsets and refuses going back', async () => {
    await withLog({}, async ({ log }) => {
      const leaderCopy = Buffer.concat([batchOf(2), batchOf(3)]);
      // Give the batches leader-assigned offsets 0 and 2 and epoch 4, as a fetch response would carry them.
      leaderCopy.writeUInt32BE(0, 4);
      leaderCopy.writeInt32BE(4, 12);
      const second = leaderCopy.readInt32BE(8) + 12;
      leaderCopy.writeUInt32BE(2, second + 4);
      leaderCopy.writeInt32BE(4, second + 12);
      const info = ok(await log.appendAsFollower(leaderCopy));
      expect([info.firstOffset, info.lastOffset]).toEqual([0, 4]);
      expect(log.leaderEpochEntries()).toEqual([{ epoch: 4, startOffset: 0 }]);
      await expect(log.appendAsFollower(batchOf(1))).rejects.toMatchObject({ code: 'STORAGE_INVALID_OFFSET' });
      expect(log.logEndOffset).toBe(5);
    });
  });

  it('flush moves the recovery point to the log end', async () => {
    await withLog({}, async ({ log }) => {
      await log.append(batchOf(3), 0);
      await log.flush();
      expect(log.recoveryPoint).toBe(3);
    });
  });

  it('keeps data, offsets and epochs across a clean reopen', async () => {
    await withLog({ segmentBytes: 600 }, async (t) => {
      for (let i = 0; i < 12; i++) await t.log.append(batchOf(2, { tag: `r${i}` }), i < 6 ? 1 : 2);
      t.log.updateHighWatermark(24);
      const before = await readAll(t.log);
      const again = await t.reopen();
      expect(again.logEndOffset).toBe(24);
      expect(again.leaderEpochEntries()).toEqual([
        { epoch: 1, startOffset: 0 },
        { epoch: 2, startOffset: 12 },
      ]);
      const after = await readAll(again);
      expect(after).toEqual(before);
      const next = ok(await again.append(batchOf(1), 2));
      expect(next.firstOffset).toBe(24);
    });
  });

  it('returns read slices whose bytes are exactly the stored batches', async () => {
    await withLog({}, async ({ log }) => {
      const batch = batchOf(3);
      await log.append(batch, 9);
      const r = ok(await log.read(0, 1000)) as LogReadInfo;
      const bytes = await readSlices(r.slices);
      expect(bytes.equals(batch)).toBe(true); // the caller's buffer was patched in place (offset 0, epoch 9)
      expect(bytes.readInt32BE(12)).toBe(9);
    });
  });
}
