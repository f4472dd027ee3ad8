import { afterEach, describe, expect, it } from 'vitest';
import { Serdes, Stores, VersionedKeyValueStore, VersionedRecord, type VersionedBytesStoreSupplier } from '../../src/index.js';
import { MemoryEngine } from '../../src/internal/state/bytes/memory-engine.js';
import { EngineVersionedStore } from '../../src/internal/state/versioned/engine-versioned-store.js';
import { segmentKey } from '../../src/internal/state/versioned/versioned-format.js';
import { StoreTestContext } from '../../src/testing/index.js';

const { PUT_RETURN_CODE_NOT_PUT: NOT_PUT, PUT_RETURN_CODE_VALID_TO_UNDEFINED: LATEST } = VersionedKeyValueStore;
type Store = VersionedKeyValueStore<string, string>;

const contexts: StoreTestContext[] = [];
function newContext(stateDir?: string): StoreTestContext {
  const c = new StoreTestContext(stateDir === undefined ? {} : { stateDir });
  contexts.push(c);
  return c;
}
afterEach(() => {
  for (const c of contexts.splice(0).reverse()) c.cleanup();
});

const engines: Array<[string, (name: string, retention: number, interval?: number) => VersionedBytesStoreSupplier]> = [
  ['in-memory', (n, r, i) => Stores.inMemoryVersionedKeyValueStore(n, r, i)],
  ['LevelDB', (n, r, i) => Stores.persistentVersionedKeyValueStore(n, r, i)],
];

/** `value@validFrom[-validTo]`, or null. */
function show(r: VersionedRecord<string> | null): string | null {
  return r === null ? null : `${r.value()}@${r.timestamp()}${r.validTo() === undefined ? '' : `-${r.validTo()}`}`;
}

describe.each(engines)('versioned key-value store (%s)', (_, supplier) => {
  async function open(retention = 1000, interval?: number, context = newContext()): Promise<{ store: Store; context: StoreTestContext }> {
    const store = Stores.versionedKeyValueStoreBuilder(supplier('versions', retention, interval), Serdes.String(), Serdes.String()).build();
    await store.init(context, store);
    return { store, context };
  }

  it('reads the latest version and the version valid at a time', async () => {
    const { store } = await open();
    expect(store.put('a', 'v10', 10)).toBe(LATEST);
    expect(store.put('a', 'v20', 20)).toBe(LATEST);
    expect(show(store.get('a'))).toBe('v20@20');
    expect(show(store.get('a', 25))).toBe('v20@20');
    expect(show(store.get('a', 20))).toBe('v20@20');
    expect(show(store.get('a', 19))).toBe('v10@10-20');
    expect(show(store.get('a', 10))).toBe('v10@10-20');
    expect(store.get('a', 9)).toBeNull();
    expect(store.get('b')).toBeNull();
    expect(store.get('b', 15)).toBeNull();
  });

  it('places out-of-order writes by timestamp and returns their validTo; the latest version stays', async () => {
    const { store } = await open();
    expect(store.put('a', 'v30', 30)).toBe(LATEST);
    expect(store.put('a', 'v20', 20)).toBe(30);
    expect(store.put('a', 'v10', 10)).toBe(20);
    expect(store.put('a', 'v25', 25)).toBe(30);
    expect(store.put('a', 'v20b', 20)).toBe(25); // same timestamp: replaces the version
    expect(show(store.get('a'))).toBe('v30@30');
    expect([5, 10, 19, 20, 24, 25, 29, 30].map((t) => show(store.get('a', t)))).toEqual([
      null, 'v10@10-20', 'v10@10-20', 'v20b@20-25', 'v20b@20-25', 'v25@25-30', 'v25@25-30', 'v30@30',
    ]);
    expect(store.put('a', 'v30b', 30)).toBe(LATEST);
    expect(show(store.get('a'))).toBe('v30b@30');
  });

  it('keeps deletes as versions: as-of reads before a delete see the old value, later out-of-order writes end at it', async () => {
    const { store } = await open();
    store.put('a', 'v10', 10);
    expect(show(store.delete('a', 20))).toBe('v10@10');
    expect(store.get('a')).toBeNull();
    expect(show(store.get('a', 15))).toBe('v10@10-20');
    expect(store.get('a', 20)).toBeNull();
    expect(store.put('a', 'v15', 15)).toBe(20);
    expect(store.get('a')).toBeNull();
    expect(show(store.get('a', 17))).toBe('v15@15-20');
    expect(store.get('a', 25)).toBeNull();
    expect(store.put('a', 'v30', 30)).toBe(LATEST);
    expect(show(store.get('a'))).toBe('v30@30');
    expect(store.get('a', 25)).toBeNull();
    // A delete of a key that never existed still bounds older writes; putting null is a delete too.
    expect(store.delete('b', 50)).toBeNull();
    expect(store.put('b', 'b40', 40)).toBe(50);
    expect(store.get('b')).toBeNull();
    expect(show(store.get('b', 45))).toBe('b40@40-50');
    expect(store.put('c', 'c1', 60)).toBe(LATEST);
    expect(store.put('c', null, 70)).toBe(LATEST);
    expect(store.get('c')).toBeNull();
    expect(show(store.get('c', 65))).toBe('c1@60-70');
  });

  it('refuses writes older than history retention (the grace period) and answers old as-of reads only from the latest version', async () => {
    const { store } = await open(100);
    store.put('old', 'o0', 0);
    store.put('a', 'a900', 900);
    store.put('a', 'a1000', 1000);
    expect(store.put('a', 'late', 899)).toBe(NOT_PUT);
    expect(store.delete('a', 899)).toBeNull();
    expect(store.put('a', 'edge', 900)).toBe(1000); // exactly observed - retention is still accepted
    expect(show(store.get('a', 950))).toBe('edge@900-1000');
    expect(store.get('a', 899)).toBeNull();
    // The latest version never expires: an as-of read far in the past still finds it when it was valid then.
    expect(show(store.get('old'))).toBe('o0@0');
    expect(show(store.get('old', 10))).toBe('o0@0');
    expect(show(store.get('old', 990))).toBe('o0@0');
  });

  it('logs every write as Kafka\'s versioned changelog (plain value, timestamp = the version) and restores from it', async () => {
    const { store, context } = await open(100);
    store.put('a', 'v10', 10);
    store.put('a', 'v30', 30);
    store.put('a', 'v20', 20);
    store.delete('a', 40);
    store.put('b', 'b500', 500);
    expect(store.put('a', 'too-late', 5)).toBe(NOT_PUT);
    expect(context.logged.map((c) => [c.key.toString(), c.value?.toString() ?? null, c.timestamp])).toEqual([
      ['a', 'v10', 10], ['a', 'v30', 30], ['a', 'v20', 20], ['a', null, 40], ['b', 'b500', 500], ['a', 'too-late', 5],
    ]);
    const restored = await open(100);
    await restored.context.restore('versions', context.changelog('versions'));
    for (const t of [undefined, 15, 25, 35, 45, 450, 500]) {
      expect([t, show(restored.store.get('a', t))]).toEqual([t, show(store.get('a', t))]);
      expect([t, show(restored.store.get('b', t))]).toEqual([t, show(store.get('b', t))]);
    }
    expect(restored.store.put('a', 'late', 399)).toBe(NOT_PUT); // the restored stream time is 500
  });
});

describe('history expiry and persistence', () => {
  it('drops segments whose versions all ended before stream time - history retention', async () => {
    const context = newContext();
    const engine = new MemoryEngine();
    const store = new EngineVersionedStore('s', engine, 100, 50);
    await store.init(context, store);
    const k = Buffer.from('k');
    store.put(k, Buffer.from('v0'), 0);
    store.put(k, Buffer.from('v10'), 10); // v0 moves to the segment of its validTo (0)
    store.put(k, Buffer.from('v60'), 60); // v10 moves to segment 1
    await store.flush();
    expect(engine.get(segmentKey(0, k))).not.toBeNull();
    expect(store.get(k, 5)?.value().toString()).toBe('v0');
    store.put(Buffer.from('z'), Buffer.from('z'), 150); // observed 150: segment 0 (validTo < 50) has expired
    expect(store.get(k, 5)).toBeNull();
    expect(store.get(k, 60)?.value().toString()).toBe('v60');
    expect(store.get(k, 59)?.value().toString()).toBe('v10'); // 59 >= 150 - 100: still within history
    await store.flush();
    expect(engine.get(segmentKey(0, k))).toBeNull(); // deleted at the flush
    expect(engine.get(segmentKey(1, k))).not.toBeNull();
    store.put(Buffer.from('z'), Buffer.from('z2'), 300);
    await store.flush();
    expect(store.get(k, 59)).toBeNull();
    expect(store.get(k)?.value().toString()).toBe('v60'); // the latest version never expires
  });

  it('a LevelDB store keeps its versions and stream time across a restart', async () => {
    const first = newContext();
    const supplier = Stores.persistentVersionedKeyValueStore('profiles', 100);
    const build = (): Store => Stores.versionedKeyValueStoreBuilder(supplier, Serdes.String(), Serdes.String()).withLoggingDisabled().build();
    const store = build();
    await store.init(first, store);
    store.put('a', 'eu', 100);
    store.put('a', 'us', 200);
    await store.flush();
    await store.close();
    const again = build();
    await again.init(newContext(first.stateDir()), again);
    expect(show(again.get('a'))).toBe('us@200');
    expect(show(again.get('a', 150))).toBe('eu@100-200');
    expect(again.put('a', 'late', 99)).toBe(NOT_PUT);
    await again.close();
  });
});

describe('Stores and the builder', () => {
  it('validates arguments, uses Kafka\'s default segment interval, refuses caching and delays compaction of the changelog', () => {
    expect(() => Stores.persistentVersionedKeyValueStore('x', -1)).toThrow('historyRetention cannot be negative');
    expect(() => Stores.persistentVersionedKeyValueStore('x', 10, 0)).toThrow('segmentInterval cannot be zero or negative');
    expect(() => Stores.persistentVersionedKeyValueStore('', 10)).toThrow('name cannot be null or empty');
    const intervals = [0, 6_000, 30_000, 60_000, 200_000, 300_000, 600_000, 1_200_000, 3_600_000, 7_200_000, 86_400_000];
    expect(intervals.map((r) => Stores.persistentVersionedKeyValueStore('x', r).segmentIntervalMs())).toEqual([
      2_000, 2_000, 10_000, 20_000, 40_000, 60_000, 60_000, 100_000, 300_000, 300_000, 3_600_000,
    ]);
    const builder = Stores.versionedKeyValueStoreBuilder(Stores.persistentVersionedKeyValueStore('x', 60_000), Serdes.String(), Serdes.String());
    expect(() => builder.withCachingEnabled()).toThrow('Versioned stores do not support caching');
    expect(builder.changelogConfig()).toEqual({ 'cleanup.policy': 'compact', 'min.compaction.lag.ms': String(60_000 + 86_400_000) });
    expect(builder.withLoggingEnabled({ 'min.compaction.lag.ms': '5' }).logConfig()).toEqual({ 'min.compaction.lag.ms': '5' });
  });
});
