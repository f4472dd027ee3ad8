import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { murmur2, partitionForKey, toPositive } from '@tributary/client';

describe("Kafka's default partitioner", () => {
  it("murmur2 gives the values of Kafka's UtilsTest.testMurmur2", () => {
    const cases: Array<[string, number]> = [
      ['21', -973932308],
      ['foobar', -790332482],
      ['a-little-bit-long-string', -985981536],
      ['a-little-bit-longer-string', -1486304829],
      ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
      ['abc', 479470107],
    ];
    for (const [key, hash] of cases) expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  it('toPositive clears the sign bit (not Math.abs)', () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(5)).toBe(5);
  });

  it("puts every key where kafkajs's Java-compatible DefaultPartitioner does", () => {
    const kafkajsPartition = Partitioners.DefaultPartitioner();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.integer({ min: 1, max: 100 }), (bytes, n) => {
        const key = Buffer.from(bytes);
        const partitionMetadata = Array.from({ length: n }, (_, partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
        const theirs = kafkajsPartition({ topic: 't', partitionMetadata, message: { key, value: null } });
        expect(partitionForKey(key, n)).toBe(theirs);
      }),
      { numRuns: 2000 },
    );
  });
});
