/**
 * Partition log throughput and recovery; started by `log.bench.ts`.
 *
 * - Append throughput of 1 MiB and 16 KiB batches, beside a plain sequential `FileHandle.write` of the same
 *   buffers to the same disk in the same run. Target: appends of 1 MiB batches at >= 80% of the plain rate.
 * - Read throughput (log.read + reading the returned file ranges, 1 MiB per fetch) beside plain `read`s of
 *   the same file in the same chunk size.
 * - Load time of a 1 GiB log after a clean shutdown, after an unclean one (recovery from the checkpointed
 *   recovery point) and the worst case (no checkpoint: every byte re-checked).
 *
 * Neither side fsyncs (Kafka's default relies on the page cache), so these are page-cache rates. Files live
 * in a temp folder that is removed at the end; about 1 GiB exists at a time at most.
 */
import { open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { encodeRecordBatch } from '@tributary/protocol';
import { Log, LogManager, logConfig, StorageErrorCode, type FileSlice } from '@tributary/storage';
import { measureIo, printIoTable, timeMs, type IoFigure, type IoRow } from './io-measure.js';

const MiB = 1024 * 1024;
const ROUNDS = 5;

/** A v2 batch of about `size` bytes made of 1 KiB records. */
function batchOfSize(size: number): Buffer {
  const count = Math.max(1, Math.floor((size - 61) / 1040));
  const value = Buffer.alloc(1024, 0x61);
  return encodeRecordBatch({ records: Array.from({ length: count }, (_, i) => ({ timestamp: 1_700_000_000_000 + i, key: null, value })) });
}

const config = logConfig({ maxMessageBytes: 8 * MiB, fileDeleteDelayMs: 0 });

/** Plain sequential writes of the same buffers: the baseline. */
function plainWrite(path: string, batch: Buffer, count: number) {
  return {
    setup: () => open(path, 'w'),
    run: async (fh: FileHandle) => {
      let pos = 0;
      for (let i = 0; i < count; i++) {
        await fh.write(batch, 0, batch.length, pos);
        pos += batch.length;
      }
    },
    teardown: async (fh: FileHandle) => {
      await fh.close();
      await rm(path);
    },
  };
}

/** The same buffers appended to a fresh log (open and close are not timed: close fsyncs). */
function logAppend(dir: string, batch: Buffer, count: number) {
  return {
    setup: () => Log.open({ dir, config }),
    run: async (log: Log) => {
      for (let i = 0; i < count; i++) {
        const r = await log.append(batch, 0);
        if (r.errorCode !== StorageErrorCode.NONE) throw new Error(`append failed: ${r.errorCode}`);
      }
    },
    teardown: async (log: Log) => {
      await log.close();
      await rm(dir, { recursive: true });
    },
  };
}

async function appendRows(root: string): Promise<IoRow[]> {
  const rows: IoRow[] = [];
  for (const [label, size, total, target] of [
    ['1 MiB', MiB, 512 * MiB, 0.8],
    ['16 KiB', 16 * 1024, 256 * MiB, undefined],
  ] as const) {
    const batch = batchOfSize(size);
    const count = Math.floor(total / batch.length);
    const bytes = count * batch.length;
    // Warm up both paths (JIT, file system) before measuring.
    await measureIo('warm-up', 1, 1, plainWrite(join(root, 'warm'), batch, Math.min(count, 64)));
    await measureIo('warm-up', 1, 1, logAppend(join(root, 'warm-0'), batch, Math.min(count, 64)));
    // Alternate the two so background writeback of one round weighs on both alike.
    const base: IoFigure[] = [];
    const mine: IoFigure[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      base.push(await measureIo(`fs write ${label}`, bytes, 1, plainWrite(join(root, 'plain'), batch, count)));
      mine.push(await measureIo(`Log.append ${label} batches`, bytes, 1, logAppend(join(root, 'append-0'), batch, count)));
    }
    rows.push({ figure: median(mine), baseline: median(base), ...(target === undefined ? {} : { targetRatio: target }) });
  }
  return rows;
}

function median(figures: readonly IoFigure[]): IoFigure {
  const sorted = [...figures].sort((a, b) => a.mbPerSec - b.mbPerSec);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function readRows(root: string): Promise<IoRow[]> {
  const rows: IoRow[] = [];
  for (const [label, size] of [
    ['1 MiB', MiB],
    ['16 KiB', 16 * 1024],
  ] as const) {
    const dir = join(root, `read-${size}-0`);
    const log = await Log.open({ dir, config });
    const batch = batchOfSize(size);
    const count = Math.floor((512 * MiB) / batch.length);
    for (let i = 0; i < count; i++) await log.append(batch, 0);
    const bytes = log.size;
    const chunk = MiB + 2 * batch.length;
    const buf = Buffer.allocUnsafe(chunk);
    const segmentPath = join(dir, '00000000000000000000.log');
    const plainRead = {
      setup: () => open(segmentPath, 'r'),
      run: async (fh: FileHandle) => {
        for (let pos = 0; pos < bytes; ) {
          const { bytesRead } = await fh.read(buf, 0, Math.min(MiB, bytes - pos), pos);
          pos += bytesRead;
        }
      },
      teardown: (fh: FileHandle) => fh.close(),
    };
    // A consumer-like loop: fetch up to 1 MiB from the next offset, read the returned ranges.
    const consume = (target: Log) => ({
      setup: async () => undefined,
      teardown: async () => undefined,
      run: async (): Promise<void> => {
        for (let offset = 0; offset < target.logEndOffset; ) {
          const r = await target.read(offset, MiB, target.logEndOffset);
          if (r.errorCode !== StorageErrorCode.NONE || r.slices.length === 0) throw new Error(`read failed at ${offset}`);
          for (const s of r.slices as FileSlice[]) await s.handle.read(buf, 0, s.size, s.position);
          offset = nextOffsetAfter(buf, r.slices as FileSlice[]);
        }
      },
    });
    // Rounds alternate with the baseline so that load from elsewhere weighs on both alike.
    const base: IoFigure[] = [];
    const hot: IoFigure[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      base.push(await measureIo(`fs read 1 MiB chunks (${label} file)`, bytes, 1, plainRead));
      hot.push(await measureIo(`Log.read ${label} batches, 1 MiB fetches`, bytes, 1, consume(log)));
    }
    // The same after a reopen: no in-memory batch table, lookups go through the offset index and header scans.
    await log.close();
    const reopened = await Log.open({ dir, config, hadCleanShutdown: true });
    const cold: IoFigure[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      base.push(await measureIo(`fs read 1 MiB chunks (${label} file)`, bytes, 1, plainRead));
      cold.push(await measureIo('  same, reopened (index lookups)', bytes, 1, consume(reopened)));
    }
    const baseline = median(base);
    rows.push({ figure: median(hot), baseline }, { figure: median(cold), baseline });
    await reopened.close();
    await rm(dir, { recursive: true });
  }
  return rows;
}

/** The offset after the last batch of a read whose last slice was just read into `buf`. */
function nextOffsetAfter(buf: Buffer, slices: readonly FileSlice[]): number {
  const last = slices.at(-1)!;
  let pos = 0;
  let next = 0;
  while (pos < last.size) {
    const base = Number(buf.readBigInt64BE(pos));
    next = base + buf.readInt32BE(pos + 23) + 1;
    pos += buf.readInt32BE(pos + 8) + 12;
  }
  return next;
}

async function recoveryTimes(root: string): Promise<void> {
  const dir = join(root, 'recovery');
  const tp = { topic: 'bench', partition: 0 };
  const open1 = (): Promise<LogManager> => LogManager.open({ logDirs: [dir], defaultLogConfig: config, scheduler: false });
  let m = await open1();
  const log = await m.getOrCreateLog(tp);
  const batch = batchOfSize(MiB);
  while (log.size < 1024 * MiB) await log.append(batch, 0);
  const gib = (log.size / (1024 * MiB)).toFixed(2);
  await m.close();
  const clean = await timeMs(ROUNDS, async () => {
    m = await open1();
    await m.close();
  });
  const fromCheckpoint = await timeMs(ROUNDS, async () => {
    await rm(join(dir, '.kafka_cleanshutdown'));
    m = await open1();
    await m.close();
  });
  const worst = await timeMs(ROUNDS, async () => {
    const l = await Log.open({ dir: join(dir, 'bench-0'), config, recoveryPoint: 0 });
    await l.close();
  });
  console.log(`\nload time of a ${gib} GiB log (1 MiB batches, warm page cache), median of ${ROUNDS}:`);
  console.log(`  after a clean shutdown (marker present, no scan):              ${clean.toFixed(1)} ms`);
  console.log(`  after an unclean shutdown (recovery from the checkpoint):      ${fromCheckpoint.toFixed(1)} ms`);
  console.log(`  unclean, no recovery checkpoint (every batch re-checked):      ${worst.toFixed(0)} ms  (${((1024 * +gib) / (worst / 1000)).toFixed(0)} MiB/s)`);
  await rm(dir, { recursive: true });
}

const root = await mkdtemp(join(tmpdir(), 'tributary-log-bench-'));
try {
  console.log('append (page cache, no fsync on either side):');
  printIoTable(await appendRows(root));
  console.log('\nread (page cache):');
  printIoTable(await readRows(root));
  await recoveryTimes(root);
} finally {
  await rm(root, { recursive: true, force: true });
}
