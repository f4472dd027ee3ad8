import { createHash } from 'node:crypto';

function seedOf(offset: number): Buffer {
  return createHash('sha256').update(String(offset)).digest();
}

/**
 * The value stored at `offset` by the crash tests: the offset (8 bytes) followed by a pattern derived from
 * the offset alone, of a length between 0 and `maxSize` also derived from it, so a verifier can tell that
 * each record sits at its own offset and is intact without knowing how it was written.
 */
export function payloadFor(offset: number, maxSize: number): Buffer {
  const seed = seedOf(offset);
  const len = maxSize <= 0 ? 0 : seed.readUInt32BE(0) % (maxSize + 1);
  const out = Buffer.alloc(8 + len);
  out.writeDoubleBE(offset, 0);
  for (let i = 0; i < len; i += 32) seed.copy(out, 8 + i, 0, Math.min(32, len - i));
  return out;
}

/** True if `value` has the form {@link payloadFor} gives for `offset` (whatever its length). */
export function isPayloadFor(value: Buffer | null, offset: number): boolean {
  if (value === null || value.length < 8 || value.readDoubleBE(0) !== offset) return false;
  const seed = seedOf(offset);
  for (let i = 8; i < value.length; i++) if (value[i] !== seed[(i - 8) % 32]) return false;
  return true;
}
