/**
 * Kafka's `Utils.murmur2`: the 32-bit MurmurHash2 (seed 0x9747b28c) of the key bytes, as a signed int. The
 * default partitioner sends a keyed record to `toPositive(murmur2(key)) % numPartitions`, so the same key
 * lands on the same partition as with Kafka's Java producer.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = data[i4]! | (data[i4 + 1]! << 8) | (data[i4 + 2]! << 16) | (data[i4 + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= data[tail + 2]! << 16;
  if (rest >= 2) h ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which differs for negative values). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** The partition Kafka's default partitioner picks for a keyed record. */
export function partitionForKey(key: Uint8Array, numPartitions: number): number {
  return toPositive(murmur2(key)) % numPartitions;
}

/**
 * Kafka's built-in sticky partitioning for records without a key (KIP-480/KIP-794): keep sending to one
 * partition until about `batch.size` bytes went to it, then move to another chosen at random.
 */
export class StickyPartitioner {
  private current = new Map<string, { partition: number; bytes: number }>();

  constructor(
    private readonly batchSize: number,
    private readonly random: () => number = Math.random,
  ) {}

  /** The partition for a keyless record of `size` bytes on a topic with `numPartitions` partitions. */
  partition(topic: string, numPartitions: number, size: number): number {
    let sticky = this.current.get(topic);
    if (!sticky || sticky.partition >= numPartitions || sticky.bytes >= this.batchSize) {
      const previous = sticky?.partition ?? -1;
      let next = Math.floor(this.random() * numPartitions);
      if (numPartitions > 1 && next === previous) next = (next + 1) % numPartitions;
      sticky = { partition: next, bytes: 0 };
      this.current.set(topic, sticky);
    }
    sticky.bytes += size;
    return sticky.partition;
  }
}
