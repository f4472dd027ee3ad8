import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempDir } from '@tributary/test-kit';
import { CompressionType, encodeRecordBatchAsync, type RecordBatch } from '@tributary/protocol';
import { LogManager, logConfig, type Log, type LogConfig } from '@tributary/storage';
import { ManualClock, readAll } from '@tributary/storage/testing';

const DAY = 86_400_000;
const TP = { topic: 'compacted', partition: 0 };

interface Op {
  key: number;
  /** `null` is a tombstone. */
  value: string | null;
}

interface Stored extends Op {
  offset: number;
}

async function openManager(dir: string, clock: ManualClock, config: Partial<LogConfig> = {}): Promise<{ manager: LogManager; log: Log }> {
  const defaultLogConfig = logConfig({
    cleanupPolicy: ['compact'],
    segmentBytes: 700,
    minCleanableDirtyRatio: 0,
    deleteRetentionMs: DAY,
    fileDeleteDelayMs: 0,
    ...config,
  });
  const manager = await LogManager.open({ logDirs: [dir], defaultLogConfig, clock: clock.now, scheduler: false });
  return { manager, log: await manager.getOrCreateLog(TP) };
}

/** Appends the ops in batches of the given sizes (cycling), compressing some batches. Returns what went where. */
async function appendOps(log: Log, ops: readonly Op[], batchSizes: readonly number[], clock: ManualClock): Promise<Stored[]> {
  const stored: Stored[] = [];
  const codecs = [CompressionType.NONE, CompressionType.GZIP, CompressionType.NONE, CompressionType.LZ4, CompressionType.SNAPPY, CompressionType.ZSTD];
  let i = 0;
  for (let b = 0; i < ops.length; b++) {
    const n = Math.max(1, batchSizes[b % batchSizes.length]!);
    const chunk = ops.slice(i, i + n);
    const bytes = await encodeRecordBatchAsync({
      compression: codecs[b % codecs.length]!,
      records: chunk.map((op) => ({ timestamp: clock.time, key: Buffer.from(`key-${op.key}`), value: op.value === null ? null : Buffer.from(op.value) })),
    });
    const info = await log.append(bytes, 0);
    if (info.errorCode !== 0) throw new Error(`append failed ${info.errorCode}`);
    chunk.forEach((op, j) => stored.push({ ...op, offset: info.firstOffset + j }));
    i += n;
  }
  return stored;
}

/** Records in the log: `{ offset, key, value }`. */
function records(batches: readonly RecordBatch[]): Stored[] {
  return batches.flatMap((b) =>
    b.records.map((r) => ({ offset: r.offset, key: Number(r.key!.toString().slice(4)), value: r.value === null ? null : r.value.toString() })),
  );
}

/** The latest op per key. */
function latest(stored: readonly Stored[]): Map<number, Stored> {
  const m = new Map<number, Stored>();
  for (const s of stored) m.set(s.key, s);
  return m;
}

const opArb = fc.record({ key: fc.integer({ min: 0, max: 12 }), value: fc.option(fc.string({ minLength: 0, maxLength: 30 }), { freq: 4 }) });

describe('compaction (cleanup.policy=compact)', () => {
  it('keeps the latest record per key at its original offset; tombstones go once delete.retention.ms passed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 120 }), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 5 }), async (ops, sizes) => {
        const tmp = await tempDir();
        const clock = new ManualClock();
        const { manager, log } = await openManager(join(tmp.path, 'logs'), clock);
        try {
          const stored = await appendOps(log, ops, sizes, clock);
          await log.roll();
          log.updateHighWatermark(log.logEndOffset);
          const stats = await manager.runCleaner();
          expect(stats?.cleanedUpTo).toBe(log.logEndOffset);
          const byOffset = new Map(stored.map((s) => [s.offset, s]));
          // 1. After one pass: exactly the latest record of each key (tombstones included), unchanged, in order.
          const after = records(await readAll(log));
          const want = [...latest(stored).values()].sort((a, b) => a.offset - b.offset);
          expect(after).toEqual(want);
          for (const r of after) expect(r).toEqual(byOffset.get(r.offset));
          expect(log.logEndOffset).toBe(stored.length);

          // 2. Past the delete horizon a later pass removes the tombstones; values stay.
          clock.advance(DAY + 1);
          const extra = await appendOps(log, [{ key: 99, value: 'late' }], [1], clock);
          await log.roll();
          log.updateHighWatermark(log.logEndOffset);
          await manager.runCleaner();
          const final = records(await readAll(log));
          const wantFinal = [...want.filter((r) => r.value !== null), ...extra];
          expect(final).toEqual(wantFinal);
          expect(log.logEndOffset).toBe(stored.length + 1);
        } finally {
          await manager.close();
          await tmp.cleanup();
        }
      }),
      { numRuns: 30 },
    );
  });
});
