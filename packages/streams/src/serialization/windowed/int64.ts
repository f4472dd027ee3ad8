import { SerializationException } from '../../common/errors.js';

// Window keys carry times as Java longs: 8 bytes, big-endian, two's complement (ByteBuffer.putLong). Times here
// are JS numbers, so only safe integers are written and read; the two 32-bit halves avoid a BigInt per call on
// the store hot path.

const TWO_32 = 0x100000000;

/** Writes `value` (a safe integer) at `offset` as a big-endian 8-byte long. */
export function writeInt64BE(buf: Buffer, value: number, offset: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new SerializationException(`Cannot write ${String(value)} as a long: not an integer a JS number holds exactly`);
  }
  const hi = Math.floor(value / TWO_32);
  buf.writeInt32BE(hi, offset);
  buf.writeUInt32BE(value - hi * TWO_32, offset + 4);
}

/** Reads a big-endian 8-byte long at `offset`; refuses values a JS number cannot hold exactly. */
export function readInt64BE(buf: Buffer, offset: number): number {
  const hi = buf.readInt32BE(offset);
  const lo = buf.readUInt32BE(offset + 4);
  // A safe integer's high word lies in [-2^21, 2^21); -2^21 itself is safe only with a non-zero low word.
  if (hi >= 0x200000 || hi < -0x200000 || (hi === -0x200000 && lo === 0)) {
    throw new SerializationException(`Read the long ${buf.readBigInt64BE(offset)}, which a JS number cannot hold exactly`);
  }
  return hi * TWO_32 + lo;
}
