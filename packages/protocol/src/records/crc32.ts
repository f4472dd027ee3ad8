import { createRequire } from 'node:module';

/**
 * CRC-32 (IEEE 802.3, the zlib one), the checksum of legacy (magic 0 and 1) messages. Native from
 * `@node-rs/crc32` when its binary loads and passes the standard test vector, pure JS otherwise (same pattern
 * as {@link crc32c}).
 */
export type Crc32Fn = (data: Uint8Array, initial?: number) => number;

const TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** Pure-JS CRC-32; `initial` continues a running checksum. */
export function crc32Pure(data: Uint8Array, initial = 0): number {
  let crc = ~initial;
  for (let i = 0; i < data.length; i++) crc = TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

function loadNative(): Crc32Fn | null {
  try {
    const mod = createRequire(import.meta.url)('@node-rs/crc32') as { crc32: (input: Uint8Array, initial?: number | null) => number };
    const fn: Crc32Fn = (data, initial = 0) => mod.crc32(data, initial) >>> 0;
    return fn(Buffer.from('123456789')) === 0xcbf43926 ? fn : null;
  } catch {
    return null;
  }
}

const native = loadNative();

/** Which implementation {@link crc32} uses. */
export const crc32Implementation: 'native' | 'pure' = native ? 'native' : 'pure';

/** CRC-32 of `data` (continuing from `initial`), as an unsigned 32-bit number. */
export const crc32: Crc32Fn = native ?? crc32Pure;
