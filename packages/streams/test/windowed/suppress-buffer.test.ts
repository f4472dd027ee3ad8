import { afterEach, describe, expect, it } from 'vitest';
import { BufferConfig, Consumed, Produced, Serdes, StreamsBuilder, Suppressed, TaskId, TimeWindows, WindowedSerdes } from '../../src/index.js';
import type { Headers } from '../../src/common/headers.js';
import type { ChangelogRecord, StateRestoreCallback, StateStore } from '../../src/processor/state-store.js';
import type { InternalStateStoreContext } from '../../src/internal/state/store-context.js';
import { Change } from '../../src/internal/kstream/change.js';
import { TimeOrderedKeyValueBuffer, type Eviction } from '../../src/internal/kstream/suppress/time-ordered-buffer.js';
import { L, S, start, type Run } from './harness.js';

// The suppression buffer's changelog: Kafka's version-3 value layout (record context, prior/old/new values, buffer
// time) with header v=3, one record per key changed since the last flush and a tombstone for an evicted key; a new
// buffer restored from those records evicts the same entries in the same order.

interface Logged {
  key: Buffer;
  value: Buffer | null;
  headers: Headers | undefined;
}

function fakeContext(logged: Logged[], restores: StateRestoreCallback[]): InternalStateStoreContext {
  return {
    applicationId: () => 'app',
    taskId: () => new TaskId(0, 0),
    appConfigs: () => ({}),
    keySerde: () => Serdes.String(),
    valueSerde: () => Serdes.String(),
    stateDir: () => '/nonexistent',
    register: (_store: StateStore, restore: StateRestoreCallback) => void restores.push(restore),
    changelogFor: () => ({ topic: 'app-buf-changelog', partition: 0 }),
    logChange: (_store, key, value, _timestamp, headers) => void logged.push({ key, value, headers }),
    recordContext: () => ({ timestamp: 0, headers: undefined, topic: 'in', partition: 0, offset: 0 }),
    withRecordContext: (_c, fn) => fn(),
    cacheMaxBytes: () => 0,
    threadCache: () => undefined,
  };
}

const ctx = (timestamp: number, offset: number) => ({ timestamp, offset, topic: 'in', partition: 0, headers: [{ key: 'h', value: Buffer.from('v') }] });

function drain(buffer: TimeOrderedKeyValueBuffer<string, string>): [string, string | null, string | null, number][] {
  const out: [string, string | null, string | null, number][] = [];
  buffer.evictWhile(() => true, (e: Eviction<string, string>) => void out.push([e.key, e.value.newValue, e.value.oldValue, e.context.timestamp]));
  return out;
}

describe('TimeOrderedKeyValueBuffer changelog', () => {
  it("writes Kafka's v3 layout and restores the same buffer", () => {
    const logged: Logged[] = [];
    const restores: StateRestoreCallback[] = [];
    const buffer = new TimeOrderedKeyValueBuffer<string, string>('buf', undefined, undefined, true);
    buffer.init(fakeContext(logged, restores), buffer);
    buffer.put(5, 'b', new Change('b1', null), ctx(5, 1));
    buffer.put(3, 'a', new Change('a1', 'a0'), ctx(3, 0));
    buffer.put(9, 'a', new Change('a2', 'a1'), ctx(9, 2)); // keeps buffer time 3, prior value a0
    buffer.flush();
    expect(logged.map((l) => l.key.toString())).toEqual(['b', 'a']);
    expect(logged[0]!.headers?.lastHeader('v')?.value).toEqual(Buffer.from([3]));
    const expectedA = Buffer.concat([
      Buffer.from('0000000000000009' + '0000000000000002', 'hex'), // context timestamp, offset
      Buffer.from('00000002', 'hex'), Buffer.from('in'), Buffer.from('00000000', 'hex'), // topic, partition
      Buffer.from('00000001', 'hex'), Buffer.from('00000001', 'hex'), Buffer.from('h'), Buffer.from('00000001', 'hex'), Buffer.from('v'), // headers
      Buffer.from('00000002', 'hex'), Buffer.from('a0'), // prior value
      Buffer.from('00000002', 'hex'), Buffer.from('a1'), // old value
      Buffer.from('00000002', 'hex'), Buffer.from('a2'), // new value
      Buffer.from('0000000000000003', 'hex'), // buffer time
    ]);
    expect(logged[1]!.value).toEqual(expectedA);

    const restored = new TimeOrderedKeyValueBuffer<string, string>('buf', undefined, undefined, true);
    const restoredCallbacks: StateRestoreCallback[] = [];
    restored.init(fakeContext([], restoredCallbacks), restored);
    const records: ChangelogRecord[] = logged.map((l, offset) => ({ key: l.key, value: l.value, timestamp: 0, offset, headers: l.headers }));
    void restoredCallbacks[0]!(records);
    expect(restored.numRecords()).toBe(2);
    expect(restored.bufferSize()).toBe(buffer.bufferSize());
    expect(restored.minTimestamp()).toBe(3);
    expect(drain(restored)).toEqual([
      ['a', 'a2', 'a1', 9],
      ['b', 'b1', null, 5],
    ]);
  });

  it('logs a tombstone for an evicted key, and a restore applies it', () => {
    const logged: Logged[] = [];
    const buffer = new TimeOrderedKeyValueBuffer<string, string>('buf', undefined, undefined, true);
    buffer.init(fakeContext(logged, []), buffer);
    buffer.put(1, 'a', new Change('x', null), ctx(1, 0));
    buffer.put(2, 'b', new Change('y', null), ctx(2, 1));
    buffer.flush();
    buffer.evictWhile(() => buffer.minTimestamp() <= 1, () => {});
    buffer.flush();
    expect(logged.map((l) => [l.key.toString(), l.value === null])).toEqual([['a', false], ['b', false], ['a', true]]);
    const restores: StateRestoreCallback[] = [];
    const restored = new TimeOrderedKeyValueBuffer<string, string>('buf', undefined, undefined, true);
    restored.init(fakeContext([], restores), restored);
    void restores[0]!(logged.map((l, offset) => ({ key: l.key, value: l.value, timestamp: 0, offset, headers: l.headers })));
    expect(drain(restored)).toEqual([['b', 'y', null, 2]]);
  });
});

describe('the suppression buffer in a topology', () => {
  let run: Run | undefined;
  afterEach(async () => {
    await run?.close();
    run = undefined;
  });

  it('writes <application.id>-KTABLE-SUPPRESS-STATE-STORE-<n>-changelog; withLoggingDisabled writes none', async () => {
    const b = new StreamsBuilder();
    const counts = b.stream<string, string>('in', Consumed.with(S, S)).groupByKey().windowedBy(TimeWindows.ofSizeWithNoGrace(10)).count();
    counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded())).toStream().to('out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    counts.suppress(Suppressed.untilWindowCloses(BufferConfig.unbounded().withLoggingDisabled()).withName('quiet')).toStream().to('quiet-out', Produced.with(WindowedSerdes.timeWindowedSerdeFrom(S, 10), L));
    run = start(b);
    await run.pipe('in', [['a', '', 1], ['a', '', 12]]);
    const topics = [...run.driver.producedTopicNames()].sort();
    expect(topics).toEqual([
      'out',
      'quiet-out',
      'windowed-KSTREAM-AGGREGATE-STATE-STORE-0000000001-changelog',
      'windowed-KTABLE-SUPPRESS-STATE-STORE-0000000004-changelog',
    ]);
    expect(run.readTimeWindowed('out', 10)).toEqual([['a', 0, 10, 1, 1]]);
    expect(run.readTimeWindowed('quiet-out', 10)).toEqual([['a', 0, 10, 1, 1]]);
  });
});
