/**
 * Java's `String.hashCode()`: `s[0]*31^(n-1) + ... + s[n-1]` over UTF-16 code units, in 32-bit two's
 * complement. JavaScript strings are UTF-16 too, so `charCodeAt` gives exactly Java's `char`s.
 */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Kafka's `Utils.abs`: the absolute value, except that `Integer.MIN_VALUE` maps to 0 (not to itself). */
export function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/**
 * The `__consumer_offsets` partition that holds a group, computed as Kafka's `partitionFor(groupId)`:
 * `Utils.abs(groupId.hashCode) % offsets.topic.num.partitions`. Clients find the coordinator through it, and
 * Burrow and Kafka's tools expect a group's records there.
 */
export function partitionForGroup(groupId: string, numPartitions: number): number {
  return kafkaAbs(javaStringHashCode(groupId)) % numPartitions;
}
