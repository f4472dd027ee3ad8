import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { javaStringHashCode, kafkaAbs, partitionForGroup } from '../../src/group/partitioner.js';

/** An independent reference: Java's hashCode with BigInt arithmetic over UTF-16 code units. */
function referenceHash(s: string): number {
  let h = 0n;
  for (let i = 0; i < s.length; i++) h = (h * 31n + BigInt(s.charCodeAt(i))) & 0xffffffffn;
  return Number(BigInt.asIntN(32, h));
}

describe('partition of a group in __consumer_offsets', () => {
  it('matches values of Java String.hashCode computed outside JavaScript', () => {
    // Values computed with a separate UTF-16 emulation of java.lang.String.hashCode.
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('a')).toBe(97);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('my-group')).toBe(-1906497762);
    expect(javaStringHashCode('é')).toBe(233);
    expect(javaStringHashCode('😀')).toBe(1772899); // a surrogate pair: two UTF-16 units, as in Java
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
  });

  it("uses Kafka's Utils.abs, which maps Integer.MIN_VALUE to 0", () => {
    expect(kafkaAbs(-2147483648)).toBe(0);
    expect(kafkaAbs(-5)).toBe(5);
    expect(partitionForGroup('polygenelubricants', 50)).toBe(0);
    expect(partitionForGroup('my-group', 50)).toBe(12);
    expect(partitionForGroup('console-consumer-12345', 50)).toBe(6);
    expect(partitionForGroup('streams-wordcount', 50)).toBe(35);
    expect(partitionForGroup('😀', 50)).toBe(49);
  });

  it('agrees with the BigInt reference for any string and partition count', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), fc.integer({ min: 1, max: 1000 }), (s, n) => {
        const h = referenceHash(s);
        const p = partitionForGroup(s, n);
        return javaStringHashCode(s) === h && p === (h === -2147483648 ? 0 : Math.abs(h)) % n && p >= 0 && p < n;
      }),
      { numRuns: 200 },
    );
  });
});
