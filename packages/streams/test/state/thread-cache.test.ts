import { describe, expect, it } from 'vitest';
import { ThreadCache, type CacheEntry, type DirtyEntry } from '../../src/internal/state/cache/thread-cache.js';
import type { StoreRecordContext } from '../../src/internal/state/store-context.js';

const ctx = (offset: number): StoreRecordContext => ({ timestamp: offset * 10, headers: undefined, topic: 't', partition: 0, offset });
const dirty = (value: string | null, offset = 0): CacheEntry => ({ value: value === null ? null : Buffer.from(value), dirty: true, context: ctx(offset) });
const clean = (value: string): CacheEntry => ({ value: Buffer.from(value), dirty: false, context: undefined });
const k = (s: string): Buffer => Buffer.from(s);
const seen = (batches: DirtyEntry[][]): string[][] => batches.map((b) => b.map((e) => `${e.key.toString()}=${e.newValue?.toString() ?? 'null'}@${e.context?.offset ?? '-'}`));

function cacheWithListener(maxBytes: number, namespace = 'ns'): { cache: ThreadCache; batches: DirtyEntry[][] } {
  const cache = new ThreadCache(maxBytes);
  const batches: DirtyEntry[][] = [];
  cache.addDirtyEntryFlushListener(namespace, (entries) => batches.push(entries));
  return { cache, batches };
}

describe('ThreadCache', () => {
  it('deduplicates updates of a key until flush, which hands dirty entries over in the order of their latest write', () => {
    const { cache, batches } = cacheWithListener(1 << 20);
    cache.put('ns', k('a'), dirty('1', 1));
    cache.put('ns', k('b'), dirty('2', 2));
    cache.put('ns', k('a'), dirty('3', 3));
    cache.put('ns', k('c'), dirty('4', 4));
    expect(cache.get('ns', k('a'))?.value?.toString()).toBe('3');
    expect(batches).toEqual([]);
    cache.flush('ns');
    expect(seen(batches)).toEqual([['b=2@2', 'a=3@3', 'c=4@4']]);
    // Flushed entries stay cached, clean; a second flush has nothing to hand over.
    expect(cache.get('ns', k('b'))?.dirty).toBe(false);
    cache.flush('ns');
    expect(batches).toHaveLength(1);
  });

  it('drops flushed deletes from the cache', () => {
    const { cache, batches } = cacheWithListener(1 << 20);
    cache.put('ns', k('a'), dirty('1'));
    cache.put('ns', k('a'), dirty(null));
    cache.flush('ns');
    expect(seen(batches)).toEqual([['a=null@0']]);
    expect(cache.get('ns', k('a'))).toBeUndefined();
  });

  it('evicts the least recently used entry when over budget; a dirty eviction flushes the evicted entry first, then the other dirty ones', () => {
    // Each entry: key 1 + 24 + value 1 + 1 + context (8 + 8 + 4 + topic 1) = 48 bytes.
    const { cache, batches } = cacheWithListener(48 * 3);
    cache.put('ns', k('a'), dirty('1', 1));
    cache.put('ns', k('b'), dirty('2', 2));
    cache.put('ns', k('c'), dirty('3', 3));
    expect(cache.sizeBytes()).toBe(144);
    cache.get('ns', k('a')); // a is now the most recently used
    cache.put('ns', k('d'), dirty('4', 4)); // over budget: b is the eldest
    expect(seen(batches)).toEqual([['b=2@2', 'a=1@1', 'c=3@3', 'd=4@4']]);
    expect(cache.get('ns', k('b'))).toBeUndefined();
    expect(cache.size()).toBe(3);
    expect(cache.stats().evicts).toBe(1);
  });

  it('evicting a clean entry forwards nothing', () => {
    const { cache, batches } = cacheWithListener(60);
    cache.put('ns', k('a'), clean('1')); // 27 bytes, no context
    cache.put('ns', k('b'), dirty('2'));
    expect(cache.get('ns', k('a'))).toBeUndefined();
    expect(batches).toEqual([]);
    expect(cache.get('ns', k('b'))?.value?.toString()).toBe('2');
  });

  it('with a budget of 0 every put is evicted and handed over at once', () => {
    const { cache, batches } = cacheWithListener(0);
    cache.put('ns', k('a'), dirty('1', 1));
    cache.put('ns', k('a'), dirty('2', 2));
    expect(seen(batches)).toEqual([['a=1@1'], ['a=2@2']]);
    expect(cache.size()).toBe(0);
  });

  it('evicts only from the cache that was written to, and keeps one budget for all caches', () => {
    const cache = new ThreadCache(48 * 2);
    const one: DirtyEntry[][] = [];
    const two: DirtyEntry[][] = [];
    cache.addDirtyEntryFlushListener('one', (e) => one.push(e));
    cache.addDirtyEntryFlushListener('two', (e) => two.push(e));
    cache.put('one', k('a'), dirty('1', 1));
    cache.put('two', k('x'), dirty('9', 9));
    cache.put('two', k('y'), dirty('8', 8));
    expect(one).toEqual([]);
    expect(seen(two)).toEqual([['x=9@9', 'y=8@8']]);
    expect(cache.sizeBytes()).toBe(96);
  });

  it('refuses a clean put over a dirty entry, and resize evicts down to the new budget', () => {
    const { cache, batches } = cacheWithListener(1 << 20);
    cache.put('ns', k('a'), dirty('1'));
    expect(() => cache.put('ns', k('a'), clean('2'))).toThrow(expect.objectContaining({ code: 'ILLEGAL_STATE' }));
    cache.put('ns', k('b'), dirty('2'));
    cache.resize(0);
    expect(cache.sizeBytes()).toBe(0);
    expect(seen(batches)).toEqual([['a=1@0', 'b=2@0']]);
  });

  it('ranges return cached entries in key byte order, deletes included, and close drops a namespace', () => {
    const { cache } = cacheWithListener(1 << 20);
    for (const key of ['c', 'a', 'b\u00ff', 'b']) cache.put('ns', Buffer.from(key, 'latin1'), dirty(key));
    cache.put('ns', k('d'), dirty(null));
    expect(cache.range('ns', k('a'), k('c'), false).map(([key]) => key.toString('latin1'))).toEqual(['a', 'b', 'b\u00ff', 'c']);
    expect(cache.range('ns', null, null, true).map(([key, e]) => `${key.toString('latin1')}:${e.value === null}`)).toEqual(['d:true', 'c:false', 'b\u00ff:false', 'b:false', 'a:false']);
    cache.close('ns');
    expect(cache.sizeBytes()).toBe(0);
    expect(cache.range('ns', null, null, false)).toEqual([]);
  });
});
