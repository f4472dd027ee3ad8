/**
 * Child process of the crash tests: opens (and so recovers) a log, then appends batches in a loop until it
 * is killed. Every value is derived from the offset it will get, so the parent can verify any recovered log.
 * After every few appends it flushes, writes the recovery-point checkpoint, and reports the flushed offset
 * on stdout ("flushed N") only once that is done. It never exits by itself.
 *
 * Protocol: it reads one JSON line of settings on stdin (so the parent can start it ahead of time), prints
 * "ready <logStartOffset> <logEndOffset> <truncatedBytes>", then appends.
 */
import { writeSync } from 'node:fs';
import { encodeRecordBatch } from '@tributary/protocol';
import { LogManager, logConfig } from '@tributary/storage';
import { payloadFor } from '../support/payload.js';

interface Settings {
  dir: string;
  seed: number;
  flushEvery: number;
  maxRecords: number;
  maxValue: number;
}

function say(line: string): void {
  writeSync(1, line + '\n');
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

async function main(settings: Settings): Promise<void> {
  const config = logConfig({
    segmentBytes: 8 * 1024 * 1024,
    indexIntervalBytes: 1024,
    retentionBytes: 24 * 1024 * 1024,
    retentionMs: -1,
    maxMessageBytes: 8 * 1024 * 1024,
    fileDeleteDelayMs: 0,
  });
  const manager = await LogManager.open({ logDirs: [settings.dir], defaultLogConfig: config, scheduler: false });
  const log = await manager.getOrCreateLog({ topic: 'crash', partition: 0 });
  say(`ready ${log.logStartOffset} ${log.logEndOffset} ${log.loadStats.truncatedBytes}`);
  const random = rng(settings.seed);
  for (let n = 1; ; n++) {
    const big = random() < 0.2;
    const count = 1 + Math.floor(random() * settings.maxRecords * (big ? 3 : 1));
    const base = log.logEndOffset;
    const records = Array.from({ length: count }, (_, i) => ({
      timestamp: Date.now(),
      key: null,
      value: payloadFor(base + i, big ? settings.maxValue * 32 : settings.maxValue),
    }));
    const batch = encodeRecordBatch({ records });
    const appending = log.append(batch, 1);
    // Tell the parent a large write is under way, so some kills land inside one (a torn tail).
    if (big) say(`writing ${batch.length}`);
    const result = await appending;
    if (result.errorCode !== 0) throw new Error(`append failed: ${JSON.stringify(result)}`);
    if (n % settings.flushEvery === 0) {
      log.updateHighWatermark(log.logEndOffset);
      await log.deleteOldSegments();
      await log.flush();
      await manager.checkpointRecoveryPoints();
      await manager.checkpointLogStartOffsets();
      say(`flushed ${log.recoveryPoint}`);
    }
  }
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  input += chunk;
  const nl = input.indexOf('\n');
  if (nl >= 0) {
    process.stdin.pause();
    main(JSON.parse(input.slice(0, nl)) as Settings).catch((e: unknown) => {
      console.error(e);
      process.exit(3);
    });
  }
});
