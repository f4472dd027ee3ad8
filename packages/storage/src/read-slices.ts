import type { LogSlice } from './log-types.js';
import { readFully } from './internal/batch-scan.js';

/** Copies the bytes of read slices into one buffer, in order (the convenience over file ranges). */
export async function readSlices(slices: readonly LogSlice[]): Promise<Buffer> {
  const total = slices.reduce((n, s) => n + (s.kind === 'file' ? s.size : s.buffer.length), 0);
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const s of slices) {
    if (s.kind === 'buffer') {
      s.buffer.copy(out, at);
      at += s.buffer.length;
      continue;
    }
    const n = await readFully(s.handle, out.subarray(at, at + s.size), s.size, s.position);
    at += n;
  }
  return at === total ? out : out.subarray(0, at);
}
