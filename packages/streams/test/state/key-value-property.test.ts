import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Serdes, Stores, type KeyValueStore } from '../../src/index.js';
import { SortedStringMap } from '../../src/internal/state/bytes/sorted-string-map.js';
import { StoreTestContext } from '../../src/testing/index.js';

type Op =
  | { kind: 'put'; key: string; value: string | null }
  | { kind: 'delete'; key: string }
  | { kind: 'putIfAbsent'; key: string; value: string }
  | { kind: 'flush' }
  | { kind: 'range'; from: string | null; to: string | null; reverse: boolean };

const key = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\u00e9', '\u{1F600}'), maxLength: 3 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('put' as const), key, value: fc.option(fc.string({ maxLength: 4 }), { nil: null }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('putIfAbsent' as const), key, value: fc.string({ maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('range' as const), from: fc.option(key, { nil: null }), to: fc.option(key, { nil: null }), reverse: fc.boolean() }) },
);

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const byBytes = (a: string, b: string): number => Buffer.compare(bytes(a), bytes(b));

function expectedRange(model: Map<string, string>, from: string | null, to: string | null, reverse: boolean): Array<[string, string]> {
  const rows = [...model.entries()]
    .filter(([k]) => (from === null || byBytes(k, from) >= 0) && (to === null || byBytes(k, to) <= 0))
    .sort(([a], [b]) => byBytes(a, b));
  return reverse ? rows.reverse() : rows;
}

async function run(store: KeyValueStore<string, string>, ops: Op[]): Promise<void> {
  const model = new Map<string, string>();
  for (const o of ops) {
    switch (o.kind) {
      case 'put':
        store.put(o.key, o.value);
        if (o.value === null) model.delete(o.key);
        else model.set(o.key, o.value);
        break;
      case 'delete':
        expect(store.delete(o.key)).toBe(model.get(o.key) ?? null);
        model.delete(o.key);
        break;
      case 'putIfAbsent':
        expect(store.putIfAbsent(o.key, o.value)).toBe(model.get(o.key) ?? null);
        if (!model.has(o.key)) model.set(o.key, o.value);
        break;
      case 'flush':
        await store.flush();
        break;
      case 'range': {
        const it = o.reverse ? store.reverseRange(o.from, o.to) : store.range(o.from, o.to);
        const rows: Array<[string, string]> = [];
        for await (const kv of it) rows.push([kv.key, kv.value]);
        expect(rows).toEqual(expectedRange(model, o.from, o.to, o.reverse));
        break;
      }
    }
    if (o.kind !== 'range' && o.kind !== 'flush') expect(store.get('key' in o ? o.key : '')).toBe(model.get('key' in o ? o.key : '') ?? null);
  }
  for (const [k, v] of model) expect(store.get(k)).toBe(v);
}

const STACKS: Array<{ name: string; cache: number; build: () => KeyValueStore<string, string> }> = [
  { name: 'level, cached (tiny cache) + logged', cache: 300, build: () => Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('p'), Serdes.String(), Serdes.String()).withCachingEnabled().build() },
  { name: 'level, plain', cache: 0, build: () => Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('p'), Serdes.String(), Serdes.String()).withLoggingDisabled().build() },
  { name: 'in-memory, cached (tiny cache)', cache: 300, build: () => Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('p'), Serdes.String(), Serdes.String()).withCachingEnabled().withLoggingDisabled().build() },
];

describe('key-value stores behave like a Map ordered by key bytes (fast-check)', () => {
  for (const stack of STACKS) {
    it(stack.name, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
          const context = new StoreTestContext({ cacheMaxBytes: stack.cache });
          const store = stack.build();
          try {
            await store.init(context, store);
            await run(store, ops);
          } finally {
            await store.close();
            context.cleanup();
          }
        }),
        { numRuns: 40 },
      );
    });
  }

  it('the changelog of a logged, cached store restores to the same content', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const context = new StoreTestContext({ cacheMaxBytes: 200 });
        const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('p'), Serdes.String(), Serdes.String()).withCachingEnabled().build();
        const fresh = new StoreTestContext();
        const restored = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('p'), Serdes.String(), Serdes.String()).build();
        try {
          await store.init(context, store);
          await run(store, ops);
          await store.flush();
          await restored.init(fresh, restored);
          await fresh.restore('p', context.changelog('p'));
          const a: string[] = [];
          const b: string[] = [];
          for await (const kv of store.all()) a.push(`${kv.key}=${kv.value}`);
          for await (const kv of restored.all()) b.push(`${kv.key}=${kv.value}`);
          expect(b).toEqual(a);
        } finally {
          await store.close();
          await restored.close();
          context.cleanup();
          fresh.cleanup();
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('SortedStringMap', () => {
  it('keeps keys in order through inserts and deletes, and ranges match a sorted model', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 3000 })), { maxLength: 3000 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 3000 }), (ops, a, b) => {
        const map = new SortedStringMap<number>();
        const model = new Map<string, number>();
        const k = (n: number): string => n.toString(36).padStart(3, '0');
        for (const [insert, n] of ops) {
          if (insert) {
            map.set(k(n), n);
            model.set(k(n), n);
          } else {
            expect(map.delete(k(n))).toBe(model.delete(k(n)));
          }
        }
        const sorted = [...model.keys()].sort();
        expect(map.keys()).toEqual(sorted);
        const [lo, hi] = [k(Math.min(a, b)), k(Math.max(a, b))];
        expect(map.range({ from: lo, to: hi }).map(([key]) => key)).toEqual(sorted.filter((x) => x >= lo && x <= hi));
        expect(map.range({ from: lo, reverse: true }).map(([key]) => key)).toEqual(sorted.filter((x) => x >= lo).reverse());
      }),
      { numRuns: 50 },
    );
  });

  it('keeps ranges right when ordered reads interleave with inserts and deletes (the order is maintained lazily)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 300 })), { maxLength: 2000 }), (ops) => {
        const map = new SortedStringMap<number>();
        const model = new Map<string, number>();
        const k = (n: number): string => n.toString(36).padStart(2, '0');
        for (const [op, n] of ops) {
          if (op === 0) {
            map.set(k(n), n);
            model.set(k(n), n);
          } else if (op === 1) {
            expect(map.delete(k(n))).toBe(model.delete(k(n)));
          } else {
            const sorted = [...model.keys()].sort();
            expect(map.range({ to: k(n) }).map(([key, v]) => [key, v])).toEqual(sorted.filter((x) => x <= k(n)).map((x) => [x, model.get(x)]));
            expect(map.firstKey()).toBe(sorted[0]);
            expect(map.lastKey()).toBe(sorted[sorted.length - 1]);
          }
        }
        expect(map.keys()).toEqual([...model.keys()].sort());
        expect(map.size).toBe(model.size);
      }),
      { numRuns: 100 },
    );
  });
});
