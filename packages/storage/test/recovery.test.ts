import { open, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@tributary/test-kit';
import { decodeRecordBatches } from '@tributary/protocol';
import { Log, LogManager, logConfig, StorageErrorCode } from '@tributary/storage';
import { batchOf, offsetsOf, readAll } from '@tributary/storage/testing';
import { batchesInFile, segmentLogs } from './support/segment-files.js';

const config = logConfig({ segmentBytes: 4_000, indexIntervalBytes: 200, fileDeleteDelayMs: 0 });

/** Writes `sizes.length` batches (sizes = record counts) into a fresh log and closes it cleanly. */
async function writeLog(dir: string, sizes: readonly number[]): Promise<void> {
  const log = await Log.open({ dir, config });
  for (const [i, n] of sizes.entries()) await log.append(batchOf(n, { tag: `b${i}`, valueSize: 20 + ((i * 37) % 90) }), 1);
  await log.close();
}

describe('recovery of corrupt and torn tails', () => {
  it('cuts the log at a corrupted byte and keeps every batch before it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 3, maxLength: 40 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (sizes, batchPick, bytePick, xor) => {
          const tmp = await tempDir();
          try {
            const dir = join(tmp.path, 'c-0');
            await writeLog(dir, sizes);
            const files = await segmentLogs(dir);
            const file = files.at(-1)!;
            const batches = await batchesInFile(file);
            fc.pre(batches.length > 0);
            const victim = batches[batchPick % batches.length]!;
            // Any byte the checks cover: the length field, or magic to the end (the CRC's range and more).
            const covered = [8, 9, 10, 11, ...Array.from({ length: victim.size - 16 }, (_, i) => 16 + i)];
            const at = victim.position + covered[bytePick % covered.length]!;
            const bytes = await readFile(file);
            bytes[at] = bytes[at]! ^ xor;
            await writeFile(file, bytes);
            const log = await Log.open({ dir, config, recoveryPoint: 0 });
            expect(log.logEndOffset).toBe(victim.baseOffset);
            expect(log.loadStats.truncatedBytes).toBe(bytes.length - victim.position);
            expect((await stat(file)).size).toBe(victim.position);
            expect(offsetsOf(await readAll(log))).toEqual(Array.from({ length: victim.baseOffset }, (_, i) => i));
            const next = await log.append(batchOf(1), 2);
            expect(next).toMatchObject({ firstOffset: victim.baseOffset });
            await log.close();
          } finally {
            await tmp.cleanup();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('cuts a torn tail (a partial batch or trailing garbage) back to the last whole batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 20 }),
        fc.nat(),
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        async (sizes, cutPick, garbage) => {
          const tmp = await tempDir();
          try {
            const dir = join(tmp.path, 't-0');
            await writeLog(dir, sizes);
            const file = (await segmentLogs(dir)).at(-1)!;
            const batches = await batchesInFile(file);
            const last = batches.at(-1)!;
            // Keep a prefix of the last batch (a write cut short), then maybe junk that never was a batch.
            const keep = cutPick % last.size;
            await truncate(file, last.position + keep);
            const fh = await open(file, 'a');
            await fh.write(Buffer.from(garbage));
            await fh.close();
            const log = await Log.open({ dir, config, recoveryPoint: 0 });
            expect(log.logEndOffset).toBe(last.baseOffset);
            expect((await stat(file)).size).toBe(last.position);
            expect(offsetsOf(await readAll(log)).length).toBe(last.baseOffset);
            await log.close();
          } finally {
            await tmp.cleanup();
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('drops every segment after a corrupt one', async () => {
    const tmp = await tempDir();
    try {
      const dir = join(tmp.path, 'm-0');
      await writeLog(dir, Array.from({ length: 60 }, () => 3));
      const files = await segmentLogs(dir);
      expect(files.length).toBeGreaterThan(3);
      const middle = files[1]!;
      const batches = await batchesInFile(middle);
      const bytes = await readFile(middle);
      const at = batches[2]!.position + 30;
      bytes[at] = bytes[at]! ^ 0xff;
      await writeFile(middle, bytes);
      const log = await Log.open({ dir, config, recoveryPoint: 0 });
      expect(log.logEndOffset).toBe(batches[2]!.baseOffset);
      expect(log.segmentCount).toBe(2);
      expect(await segmentLogs(dir)).toEqual(files.slice(0, 2));
      await log.close();
    } finally {
      await tmp.cleanup();
    }
  });

  it('trusts data below the recovery point and rescans only from the segment holding it', async () => {
    const tmp = await tempDir();
    try {
      const dir = join(tmp.path, 'r-0');
      await writeLog(dir, Array.from({ length: 60 }, () => 3));
      const probe = await Log.open({ dir, config, hadCleanShutdown: true });
      const bases = probe.segmentBaseOffsets();
      await probe.close();
      const log = await Log.open({ dir, config, recoveryPoint: bases[2]! + 1 });
      expect(log.loadStats.recoveredSegments).toBe(bases.length - 2);
      expect(log.logEndOffset).toBe(180);
      await log.close();
    } finally {
      await tmp.cleanup();
    }
  });

  it('rebuilds missing or corrupt index files of closed segments', async () => {
    const tmp = await tempDir();
    try {
      const dir = join(tmp.path, 'i-0');
      await writeLog(dir, Array.from({ length: 60 }, (_, i) => 1 + (i % 4)));
      const files = await segmentLogs(dir);
      await rm(files[0]!.replace(/\.log$/, '.index'));
      await writeFile(files[1]!.replace(/\.log$/, '.timeindex'), Buffer.alloc(7, 1));
      await writeFile(files[2]!.replace(/\.log$/, '.index'), Buffer.alloc(16, 0xff));
      const before = decodeRecordBatches(await readFile(files[0]!));
      const log = await Log.open({ dir, config, hadCleanShutdown: true });
      const all = await readAll(log);
      expect(offsetsOf(all)).toEqual(Array.from({ length: log.logEndOffset }, (_, i) => i));
      expect(all.slice(0, before.length)).toEqual(before);
      for (const at of [3, 40, 77, log.logEndOffset - 1]) {
        const r = await log.readBytes(at, 1);
        if (r.errorCode !== StorageErrorCode.NONE) throw new Error('read failed');
        const first = decodeRecordBatches(r.records)[0]!;
        expect(first.baseOffset).toBeLessThanOrEqual(at);
        expect(first.baseOffset + first.lastOffsetDelta).toBeGreaterThanOrEqual(at);
      }
      expect((await stat(files[0]!.replace(/\.log$/, '.index'))).size % 8).toBe(0);
      await log.close();
    } finally {
      await tmp.cleanup();
    }
  });

  it('starts fast after a clean shutdown and recovers after an unclean one (LogManager)', async () => {
    const tmp = await tempDir();
    try {
      const tp = { topic: 'orders', partition: 3 };
      let manager = await LogManager.open({ logDirs: [tmp.path], defaultLogConfig: config, scheduler: false });
      const log = await manager.getOrCreateLog(tp);
      for (let i = 0; i < 50; i++) await log.append(batchOf(3), 1);
      await manager.close();
      expect(await readFile(join(tmp.path, '.kafka_cleanshutdown'), 'utf8')).toBe('{"version":"0","broker_epoch":"-1"}');
      manager = await LogManager.open({ logDirs: [tmp.path], defaultLogConfig: config, scheduler: false });
      expect(manager.loadedDirs[0]!.hadCleanShutdown).toBe(true);
      expect(manager.getLog(tp)!.loadStats.recoveredSegments).toBe(0);
      expect(manager.getLog(tp)!.logEndOffset).toBe(150);
      // The marker is consumed at startup: a crash now must lead to recovery.
      await expect(stat(join(tmp.path, '.kafka_cleanshutdown'))).rejects.toMatchObject({ code: 'ENOENT' });
      await manager.close();
      await rm(join(tmp.path, '.kafka_cleanshutdown'));
      manager = await LogManager.open({ logDirs: [tmp.path], defaultLogConfig: config, scheduler: false });
      expect(manager.loadedDirs[0]!.hadCleanShutdown).toBe(false);
      // Recovery starts at the checkpointed recovery point (the log end): only the last segment is scanned.
      expect(manager.getLog(tp)!.loadStats.recoveredSegments).toBe(1);
      expect(manager.getLog(tp)!.logEndOffset).toBe(150);
      await manager.close();
    } finally {
      await tmp.cleanup();
    }
  });
});
