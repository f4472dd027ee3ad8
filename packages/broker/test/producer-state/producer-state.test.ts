import { describe, expect, it } from 'vitest';
import { ProducerStateManager } from '../../src/producer-state/producer-state.js';

const batch = (producerEpoch: number, baseSequence: number, count = 1) => ({
  producerId: 7,
  producerEpoch,
  baseSequence,
  lastOffsetDelta: count - 1,
  maxTimestamp: 1000,
});

describe('ProducerStateManager', () => {
  it('accepts in-sequence batches and detects a retried batch as a duplicate with its original offsets', () => {
    const s = new ProducerStateManager();
    expect(s.check(batch(0, 0, 3))).toEqual({ kind: 'append' });
    s.update(batch(0, 0, 3), 100);
    expect(s.check(batch(0, 3, 2))).toEqual({ kind: 'append' });
    s.update(batch(0, 3, 2), 103);
    const dup = s.check(batch(0, 0, 3));
    expect(dup).toMatchObject({ kind: 'duplicate', batch: { firstOffset: 100, lastOffset: 102 } });
  });

  it('refuses a gap with OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    const s = new ProducerStateManager();
    s.update(batch(0, 0, 3), 0);
    expect(s.check(batch(0, 5))).toMatchObject({ kind: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
  });

  it('fences an older epoch and requires sequence 0 for a new epoch', () => {
    const s = new ProducerStateManager();
    s.update(batch(2, 0, 1), 0);
    expect(s.check(batch(1, 1))).toMatchObject({ kind: 'error', error: 'INVALID_PRODUCER_EPOCH' });
    expect(s.check(batch(3, 4))).toMatchObject({ kind: 'error', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect(s.check(batch(3, 0))).toEqual({ kind: 'append' });
  });

  it('keeps only the last five batches for duplicate detection', () => {
    const s = new ProducerStateManager();
    for (let i = 0; i < 6; i++) s.update(batch(0, i), i);
    expect(s.check(batch(0, 0)).kind).toBe('error');
    expect(s.check(batch(0, 1)).kind).toBe('duplicate');
  });

  it('wraps sequence numbers at Int32.MAX', () => {
    const s = new ProducerStateManager();
    s.update({ ...batch(0, 0x7fffffff - 1, 2) }, 0);
    expect(s.check(batch(0, 0))).toEqual({ kind: 'append' });
  });

  it('accepts any sequence from an unknown producer and ignores non-idempotent batches', () => {
    const s = new ProducerStateManager();
    expect(s.check(batch(0, 42))).toEqual({ kind: 'append' });
    expect(s.check({ ...batch(0, 42), producerId: -1 })).toEqual({ kind: 'append' });
  });
});
