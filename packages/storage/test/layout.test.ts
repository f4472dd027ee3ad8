import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@tributary/test-kit';
import { Log, LogManager, logConfig } from '@tributary/storage';
import { batchOf } from '@tributary/storage/testing';
import { batchesInFile, segmentLogs } from './support/segment-files.js';

describe("Kafka's on-disk layout", () => {
  it('names segments by 20-digit base offsets and writes .index/.timeindex entries in Kafka format', async () => {
    const tmp = await tempDir();
    try {
      const dir = join(tmp.path, 'orders-7');
      const config = logConfig({ segmentBytes: 3_000, indexIntervalBytes: 300, segmentIndexBytes: 800 });
      const log = await Log.open({ dir, config });
      for (let i = 0; i < 40; i++) await log.append(batchOf(3, { timestamp: 50_000 + i * 10 }), 1);
      const active = log.segmentBaseOffsets().at(-1)!;
      // The active segment's index files are preallocated to segment.index.bytes (rounded to whole entries).
      expect((await stat(join(dir, `${String(active).padStart(20, '0')}.index`))).size).toBe(800);
      expect((await stat(join(dir, `${String(active).padStart(20, '0')}.timeindex`))).size).toBe(792);
      await log.close();

      const names = (await readdir(dir)).sort();
      expect(names).toContain('00000000000000000000.log');
      expect(names).toContain('00000000000000000000.index');
      expect(names).toContain('00000000000000000000.timeindex');
      expect(names).toContain('leader-epoch-checkpoint');
      expect(names.filter((n) => n.endsWith('.log')).every((n) => /^\d{20}\.log$/.test(n))).toBe(true);

      const [firstLog, secondLog] = await segmentLogs(dir);
      const batches = await batchesInFile(firstLog!);
      const index = await readFile(firstLog!.replace(/\.log$/, '.index'));
      expect(index.length % 8).toBe(0); // trimmed on roll/close
      expect(index.length).toBeGreaterThan(0);
      for (let i = 0; i < index.length; i += 8) {
        const relative = index.readInt32BE(i);
        const position = index.readInt32BE(i + 4);
        // Each entry maps a batch's last offset (relative to the base, 0 here) to where that batch starts.
        expect(batches.find((b) => b.position === position)?.lastOffset).toBe(relative);
      }
      const timeIndex = await readFile(firstLog!.replace(/\.log$/, '.timeindex'));
      expect(timeIndex.length % 12).toBe(0);
      const lastTs = Number(timeIndex.readBigInt64BE(timeIndex.length - 12));
      const lastRel = timeIndex.readInt32BE(timeIndex.length - 4);
      const lastBatch = batches.at(-1)!;
      expect(lastRel).toBe(lastBatch.lastOffset);
      expect(lastTs).toBe(50_000 + (batches.length - 1) * 10 + 2);
      expect(secondLog!.endsWith(`${String(lastBatch.lastOffset + 1).padStart(20, '0')}.log`)).toBe(true);
    } finally {
      await tmp.cleanup();
    }
  });

  it('writes the checkpoint files as Kafka does (version, count, entries)', async () => {
    const tmp = await tempDir();
    try {
      const manager = await LogManager.open({ logDirs: [tmp.path], defaultLogConfig: logConfig({ segmentBytes: 1_000, fileDeleteDelayMs: 0 }), scheduler: false });
      const a = await manager.getOrCreateLog({ topic: 'my-topic', partition: 0 });
      const b = await manager.getOrCreateLog({ topic: 'my-topic', partition: 1 });
      for (let i = 0; i < 20; i++) await a.append(batchOf(2), i < 10 ? 0 : 5);
      await b.append(batchOf(1), 2);
      a.updateHighWatermark(30);
      await a.deleteRecordsBefore(25);
      await manager.close();

      const lines = async (f: string): Promise<string[]> => (await readFile(join(tmp.path, f), 'utf8')).trimEnd().split('\n');
      expect(await lines('recovery-point-offset-checkpoint')).toEqual(['0', '2', 'my-topic 0 40', 'my-topic 1 1']);
      expect(await lines('log-start-offset-checkpoint')).toEqual(['0', '2', 'my-topic 0 25', 'my-topic 1 0']);
      expect(await lines('replication-offset-checkpoint')).toEqual(['0', '2', 'my-topic 0 30', 'my-topic 1 0']);
      const epochs = (await readFile(join(tmp.path, 'my-topic-0', 'leader-epoch-checkpoint'), 'utf8')).trimEnd().split('\n');
      expect(epochs).toEqual(['0', '1', '5 25']);
      expect(await readdir(join(tmp.path, 'my-topic-1'))).toContain('00000000000000000000.log');
    } finally {
      await tmp.cleanup();
    }
  });

  it('preallocates .log files with preallocate=true and trims them when the segment closes', async () => {
    const tmp = await tempDir();
    try {
      const dir = join(tmp.path, 'pre-0');
      const log = await Log.open({ dir, config: logConfig({ preallocate: true, segmentBytes: 5_000 }) });
      await log.append(batchOf(2), 0);
      const file = (await segmentLogs(dir))[0]!;
      expect((await stat(file)).size).toBe(5_000);
      await log.close();
      const size = (await stat(file)).size;
      expect(size).toBeLessThan(5_000);
      const again = await Log.open({ dir, config: logConfig({ preallocate: true, segmentBytes: 5_000 }), recoveryPoint: 0 });
      expect(again.logEndOffset).toBe(2);
      await again.close();
    } finally {
      await tmp.cleanup();
    }
  });
});
