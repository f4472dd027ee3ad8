import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { javaHashSetOrder, javaStringHash } from '../src/internal/java/hash-order.js';
import { JavaPriorityQueue } from '../src/internal/java/priority-queue.js';
import { JavaTreeSet } from '../src/internal/java/tree-set.js';

describe('Java collection orders the description relies on', () => {
  it('String.hashCode matches Java', () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('a')).toBe(97);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('KSTREAM-SOURCE-0000000000')).toBe(javaStringHash('KSTREAM-SOURCE-0000000000'));
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648); // a famous Integer.MIN_VALUE hash
  });

  it('HashSet order: by bucket, then insertion; the table grows past 12 entries', () => {
    expect(javaHashSetOrder(['b', 'a', 'q'])).toEqual(['a', 'q', 'b']); // 'a'=97 and 'q'=113 share bucket 1
    const many = Array.from({ length: 13 }, (_, i) => String.fromCharCode(97 + i));
    // 13 keys resize the table to 32: single letters 'a'..'m' (97..109) fall into buckets 1..13 in order.
    expect(javaHashSetOrder(many)).toEqual(many);
  });

  it('TreeSet with a stable comparator iterates in sorted order (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), (xs) => {
        const set = new JavaTreeSet<number>((a, b) => a - b);
        for (const x of xs) set.add(x);
        const expected = [...new Set(xs)].sort((a, b) => a - b);
        return JSON.stringify(set.toArray()) === JSON.stringify(expected) && set.size === expected.length;
      }),
    );
  });

  it('PriorityQueue polls in comparator order (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), (xs) => {
        const q = new JavaPriorityQueue<number>((a, b) => a - b);
        for (const x of xs) q.add(x);
        const out: number[] = [];
        while (q.size > 0) out.push(q.poll()!);
        return JSON.stringify(out) === JSON.stringify([...xs].sort((a, b) => a - b));
      }),
    );
  });
});
