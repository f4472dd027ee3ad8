import { describe, expect, it } from 'vitest';
import { tempDir } from '@tributary/test-kit';
import { decodeRecordBatches } from '@tributary/protocol';
import { Log, logConfig, StorageErrorCode } from '@tributary/storage';
import { makeBatch } from './support/batches.js';

describe('smoke', () => {
  it('appends, reads, reopens', async () => {
    const tmp = await tempDir();
    try {
      const dir = `${tmp.path}/t-0`;
      const log = await Log.open({ dir, config: logConfig({ segmentBytes: 1000 }) });
      for (let i = 0; i < 20; i++) {
        const r = await log.append(makeBatch({ count: 3, timestamp: 1000 + i * 10 }), 5);
        expect(r.errorCode).toBe(0);
      }
      expect(log.logEndOffset).toBe(60);
      expect(log.segmentCount).toBeGreaterThan(1);
      log.updateHighWatermark(60);
      const r = await log.readBytes(31, 10_000);
      if (r.errorCode !== StorageErrorCode.NONE) throw new Error('x');
      const batches = decodeRecordBatches(r.records);
      expect(batches[0]!.baseOffset).toBe(30);
      const t = await log.offsetForTimestamp(1052);
      expect(t?.offset).toBe(17);
      await log.close();
      const again = await Log.open({ dir, config: logConfig({ segmentBytes: 1000 }), hadCleanShutdown: true });
      expect(again.logEndOffset).toBe(60);
      const r2 = await again.readBytes(0, 100_000);
      if (r2.errorCode !== StorageErrorCode.NONE) throw new Error('x');
      expect(decodeRecordBatches(r2.records).length).toBe(20);
      await again.close();
      const third = await Log.open({ dir, config: logConfig({ segmentBytes: 1000 }) });
      expect(third.logEndOffset).toBe(60);
      expect(third.loadStats.recoveredSegments).toBe(third.segmentCount);
      await third.close();
    } finally {
      await tmp.cleanup();
    }
  });
});
