// MurmurHash3, x64 128-bit variant, as Kafka Streams computes it (org.apache.kafka.streams.state.internals.
// Murmur3.hash128, after Apache Hive's port): both halves seeded with 104729, blocks of 16 bytes read little-
// endian, the standard tail and fmix64 finalization. Foreign-key joins hash the serialized left value with it to
// recognise stale responses. 64-bit arithmetic is done in BigInt, wrapped to 64 bits.

const MASK = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;
const N1 = 0x52dce729n;
const N2 = 0x38495ab5n;

/** Kafka's `Murmur3.DEFAULT_SEED`. */
export const DEFAULT_SEED = 104729;

const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;
const add = (a: bigint, b: bigint): bigint => (a + b) & MASK;
const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;

function fmix64(h: bigint): bigint {
  h ^= h >> 33n;
  h = mul(h, 0xff51afd7ed558ccdn);
  h ^= h >> 33n;
  h = mul(h, 0xc4ceb9fe1a85ec53n);
  h ^= h >> 33n;
  return h;
}

/** The little-endian 64-bit word of `data` at `at`, of `length` bytes (8, or fewer in the tail). */
function word(data: Uint8Array, at: number, length: number): bigint {
  let k = 0n;
  for (let i = length - 1; i >= 0; i--) k = (k << 8n) | BigInt(data[at + i]!);
  return k;
}

function mixK1(k1: bigint): bigint {
  return mul(rotl(mul(k1, C1), 31n), C2);
}

function mixK2(k2: bigint): bigint {
  return mul(rotl(mul(k2, C2), 33n), C1);
}

/**
 * The 128-bit hash of `data` as two unsigned 64-bit halves [h1, h2] (Kafka's `long[]`, read unsigned).
 */
export function murmur3Hash128(data: Uint8Array, seed: number = DEFAULT_SEED): [bigint, bigint] {
  // Java sign-extends the int seed into both longs.
  let h1 = BigInt.asUintN(64, BigInt(seed | 0));
  let h2 = h1;
  const length = data.length;
  const blocks = length >> 4;
  for (let i = 0; i < blocks; i++) {
    const at = i << 4;
    h1 ^= mixK1(word(data, at, 8));
    h1 = add(mul(add(rotl(h1, 27n), h2), 5n), N1);
    h2 ^= mixK2(word(data, at + 8, 8));
    h2 = add(mul(add(rotl(h2, 31n), h1), 5n), N2);
  }
  const tail = blocks << 4;
  const rest = length - tail;
  if (rest > 8) h2 ^= mixK2(word(data, tail + 8, rest - 8));
  if (rest > 0) h1 ^= mixK1(word(data, tail, Math.min(rest, 8)));
  const len = BigInt(length);
  h1 ^= len;
  h2 ^= len;
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  h1 = fmix64(h1);
  h2 = fmix64(h2);
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  return [h1, h2];
}

/** The hash as Kafka's wire form: h1 then h2, each 8 bytes big-endian (ByteBuffer.putLong). */
export function hashBytes(hash: readonly [bigint, bigint]): Buffer {
  const out = Buffer.allocUnsafe(16);
  out.writeBigUInt64BE(hash[0], 0);
  out.writeBigUInt64BE(hash[1], 8);
  return out;
}
