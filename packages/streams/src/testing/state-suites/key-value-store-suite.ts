import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyValue } from '../../common/key-value.js';
import type { Serde } from '../../serialization/serde.js';
import { Serdes } from '../../serialization/serdes.js';
import type { KeyValueIterator, KeyValueStore } from '../../state/key-value-store.js';
import { StoreTestContext, type StoreTestContextOptions } from './store-test-context.js';

/** Builds the store under test with the suite's serdes (string keys and values). */
export type KeyValueStoreFactory = (storeName: string, keySerde: Serde<string>, valueSerde: Serde<string>) => KeyValueStore<string, string>;

async function collect<K, V>(it: KeyValueIterator<K, V>): Promise<Array<[K, V]>> {
  const out: Array<[K, V]> = [];
  for await (const kv of it) out.push([kv.key, kv.value]);
  return out;
}

const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');

/**
 * The behaviour every key-value store stack must have (DESIGN.md: every interface has a conformance suite that
 * every implementation runs): point reads and writes, deletes, ranges in serialized-key byte order over
 * flushed and unflushed data, prefix scans, iterator peeking and closing, restoration through the registered
 * callback, and errors after close. Call it from a vitest file with a factory building the store.
 *
 * @example
 * ```ts
 * keyValueStoreSuite('in-memory, cached', (name, k, v) =>
 *   Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), k, v).withCachingEnabled().build());
 * ```
 */
export function keyValueStoreSuite(name: string, factory: KeyValueStoreFactory, contextOptions: StoreTestContextOptions = {}): void {
  describe(`keyValueStoreSuite: ${name}`, () => {
    let context: StoreTestContext;
    let store: KeyValueStore<string, string>;

    beforeEach(async () => {
      context = new StoreTestContext(contextOptions);
      store = factory('store', Serdes.String(), Serdes.String());
      await store.init(context, store);
    });

    afterEach(async () => {
      if (store.isOpen()) await store.close();
      context.cleanup();
    });

    it('is open after init and names itself', () => {
      expect(store.isOpen()).toBe(true);
      expect(store.name()).toBe('store');
    });

    it('puts, overwrites and gets; absent keys read null', async () => {
      expect(store.get('a')).toBeNull();
      store.put('a', '1');
      store.put('b', '2');
      store.put('a', '3');
      expect(store.get('a')).toBe('3');
      expect(store.get('b')).toBe('2');
      await store.flush();
      expect(store.get('a')).toBe('3');
      expect(store.get('c')).toBeNull();
    });

    it('putting null deletes, and delete returns the old value', async () => {
      store.put('a', '1');
      store.put('b', '2');
      await store.flush();
      store.put('a', null);
      expect(store.get('a')).toBeNull();
      expect(store.delete('b')).toBe('2');
      expect(store.get('b')).toBeNull();
      expect(store.delete('missing')).toBeNull();
      await store.flush();
      expect(store.get('a')).toBeNull();
      expect(await collect(store.all())).toEqual([]);
    });

    it('putIfAbsent puts only when absent and returns the existing value', () => {
      expect(store.putIfAbsent('a', '1')).toBeNull();
      expect(store.putIfAbsent('a', '2')).toBe('1');
      expect(store.get('a')).toBe('1');
    });

    it('putAll writes every entry, null values deleting', () => {
      store.put('c', 'x');
      store.putAll([KeyValue.pair('a', '1'), KeyValue.pair('b', '2'), KeyValue.pair('c', null)]);
      expect([store.get('a'), store.get('b'), store.get('c')]).toEqual(['1', '2', null]);
    });

    it('ranges are inclusive, ordered by key bytes, and merge flushed and unflushed writes', async () => {
      for (const k of ['d', 'b', 'a', 'aa', 'c']) store.put(k, `v${k}`);
      await store.flush();
      store.put('bb', 'vbb');
      store.delete('c');
      store.put('a', 'new');
      expect(await collect(store.range('aa', 'd'))).toEqual([['aa', 'vaa'], ['b', 'vb'], ['bb', 'vbb'], ['d', 'vd']]);
      expect(await collect(store.reverseRange('aa', 'd'))).toEqual([['d', 'vd'], ['bb', 'vbb'], ['b', 'vb'], ['aa', 'vaa']]);
      expect(await collect(store.range(null, 'b'))).toEqual([['a', 'new'], ['aa', 'vaa'], ['b', 'vb']]);
      expect(await collect(store.range('bb', null))).toEqual([['bb', 'vbb'], ['d', 'vd']]);
      expect((await collect(store.all())).map(([k]) => k)).toEqual(['a', 'aa', 'b', 'bb', 'd']);
      expect((await collect(store.reverseAll())).map(([k]) => k)).toEqual(['d', 'bb', 'b', 'aa', 'a']);
      expect(await collect(store.range('x', 'a'))).toEqual([]);
    });

    it('orders by UTF-8 bytes, not by JavaScript string order', async () => {
      // U+FF5E sorts before U+1F600 in bytes (EF BD 9E < F0 9F 98 80) but after it in UTF-16 (FF5E > D83D).
      for (const k of ['\u{1F600}', '\uFF5E', 'z', '\u00E9']) store.put(k, k);
      await store.flush();
      expect((await collect(store.all())).map(([k]) => k)).toEqual(['z', '\u00E9', '\uFF5E', '\u{1F600}']);
    });

    it('prefixScan returns the keys starting with the serialized prefix, cached or flushed', async () => {
      for (const k of ['ab', 'abc', 'b', 'a']) store.put(k, k);
      await store.flush();
      store.put('abd', 'abd');
      store.delete('abc');
      expect((await collect(store.prefixScan('ab', Serdes.String().serializer()))).map(([k]) => k)).toEqual(['ab', 'abd']);
      expect(await collect(store.prefixScan('zz', Serdes.String().serializer()))).toEqual([]);
    });

    it('iterators peek without advancing and can be closed early', async () => {
      for (const k of ['a', 'b', 'c']) store.put(k, k);
      await store.flush();
      const it = store.all();
      expect(await it.peekNextKey()).toBe('a');
      expect(await it.peekNextKey()).toBe('a');
      expect((await it.next()).value).toEqual(new KeyValue('a', 'a'));
      expect(await it.peekNextKey()).toBe('b');
      await it.close();
      expect((await it.next()).done).toBe(true);
      for await (const kv of store.all()) if (kv.key === 'b') break;
    });

    it('approximateNumEntries counts keys after a flush', async () => {
      for (const k of ['a', 'b', 'c']) store.put(k, k);
      store.delete('b');
      await store.flush();
      expect(store.approximateNumEntries()).toBe(2);
    });

    it('restores a changelog batch through the registered callback', async () => {
      const registered = context.registered.get('store');
      expect(registered?.store).toBe(store);
      await context.restore('store', [
        { key: utf8('r1'), value: utf8('v1') },
        { key: utf8('r2'), value: utf8('v2') },
        { key: utf8('r1'), value: null },
        { key: utf8('r3'), value: utf8('v3') },
      ]);
      expect(store.get('r1')).toBeNull();
      expect(store.get('r2')).toBe('v2');
      expect((await collect(store.all())).map(([k]) => k)).toEqual(['r2', 'r3']);
    });

    it('refuses use after close with INVALID_STATE_STORE', async () => {
      await store.close();
      expect(store.isOpen()).toBe(false);
      expect(() => store.get('a')).toThrow(expect.objectContaining({ code: 'INVALID_STATE_STORE' }));
      expect(() => store.put('a', '1')).toThrow(expect.objectContaining({ code: 'INVALID_STATE_STORE' }));
    });
  });
}
