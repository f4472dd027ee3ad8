/**
 * Zig-zag varint helpers tuned for the record hot loops: they work on a raw buffer and a position instead of
 * a Reader/Writer object, so the per-record loop allocates nothing but the record itself.
 */

/** Bytes of the zig-zag varint of a 32-bit signed integer. */
export function sizeOfVarint(v: number): number {
  const u = ((v << 1) ^ (v >> 31)) >>> 0;
  if (u < 0x80) return 1;
  if (u < 0x4000) return 2;
  if (u < 0x200000) return 3;
  if (u < 0x10000000) return 4;
  return 5;
}

/** Above this magnitude `2 * v` is no longer exact in a double, so the slow paths switch to bigint. */
const EXACT_LIMIT = 2 ** 52;

function zigzagBig(v: number): bigint {
  const b = BigInt(v);
  return b >= 0n ? b << 1n : (-b << 1n) - 1n;
}

/** Bytes of the zig-zag varlong of a safe integer. */
export function sizeOfVarlong(v: number): number {
  if (v >= -0x40000000 && v < 0x40000000) return sizeOfVarint(v);
  if (v >= EXACT_LIMIT || v <= -EXACT_LIMIT) {
    let u = zigzagBig(v);
    let n = 1;
    while (u >= 0x80n) {
      u >>= 7n;
      n++;
    }
    return n;
  }
  let u = v >= 0 ? v * 2 : -v * 2 - 1;
  let n = 1;
  while (u >= 0x80) {
    u = Math.floor(u / 128);
    n++;
  }
  return n;
}

/** Writes the zig-zag varint of `v` (32-bit signed) at `pos`; returns the position after it. */
export function writeVarintAt(buf: Uint8Array, pos: number, v: number): number {
  let u = ((v << 1) ^ (v >> 31)) >>> 0;
  while (u >= 0x80) {
    buf[pos++] = (u & 0x7f) | 0x80;
    u >>>= 7;
  }
  buf[pos++] = u;
  return pos;
}

/** Writes the zig-zag varlong of the safe integer `v` at `pos`; returns the position after it. */
export function writeVarlongAt(buf: Uint8Array, pos: number, v: number): number {
  if (v >= -0x40000000 && v < 0x40000000) return writeVarintAt(buf, pos, v);
  if (v >= EXACT_LIMIT || v <= -EXACT_LIMIT) {
    let u = zigzagBig(v);
    while (u >= 0x80n) {
      buf[pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    buf[pos++] = Number(u);
    return pos;
  }
  let u = v >= 0 ? v * 2 : -v * 2 - 1;
  while (u >= 0x80) {
    buf[pos++] = (u % 128) | 0x80;
    u = Math.floor(u / 128);
  }
  buf[pos++] = u;
  return pos;
}
