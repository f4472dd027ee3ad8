import { createRequire } from 'node:module';

/**
 * CRC-32C (Castagnoli), the checksum of v2 record batches.
 *
 * Uses the SIMD native implementation from `@node-rs/crc32` when it loads (a prebuilt binary in the npm
 * package; measured at several GB/s), and falls back to a table-driven implementation in pure JS otherwise,
 * so the protocol package works on any platform.
 */
export type Crc32cFn = (data: Uint8Array, initial?: number) => number;

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** Pure-JS CRC-32C; `initial` continues a running checksum (pass the previous result). */
export function crc32cPure(data: Uint8Array, initial = 0): number {
  let crc = ~initial;
  for (let i = 0; i < data.length; i++) crc = TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

function loadNative(): Crc32cFn | null {
  try {
    const require = createRequire(import.meta.url);
    const mod = require('@node-rs/crc32') as { crc32c: (input: Uint8Array, initial?: number | null) => number };
    const fn: Crc32cFn = (data, initial = 0) => mod.crc32c(data, initial) >>> 0;
    // Self-check against the standard test vector before trusting the binary.
    return fn(Buffer.from('123456789')) === 0xe3069283 ? fn : null;
  } catch {
    return null;
  }
}

const native = loadNative();

/** Which implementation {@link crc32c} uses: `native` or `pure`. */
export const crc32cImplementation: 'native' | 'pure' = native ? 'native' : 'pure';

/** CRC-32C of `data` (continuing from `initial`), as an unsigned 32-bit number. */
export const crc32c: Crc32cFn = native ?? crc32cPure;
