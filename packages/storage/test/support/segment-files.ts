import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Position, size and base offset of each batch in a `.log` file, read from the length fields. */
export interface StoredBatch {
  position: number;
  size: number;
  baseOffset: number;
  lastOffset: number;
}

/** Walks a segment file's batches by their length fields (the test's own view of the on-disk bytes). */
export async function batchesInFile(path: string): Promise<StoredBatch[]> {
  const data = await readFile(path);
  const out: StoredBatch[] = [];
  let pos = 0;
  while (pos + 61 <= data.length) {
    const size = data.readInt32BE(pos + 8) + 12;
    if (size < 61 || pos + size > data.length) break;
    const baseOffset = Number(data.readBigInt64BE(pos));
    out.push({ position: pos, size, baseOffset, lastOffset: baseOffset + data.readInt32BE(pos + 23) });
    pos += size;
  }
  return out;
}

/** The `.log` files of a partition folder, oldest first. */
export async function segmentLogs(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => /^\d{20}\.log$/.test(n)).sort().map((n) => join(dir, n));
}
