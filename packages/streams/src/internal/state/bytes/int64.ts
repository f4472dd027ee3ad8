// 8-byte big-endian signed integers from and to JS numbers (safe integers) without BigInt: the hot paths
// (timestamped values, window and session keys) write and read one per operation, and BigInt allocates.

const TWO_32 = 4294967296;

export function writeInt64BE(buf: Buffer, value: number, offset: number): void {
  const hi = Math.floor(value / TWO_32);
  buf.writeInt32BE(hi, offset);
  buf.writeUInt32BE(value - hi * TWO_32, offset + 4);
}

export function readInt64BE(buf: Buffer, offset: number): number {
  return buf.readInt32BE(offset) * TWO_32 + buf.readUInt32BE(offset + 4);
}
