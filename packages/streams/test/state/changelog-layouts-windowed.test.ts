import { afterEach, describe, expect, it } from 'vitest';
import { SessionWindow, Serdes, Stores, ValueAndTimestamp, Windowed } from '../../src/index.js';
import { StoreTestContext } from '../../src/testing/index.js';

const contexts: StoreTestContext[] = [];
function newContext(): StoreTestContext {
  const c = new StoreTestContext();
  contexts.push(c);
  return c;
}
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});
const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));

describe('window store changelog layout', () => {
  it('logs [key][8-byte start][4-byte seqnum 0] and the value at the record timestamp', async () => {
    const context = newContext();
    const store = Stores.windowStoreBuilder(Stores.persistentWindowStore('w', 60_000, 10, false), Serdes.String(), Serdes.Long()).build();
    await store.init(context, store);
    context.setTime(77);
    store.put('ab', 3, 0x0102030405);
    store.put('ab', null, 0x0102030405);
    expect(context.logged.map((c) => [hex(c.key), hex(c.value), c.timestamp])).toEqual([
      ['6162' + '0000000102030405' + '00000000', '0000000000000003', 77],
      ['6162' + '0000000102030405' + '00000000', null, 77],
    ]);
    await store.close();
  });

  it('retaining duplicates: every put gets the next seqnum, all values are kept, nulls delete nothing', async () => {
    const context = newContext();
    const store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore('j', 60_000, 10, true), Serdes.String(), Serdes.String()).build();
    await store.init(context, store);
    store.put('k', 'a', 5);
    store.put('k', 'b', 5);
    store.put('k', null, 5);
    expect(context.logged.map((c) => hex(c.key)!.slice(-8))).toEqual(['00000001', '00000002', '00000003']);
    const values: string[] = [];
    for await (const kv of store.fetch('k', 0, 10)) values.push(`${kv.key}=${kv.value}`);
    expect(values).toEqual(['5=a', '5=b']);
    await store.close();
  });

  it('timestamped: logs the plain value with the value timestamp; restores by prefixing the record timestamp', async () => {
    const context = newContext();
    const store = Stores.timestampedWindowStoreBuilder(Stores.persistentTimestampedWindowStore('tw', 60_000, 10, false), Serdes.String(), Serdes.String()).build();
    await store.init(context, store);
    store.put('k', ValueAndTimestamp.make('v', 123), 100);
    expect(context.logged.map((c) => [hex(c.key), c.value?.toString(), c.timestamp])).toEqual([['6b' + '0000000000000064' + '00000000', 'v', 123]]);
    await store.close();
    const fresh = newContext();
    const restored = Stores.timestampedWindowStoreBuilder(Stores.persistentTimestampedWindowStore('tw', 60_000, 10, false), Serdes.String(), Serdes.String()).build();
    await restored.init(fresh, restored);
    await fresh.restore('tw', context.changelog('tw'));
    expect(restored.fetch('k', 100)?.toString()).toBe('<v,123>');
    await restored.close();
  });
});

describe('session store changelog layout', () => {
  it('logs [key][8-byte end][8-byte start] with the aggregate, and a tombstone on remove', async () => {
    const context = newContext();
    const store = Stores.sessionStoreBuilder(Stores.persistentSessionStore('s', 60_000), Serdes.String(), Serdes.Long()).build();
    await store.init(context, store);
    context.setTime(9);
    store.put(new Windowed('k', new SessionWindow(0x10, 0x20)), 7);
    store.remove(new Windowed('k', new SessionWindow(0x10, 0x20)));
    expect(context.logged.map((c) => [hex(c.key), hex(c.value), c.timestamp])).toEqual([
      ['6b' + '0000000000000020' + '0000000000000010', '0000000000000007', 9],
      ['6b' + '0000000000000020' + '0000000000000010', null, 9],
    ]);
    await store.close();
  });
});

describe('builders', () => {
  it('expose the changelog topic config: compact for key-value stores, compact,delete with retention + 1 day for windowed ones', () => {
    const kv = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('a'), Serdes.String(), Serdes.String()).withLoggingEnabled({ 'min.insync.replicas': '2' });
    expect(kv.logConfig()).toEqual({ 'min.insync.replicas': '2' });
    expect(kv.changelogConfig()).toEqual({ 'cleanup.policy': 'compact', 'min.insync.replicas': '2' });
    const w = Stores.windowStoreBuilder(Stores.persistentWindowStore('w', 3_600_000, 60_000, false), Serdes.String(), Serdes.String());
    expect(w.retentionPeriod()).toBe(3_600_000);
    expect(w.changelogConfig()).toEqual({ 'cleanup.policy': 'compact,delete', 'retention.ms': String(3_600_000 + 86_400_000) });
    const s = Stores.sessionStoreBuilder(Stores.inMemorySessionStore('s', 1000), Serdes.String(), Serdes.String());
    expect(s.changelogConfig(5)).toEqual({ 'cleanup.policy': 'compact,delete', 'retention.ms': '1005' });
    expect(w.withLoggingDisabled().loggingEnabled()).toBe(false);
    expect(w.withCachingEnabled().cachingEnabled()).toBe(true);
  });

  it('validate names, retention and window size as Kafka does', () => {
    expect(() => Stores.persistentKeyValueStore('')).toThrow(expect.objectContaining({ code: 'ILLEGAL_ARGUMENT' }));
    expect(() => Stores.persistentWindowStore('w', 10, 20, false)).toThrow(/no smaller than its window size/);
    expect(() => Stores.inMemorySessionStore('s', -1)).toThrow(expect.objectContaining({ code: 'ILLEGAL_ARGUMENT' }));
    expect(Stores.persistentWindowStore('w', 1_000_000, 10, false).segmentIntervalMs()).toBe(500_000);
    expect(Stores.persistentWindowStore('w', 1_000, 10, false).segmentIntervalMs()).toBe(60_000);
  });
});
