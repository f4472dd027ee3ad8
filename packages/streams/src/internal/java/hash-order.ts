// Kafka prints some sets in java.util.HashSet iteration order (a source's topics, a processor's stores) and walks
// a HashMap when it wires the description's nodes. To print what Kafka prints, we reproduce that order: Java's
// String.hashCode, HashMap's hash spreading, its power-of-two table that doubles past a 0.75 load factor, and
// iteration by bucket then by insertion within a bucket (resizes keep that relative order). Buckets that Java
// would turn into trees (8+ colliding keys in a table of 64+) are not modelled; names never collide that much.

/** Java's `String.hashCode()`: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** HashMap.hash(): the high half folded into the low half. */
function spread(h: number): number {
  return h ^ (h >>> 16);
}

/** HashMap.tableSizeFor: the smallest power of two >= n (at least 1). */
function tableSizeFor(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

/**
 * The iteration order of a java.util.HashSet<String> (or HashMap keys) after inserting `items` in order into a
 * set created with `initialCapacity` (Java's default 16). Duplicates keep their first position.
 */
export function javaHashSetOrder(items: Iterable<string>, initialCapacity = 16): string[] {
  const unique: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (!seen.has(item)) {
      seen.add(item);
      unique.push(item);
    }
  }
  let capacity = tableSizeFor(initialCapacity);
  // A put that takes the size past capacity * 0.75 doubles the table.
  while (unique.length > capacity * 0.75) capacity *= 2;
  const mask = capacity - 1;
  return unique
    .map((key, index) => ({ key, index, bucket: spread(javaStringHash(key)) & mask }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((e) => e.key);
}

/**
 * The iteration order of `new HashSet<>(collection)`: Java sizes the table for the collection up front
 * (HashMap.newHashMap(max(n, 12)) in current JDKs), so small sets use 16 buckets.
 */
export function javaHashSetCopyOrder(items: readonly string[]): string[] {
  const n = Math.max(new Set(items).size, 12);
  return javaHashSetOrder(items, Math.ceil(n / 0.75));
}

/** Java's `AbstractCollection.toString()`: `[a, b, c]`. */
export function javaCollectionString(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}
