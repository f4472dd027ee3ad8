import { afterEach, describe, expect, it } from 'vitest';
import { Headers, SessionWindow, Serdes, Stores, ValueAndTimestamp, Windowed } from '../../src/index.js';
import { setFlushListener, type FlushedRecord } from '../../src/internal/state/flush-listener.js';
import { StoreTestContext } from '../../src/testing/index.js';

const contexts: StoreTestContext[] = [];
function newContext(cacheMaxBytes = 1 << 20): StoreTestContext {
  const c = new StoreTestContext({ cacheMaxBytes });
  contexts.push(c);
  return c;
}
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});

const show = <K, V>(records: Array<FlushedRecord<K, V>>): string[] => records.map((r) => `${String(r.key)}:${String(r.newValue)}<-${String(r.oldValue)}@${r.timestamp}`);

describe('caching key-value store', () => {
  it('forwards one deduplicated update per key at flush, with old values, under the record context of the last write', async () => {
    const context = newContext();
    const store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('counts'), Serdes.String(), Serdes.Long()).withCachingEnabled().build();
    await store.init(context, store);
    const forwarded: Array<FlushedRecord<string, number>> = [];
    expect(setFlushListener(store, (r: FlushedRecord<string, number>) => forwarded.push(r), true)).toBe(true);
    context.setRecordContext({ timestamp: 1, headers: new Headers().add('h', 'x') });
    store.put('a', 1);
    context.setRecordContext({ timestamp: 2, headers: undefined });
    store.put('b', 1);
    context.setRecordContext({ timestamp: 3, headers: new Headers().add('h', 'y') });
    store.put('a', 2);
    expect(forwarded).toEqual([]);
    expect(context.logged).toEqual([]); // the changelog is written when entries leave the cache
    await store.flush();
    expect(show(forwarded)).toEqual(['b:1<-null@2', 'a:2<-null@3']);
    expect(forwarded[0]!.headers).toBeUndefined();
    expect(forwarded[1]!.headers?.lastHeader('h')?.value?.toString()).toBe('y');
    expect(context.logged.map((c) => [c.key.toString(), c.timestamp])).toEqual([['b', 2], ['a', 3]]);
    context.setTime(4);
    store.put('a', 3);
    store.delete('b');
    await store.flush();
    expect(show(forwarded).slice(2)).toEqual(['a:3<-2@4', 'b:null<-1@4']);
    expect(store.get('b')).toBeNull();
    await store.close();
  });

  it('does not forward a delete of a key that never reached the store', async () => {
    const context = newContext();
    const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), Serdes.String(), Serdes.String()).withCachingEnabled().build();
    await store.init(context, store);
    const forwarded: Array<FlushedRecord<string, string>> = [];
    setFlushListener(store, (r: FlushedRecord<string, string>) => forwarded.push(r), false);
    store.put('a', 'x');
    store.delete('a');
    await store.flush();
    expect(forwarded).toEqual([]);
    expect(context.logged).toEqual([]);
  });

  it('with statestore.cache.max.bytes=0 forwards every put at once, without old values unless asked', async () => {
    const context = newContext(0);
    const store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('counts'), Serdes.String(), Serdes.Long()).withCachingEnabled().build();
    await store.init(context, store);
    const forwarded: Array<FlushedRecord<string, number>> = [];
    setFlushListener(store, (r: FlushedRecord<string, number>) => forwarded.push(r), false);
    context.setTime(10);
    store.put('a', 1);
    context.setTime(11);
    store.put('a', 2);
    expect(show(forwarded)).toEqual(['a:1<-null@10', 'a:2<-null@11']);
    expect(context.logged.map((c) => c.timestamp)).toEqual([10, 11]);
    await store.close();
  });

  it('reports no caching on a store built without it (the caller forwards itself)', async () => {
    const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('s'), Serdes.String(), Serdes.String()).build();
    expect(setFlushListener(store, () => undefined, true)).toBe(false);
  });

  it('timestamped: forwards ValueAndTimestamp values', async () => {
    const context = newContext();
    const store = Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore('t'), Serdes.String(), Serdes.String()).withCachingEnabled().build();
    await store.init(context, store);
    const forwarded: Array<FlushedRecord<string, ValueAndTimestamp<string>>> = [];
    setFlushListener(store, (r: FlushedRecord<string, ValueAndTimestamp<string>>) => forwarded.push(r), true);
    store.put('a', ValueAndTimestamp.make('v1', 100));
    await store.flush();
    store.put('a', ValueAndTimestamp.make('v2', 200));
    await store.flush();
    expect(forwarded.map((r) => [r.newValue?.toString(), r.oldValue?.toString()])).toEqual([
      ['<v1,100>', undefined],
      ['<v2,200>', '<v1,100>'],
    ]);
    expect(context.logged.map((c) => [c.value?.toString(), c.timestamp])).toEqual([
      ['v1', 100],
      ['v2', 200],
    ]);
    await store.close();
  });

  it('a context that is not a runtime context: logging and caching step aside, the store still works', async () => {
    const dirContext = newContext();
    const plain = {
      applicationId: () => 'app',
      taskId: () => dirContext.taskId(),
      appConfigs: () => ({}),
      keySerde: () => undefined,
      valueSerde: () => undefined,
      stateDir: () => dirContext.stateDir(),
      register: () => undefined,
    };
    const store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('s'), Serdes.String(), Serdes.String()).withCachingEnabled().withLoggingEnabled().build();
    await store.init(plain, store);
    store.put('a', 'x');
    expect(store.get('a')).toBe('x');
    await store.flush();
    expect(store.get('a')).toBe('x');
    await store.close();
  });
});

describe('caching window and session stores', () => {
  it('window: forwards Windowed keys with old values at flush', async () => {
    const context = newContext();
    const store = Stores.windowStoreBuilder(Stores.persistentWindowStore('w', 60_000, 10, false), Serdes.String(), Serdes.Long()).withCachingEnabled().build();
    await store.init(context, store);
    const forwarded: Array<FlushedRecord<Windowed<string>, number>> = [];
    expect(setFlushListener(store, (r: FlushedRecord<Windowed<string>, number>) => forwarded.push(r), true)).toBe(true);
    store.put('a', 1, 0);
    store.put('a', 2, 0);
    store.put('a', 5, 10);
    await store.flush();
    store.put('a', 3, 0);
    await store.flush();
    expect(show(forwarded)).toEqual(['[a@0/10]:2<-null@0', '[a@10/20]:5<-null@0', '[a@0/10]:3<-2@0']);
    await store.close();
  });

  it('window stores that retain duplicates are never cached', () => {
    const store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore('w', 60_000, 10, true), Serdes.String(), Serdes.Long()).withCachingEnabled().build();
    expect(setFlushListener(store, () => undefined, false)).toBe(false);
  });

  it('session: forwards merged sessions and removals', async () => {
    const context = newContext();
    const store = Stores.sessionStoreBuilder(Stores.inMemorySessionStore('s', 60_000), Serdes.String(), Serdes.Long()).withCachingEnabled().build();
    await store.init(context, store);
    const forwarded: Array<FlushedRecord<Windowed<string>, number>> = [];
    setFlushListener(store, (r: FlushedRecord<Windowed<string>, number>) => forwarded.push(r), true);
    store.put(new Windowed('a', new SessionWindow(0, 0)), 1);
    await store.flush();
    store.remove(new Windowed('a', new SessionWindow(0, 0)));
    store.put(new Windowed('a', new SessionWindow(0, 5)), 2);
    expect(store.findSessions('a', 0, 10).map((kv) => `${kv.key.toString()}=${kv.value}`)).toEqual(['[a@0/5]=2']);
    await store.flush();
    expect(show(forwarded)).toEqual(['[a@0/0]:1<-null@0', '[a@0/0]:null<-1@0', '[a@0/5]:2<-null@0']);
    await store.close();
  });
});
