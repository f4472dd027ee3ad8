import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, waitFor } from '@tributary/test-kit';
import { LogManager, logConfig, logManagerConfigFromBrokerProps } from '@tributary/storage';
import { ManualClock, batchOf } from '@tributary/storage/testing';

describe('LogManager', () => {
  it('spreads new logs over the log dirs, reloads them, and deletes them safely', async () => {
    const a = await tempDir();
    const b = await tempDir();
    try {
      let m = await LogManager.open({ logDirs: [a.path, b.path], scheduler: false });
      for (let p = 0; p < 4; p++) await (await m.getOrCreateLog({ topic: 'orders', partition: p })).append(batchOf(p + 1), 0);
      expect((await readdir(a.path)).filter((n) => n.startsWith('orders-')).length).toBe(2);
      expect((await readdir(b.path)).filter((n) => n.startsWith('orders-')).length).toBe(2);
      await m.close();

      m = await LogManager.open({ logDirs: [a.path, b.path], scheduler: false });
      expect(m.allLogs().map((l) => l.log.logEndOffset).sort()).toEqual([1, 2, 3, 4]);
      const doomed = m.getLog({ topic: 'orders', partition: 2 })!;
      const doomedDir = doomed.dir;
      expect(await m.deleteLog({ topic: 'orders', partition: 2 })).toBe(true);
      expect(m.getLog({ topic: 'orders', partition: 2 })).toBeUndefined();
      await expect(stat(doomedDir)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await m.deleteLog({ topic: 'orders', partition: 2 })).toBe(false);
      await m.close();
      m = await LogManager.open({ logDirs: [a.path, b.path], scheduler: false });
      expect(m.allLogs().length).toBe(3);
      await m.close();
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  it('removes folders left as -delete by an interrupted deletion and ignores other folders', async () => {
    const a = await tempDir();
    try {
      let m = await LogManager.open({ logDirs: [a.path], scheduler: false });
      await m.getOrCreateLog({ topic: 't', partition: 0 });
      await m.close();
      const { mkdir, rename } = await import('node:fs/promises');
      await rename(join(a.path, 't-0'), join(a.path, 't-0.abc123-delete'));
      await mkdir(join(a.path, 'not a partition'));
      m = await LogManager.open({ logDirs: [a.path], scheduler: false });
      expect(m.allLogs()).toEqual([]);
      expect((await readdir(a.path)).sort()).toContain('not a partition');
      expect(await readdir(a.path)).not.toContain('t-0.abc123-delete');
      await m.close();
    } finally {
      await a.cleanup();
    }
  });

  it('opens one log when asked for the same partition concurrently', async () => {
    const a = await tempDir();
    try {
      const m = await LogManager.open({ logDirs: [a.path], scheduler: false });
      const tp = { topic: 'race', partition: 0 };
      const [x, y] = await Promise.all([m.getOrCreateLog(tp), m.getOrCreateLog(tp)]);
      expect(x).toBe(y);
      await m.close();
    } finally {
      await a.cleanup();
    }
  });

  it('applies topic config overrides, also at run time', async () => {
    const a = await tempDir();
    try {
      const m = await LogManager.open({ logDirs: [a.path], scheduler: false, defaultLogConfig: logConfig({ retentionMs: 1_000 }) });
      const log = await m.getOrCreateLog({ topic: 'orders', partition: 0 }, { 'segment.bytes': '2000' });
      expect(log.config.segmentBytes).toBe(2000);
      expect(log.config.retentionMs).toBe(1000);
      m.updateTopicConfig('orders', { 'segment.bytes': '3000', 'cleanup.policy': 'compact,delete' });
      expect(log.config.segmentBytes).toBe(3000);
      expect(log.config.cleanupPolicy).toEqual(['compact', 'delete']);
      expect(() => m.updateTopicConfig('orders', { 'segment.bytes': 'lots' })).toThrow(expect.objectContaining({ code: 'STORAGE_INVALID_CONFIG' }));
      expect(log.config.segmentBytes).toBe(3000);
      await m.close();
    } finally {
      await a.cleanup();
    }
  });

  it('runs retention and writes checkpoints on its schedule', async () => {
    const a = await tempDir();
    const clock = new ManualClock();
    try {
      const m = await LogManager.open({
        logDirs: [a.path],
        clock: clock.now,
        defaultLogConfig: logConfig({ segmentBytes: 300, retentionMs: 1_000, fileDeleteDelayMs: 0 }),
        retentionCheckIntervalMs: 20,
        recoveryPointCheckpointIntervalMs: 20,
        highWatermarkCheckpointIntervalMs: 20,
        cleanerEnable: false,
      });
      const log = await m.getOrCreateLog({ topic: 'old', partition: 0 });
      for (let i = 0; i < 10; i++) await log.append(batchOf(2, { timestamp: clock.time }), 0);
      log.updateHighWatermark(log.logEndOffset);
      await log.flush();
      clock.advance(5_000);
      await waitFor('retention to delete the expired segments', () => log.logStartOffset === 20);
      await waitFor('the recovery-point checkpoint', async () => (await stat(join(a.path, 'recovery-point-offset-checkpoint')).catch(() => null)) !== null);
      await m.close();
    } finally {
      await a.cleanup();
    }
  });

  it('checkpoints the lowered recovery point right after a truncation', async () => {
    const a = await tempDir();
    try {
      const m = await LogManager.open({ logDirs: [a.path], scheduler: false });
      const log = await m.getOrCreateLog({ topic: 'f', partition: 0 });
      for (let i = 0; i < 5; i++) await log.append(batchOf(2), 0);
      await log.flush();
      await m.checkpointRecoveryPoints();
      await log.truncateTo(4);
      const { readFile } = await import('node:fs/promises');
      expect((await readFile(join(a.path, 'recovery-point-offset-checkpoint'), 'utf8')).trim().split('\n')).toEqual(['0', '1', 'f 0 4']);
      await m.close();
    } finally {
      await a.cleanup();
    }
  });

  it('reads broker properties with Kafka names and defaults', () => {
    const c = logManagerConfigFromBrokerProps({ 'log.dirs': '/a, /b', 'log.retention.hours': '1', 'log.cleaner.enable': 'false', 'log.segment.bytes': '1048576' });
    expect(c.logDirs).toEqual(['/a', '/b']);
    expect(c.cleanerEnable).toBe(false);
    expect(c.retentionCheckIntervalMs).toBe(300_000);
    expect(c.defaultLogConfig.retentionMs).toBe(3_600_000);
    expect(c.defaultLogConfig.segmentBytes).toBe(1_048_576);
  });
});
