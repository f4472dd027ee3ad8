/**
 * The storage baseline of the broker benchmark: the same messages, encoded as v2 record batches of at most
 * 16 KiB (before the clock starts), appended straight into a `Log` of `@tributary/storage` one after another —
 * what the broker does for a produce request minus the network, the protocol and the request handling.
 */
import { join } from 'node:path';
import { encodeRecordBatch } from '@tributary/protocol';
import { Log } from '@tributary/storage';
import { MESSAGE_BYTES, messageAt } from './payload.js';

/** Largest batch size the baseline builds. */
const BATCH_LIMIT = 16 * 1024;

/** Encodes all messages into batches of at most {@link BATCH_LIMIT} bytes. */
export function encodeBatches(all: Buffer): Buffer[] {
  const count = all.length / MESSAGE_BYTES;
  const timestamp = Date.now();
  const encode = (from: number, n: number): Buffer =>
    encodeRecordBatch({ records: Array.from({ length: n }, (_, i) => ({ value: messageAt(all, from + i), timestamp })) });
  let perBatch = Math.floor(BATCH_LIMIT / MESSAGE_BYTES);
  while (perBatch > 1 && encode(0, perBatch).length > BATCH_LIMIT) perBatch--;
  const batches: Buffer[] = [];
  for (let from = 0; from < count; from += perBatch) batches.push(encode(from, Math.min(perBatch, count - from)));
  return batches;
}

/** What {@link measureStorageAppend} measured. */
export interface AppendRun {
  readonly messages: number;
  readonly batches: number;
  readonly seconds: number;
  readonly cpuSeconds: number;
}

/** Appends `batches` (each awaited before the next, as one partition's appends are) into a fresh log. */
export async function measureStorageAppend(dir: string, batches: readonly Buffer[]): Promise<AppendRun> {
  const log = await Log.open({ dir: join(dir, 'storage-bench-0') });
  try {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (const batch of batches) {
      const r = await log.append(batch, 0);
      if ('message' in r) throw new Error(`append failed: ${r.message}`);
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    return { messages: log.logEndOffset, batches: batches.length, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  } finally {
    await log.close();
  }
}
