import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@tributary/test-kit';
import { encodeRecordBatch } from '@tributary/protocol';
import { Log, LogManager, logConfig, type LogConfig } from '@tributary/storage';
import { ManualClock, readAll } from '@tributary/storage/testing';
import { batchesInFile, segmentLogs } from './support/segment-files.js';

const DAY = 86_400_000;
const TP = { topic: 'rules', partition: 0 };

function keyed(pairs: readonly [string | null, string | null][], timestamp: number): Buffer {
  return encodeRecordBatch({
    records: pairs.map(([k, v]) => ({ timestamp, key: k === null ? null : Buffer.from(k), value: v === null ? null : Buffer.from(v) })),
  });
}

async function withCompacted(config: Partial<LogConfig>, body: (m: LogManager, log: Log, clock: ManualClock, dir: string) => Promise<void>): Promise<void> {
  const tmp = await tempDir();
  const clock = new ManualClock();
  const defaultLogConfig = logConfig({ cleanupPolicy: ['compact'], segmentBytes: 400, minCleanableDirtyRatio: 0, fileDeleteDelayMs: 0, ...config });
  const manager = await LogManager.open({ logDirs: [tmp.path], defaultLogConfig, clock: clock.now, scheduler: false });
  try {
    await body(manager, await manager.getOrCreateLog(TP), clock, tmp.path);
  } finally {
    await manager.close();
    await tmp.cleanup();
  }
}

const values = async (log: Log): Promise<string[]> =>
  (await readAll(log)).flatMap((b) => b.records.map((r) => `${r.offset}:${r.key?.toString() ?? '-'}=${r.value?.toString() ?? 'null'}`));

describe('compaction rules', () => {
  it('never touches the active segment', async () => {
    await withCompacted({ segmentBytes: 1_000_000 }, async (m, log, clock) => {
      for (let i = 0; i < 10; i++) await log.append(keyed([['k', `v${i}`]], clock.time), 0);
      log.updateHighWatermark(log.logEndOffset);
      expect(await m.runCleaner()).toBeNull();
      expect((await values(log)).length).toBe(10);
    });
  });

  it('waits for min.cleanable.dirty.ratio and skips records younger than min.compaction.lag.ms', async () => {
    await withCompacted({ minCleanableDirtyRatio: 0.5, minCompactionLagMs: 60_000 }, async (m, log, clock) => {
      for (let i = 0; i < 30; i++) await log.append(keyed([['k', `v${i}`]], clock.time), 0);
      await log.roll();
      log.updateHighWatermark(log.logEndOffset);
      expect(await m.runCleaner()).toBeNull(); // every segment is younger than the lag
      clock.advance(60_001);
      const first = await m.runCleaner();
      expect(first?.cleanedUpTo).toBe(30);
      expect(await values(log)).toEqual(['29:k=v29']);
      // One new batch as big as the clean part: a dirty ratio of about 1/2 is not above 0.5.
      await log.append(keyed([['k', 'w']], clock.time), 0);
      await log.roll();
      log.updateHighWatermark(log.logEndOffset);
      clock.advance(60_001);
      expect(await m.runCleaner()).toBeNull();
      // A second one makes it about 2/3.
      await log.append(keyed([['k', 'x']], clock.time), 0);
      await log.roll();
      log.updateHighWatermark(log.logEndOffset);
      clock.advance(60_001);
      const range = (await m.runCleaner())?.range;
      expect(range?.ratio).toBeGreaterThan(0.5);
      expect(await values(log)).toEqual(['31:k=x']);
    });
  });

  it('marks batches holding kept tombstones with a delete horizon (KIP-534) and drops keyless records', async () => {
    await withCompacted({ deleteRetentionMs: DAY }, async (m, log, clock) => {
      await log.append(keyed([['a', '1'], ['b', '1'], [null, 'keyless']], clock.time), 0);
      await log.append(keyed([['a', null], ['c', '3']], clock.time), 0);
      await log.roll();
      log.updateHighWatermark(log.logEndOffset);
      await m.runCleaner();
      const batches = await readAll(log);
      const withTombstone = batches.find((b) => b.records.some((r) => r.value === null))!;
      expect(withTombstone.hasDeleteHorizon).toBe(true);
      expect(withTombstone.baseTimestamp).toBe(clock.time + DAY);
      expect(withTombstone.records.map((r) => r.timestamp)).toEqual([clock.time, clock.time]);
      expect(await values(log)).toEqual(['1:b=1', '3:a=null', '4:c=3']);
    });
  });

  it('runs retention too with cleanup.policy=compact,delete', async () => {
    await withCompacted({ cleanupPolicy: ['compact', 'delete'], retentionMs: DAY }, async (m, log, clock) => {
      for (let i = 0; i < 20; i++) await log.append(keyed([[`k${i}`, 'v']], clock.time), 0);
      log.updateHighWatermark(log.logEndOffset);
      clock.advance(2 * DAY);
      expect(await m.runRetention()).toBeGreaterThan(0);
      expect(log.logStartOffset).toBe(20);
    });
  });

  it('keeps the cleaner checkpoint across restarts so clean data is not rescanned', async () => {
    const tmp = await tempDir();
    const clock = new ManualClock();
    const defaultLogConfig = logConfig({ cleanupPolicy: ['compact'], segmentBytes: 400, minCleanableDirtyRatio: 0, fileDeleteDelayMs: 0 });
    try {
      let m = await LogManager.open({ logDirs: [tmp.path], defaultLogConfig, clock: clock.now, scheduler: false });
      const log = await m.getOrCreateLog(TP);
      for (let i = 0; i < 20; i++) await log.append(keyed([[`k${i % 3}`, `v${i}`]], clock.time), 0);
      await log.roll();
      log.updateHighWatermark(log.logEndOffset);
      expect((await m.runCleaner())?.cleanedUpTo).toBe(20);
      await m.close();
      expect((await readFile(join(tmp.path, 'cleaner-offset-checkpoint'), 'utf8')).trim().split('\n')).toEqual(['0', '1', 'rules 0 20']);
      m = await LogManager.open({ logDirs: [tmp.path], defaultLogConfig, clock: clock.now, scheduler: false });
      expect(await m.runCleaner()).toBeNull();
      await m.close();
    } finally {
      await tmp.cleanup();
    }
  });

  it('finishes an interrupted segment swap on load and discards half-written cleaned files', async () => {
    const tmp = await tempDir();
    try {
      const dir = join(tmp.path, 'swap-0');
      const config = logConfig({ segmentBytes: 400 });
      let log = await Log.open({ dir, config });
      for (let i = 0; i < 20; i++) await log.append(keyed([[`k${i}`, `v${i}`]], 1_000), 0);
      await log.close();
      const [first, second] = await segmentLogs(dir);
      const stored = await batchesInFile(first!);
      const kept = stored.at(-1)!;
      // The "cleaner" kept only the last batch of the first segment and was killed right after the rename to .swap.
      const bytes = await readFile(first!);
      await writeFile(`${first}.swap`, bytes.subarray(kept.position, kept.position + kept.size));
      await writeFile(`${second}.cleaned`, Buffer.from('half written'));
      await copyFile(second!, `${second}.deleted`);
      log = await Log.open({ dir, config, hadCleanShutdown: true });
      const names = await readdir(dir);
      expect(names.filter((n) => /\.(swap|cleaned|deleted)$/.test(n))).toEqual([]);
      const offsets = (await readAll(log)).flatMap((b) => b.records.map((r) => r.offset));
      expect(offsets[0]).toBe(kept.baseOffset);
      expect(offsets.at(-1)).toBe(19);
      expect(log.logEndOffset).toBe(20);
      await log.close();
    } finally {
      await tmp.cleanup();
    }
  });
});
