import { describe, expect, it } from 'vitest';
import { evaluateGroup, evaluatePartition, partitionStatus, type OffsetObservation } from '../src/lag/evaluator.js';
import { LagStore } from '../src/lag/store.js';
import { decodeOffsetsTopicRecord } from '../src/lag/offsets-topic.js';
import { OffsetCommitKey, OffsetCommitValue, Writer } from '@tributary/protocol';

// Burrow's four documented example windows (../shared/BURROW-LAG-RULES.md): ten observations one minute
// apart from T, evaluated at the time given.

const T = 1_700_000_000_000;
const MIN = 60_000;

function window(offsets: number[], lags: number[]): OffsetObservation[] {
  return offsets.map((offset, i) => ({ offset, lag: lags[i]!, timestamp: T + i * MIN, observedAt: T + i * MIN }));
}

const RISING = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

describe('Burrow\'s rules', () => {
  it('example 1: a zero lag in the window is OK', () => {
    const w = window(RISING, [0, 0, 0, 0, 0, 0, 1, 3, 5, 5]);
    expect(partitionStatus(w, 5, T + 540_000)).toBe('OK');
  });

  it('example 2: the same offset committed while the lag grows is STALL, the group ERR', () => {
    const w = window(Array(10).fill(10), [1, 1, 1, 1, 1, 2, 2, 2, 3, 3]);
    const p = evaluatePartition({ topic: 't', partition: 0, owner: '', clientId: '', window: w, currentLag: 3 }, 10, T + 540_000);
    expect(p.status).toBe('STALL');
    expect(evaluateGroup('local', 'g', [p]).status).toBe('ERR');
  });

  it('example 3: offsets advancing while the lag never shrinks is WARN', () => {
    const w = window(RISING, [1, 1, 1, 1, 1, 2, 2, 2, 3, 3]);
    const p = evaluatePartition({ topic: 't', partition: 0, owner: '', clientId: '', window: w, currentLag: 3 }, 10, T + 540_000);
    expect(p.status).toBe('WARN');
    expect(evaluateGroup('local', 'g', [p]).status).toBe('WARN');
  });

  it('example 4: no commit for longer than the window spans is STOP, the group ERR', () => {
    const w = window(RISING, [5, 3, 5, 2, 1, 1, 2, 1, 4, 6]);
    // 660 s since the last commit > 540 s between the first and the last.
    const p = evaluatePartition({ topic: 't', partition: 0, owner: '', clientId: '', window: w, currentLag: 6 }, 10, T + 1_200_000);
    expect(p.status).toBe('STOP');
    expect(evaluateGroup('local', 'g', [p]).status).toBe('ERR');
    // The same window evaluated at its last commit is OK: the lag went down along the way.
    expect(partitionStatus(w, 6, T + 540_000)).toBe('OK');
  });

  it('a consumer caught up with the log end is OK even when it stopped committing; an unknown lag (-1) counts as OK', () => {
    const w = window(RISING, [5, 3, 5, 2, 1, 1, 2, 1, 4, 6]);
    expect(partitionStatus(w, 0, T + 1_200_000)).toBe('OK');
    expect(partitionStatus(window([10, 20], [-1, 4]), 4, T + MIN)).toBe('OK');
  });

  it('checks STOP first, as Burrow 1.2 does: a stopped consumer is STOP even if it once had no lag, unless it was caught up moments ago', () => {
    const w = window(RISING, [0, 0, 0, 0, 0, 0, 1, 3, 5, 5]);
    expect(partitionStatus(w, 5, T + 1_200_000)).toBe('STOP');
    // A log-end offset seen in the last refreshes at or below the newest commit: caught up moments ago.
    expect(partitionStatus(w, 5, T + 1_200_000, [100, 104, 105])).toBe('OK');
    expect(partitionStatus(w, 5, T + 1_200_000, [104, 105])).toBe('STOP');
  });

  it('an offset that goes back is REWIND; a group is the worst of its partitions, capped at ERR', () => {
    const w = window([10, 20, 15], [1, 2, 3]);
    const rewind = evaluatePartition({ topic: 't', partition: 0, owner: '', clientId: '', window: w, currentLag: 3 }, 10, T + 2 * MIN);
    expect(rewind.status).toBe('REWIND');
    const ok = evaluatePartition({ topic: 't', partition: 1, owner: 'h', clientId: 'c', window: window([5], [0]), currentLag: 7 }, 10, T);
    const g = evaluateGroup('local', 'g', [rewind, ok]);
    expect(g).toMatchObject({ status: 'ERR', totallag: 10, partition_count: 2, complete: 0, maxlag: { partition: 1, current_lag: 7 } });
    expect(rewind.complete).toBeCloseTo(0.3);
  });
});

describe('LagStore', () => {
  it('keeps the last `intervals` commits, replaces commits closer than min-distance, computes lag at commit time', () => {
    const store = new LagStore({ intervals: 3, minDistanceMs: 1000 });
    store.setBrokerOffset('t', 0, 100);
    for (let i = 0; i < 5; i++) store.addCommit('g', 't', 0, 10 * (i + 1), T + i * MIN, T + i * MIN);
    store.addCommit('g', 't', 0, 55, T + 4 * MIN + 500, T);
    const s = store.evaluate('local', 'g', T + 4 * MIN + 500)!;
    expect(s.partitions[0]).toMatchObject({ start: { offset: 30, lag: 70 }, end: { offset: 55, lag: 45 }, current_lag: 45, complete: 1, status: 'OK' });
    expect(store.evaluate('local', 'nobody', T)).toBeNull();
    store.deleteCommit('g', 't', 0);
    expect(store.groupNames()).toEqual([]);
  });

  it('reads offset commits and tombstones from __consumer_offsets records', () => {
    const key = new Writer().writeInt16(1);
    OffsetCommitKey.write(key, 1, { group: 'g', topic: 't', partition: 2 });
    const value = new Writer().writeInt16(3);
    OffsetCommitValue.write(value, 3, OffsetCommitValue.create({ offset: 42n, leaderEpoch: -1, metadata: '', commitTimestamp: 1234n }));
    expect(decodeOffsetsTopicRecord(key.toBuffer(), value.toBuffer())).toEqual({ type: 'commit', group: 'g', topic: 't', partition: 2, offset: 42, timestamp: 1234 });
    expect(decodeOffsetsTopicRecord(key.toBuffer(), null)).toEqual({ type: 'commit-deleted', group: 'g', topic: 't', partition: 2 });
    expect(decodeOffsetsTopicRecord(Buffer.from([0, 9, 1]), null)).toEqual({ type: 'other' });
  });
});
