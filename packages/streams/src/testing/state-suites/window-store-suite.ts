import { afterEach, describe, expect, it } from 'vitest';
import type { Serde } from '../../serialization/serde.js';
import { Serdes } from '../../serialization/serdes.js';
import type { KeyValueIterator } from '../../state/key-value-store.js';
import type { WindowStore } from '../../state/window-store.js';
import type { Windowed } from '../../kstream/windowed.js';
import { toStoreKeyBinary } from '../../internal/state/window/window-key-schema.js';
import { StoreTestContext, type StoreTestContextOptions } from './store-test-context.js';

/** Builds the window store under test (no duplicates) with the suite's retention, window size and serdes. */
export type WindowStoreFactory = (storeName: string, retentionPeriodMs: number, windowSizeMs: number, keySerde: Serde<string>, valueSerde: Serde<string>) => WindowStore<string, string>;

async function collect<K, V>(it: KeyValueIterator<K, V>): Promise<Array<[K, V]>> {
  const out: Array<[K, V]> = [];
  for await (const kv of it) out.push([kv.key, kv.value]);
  return out;
}

const show = (rows: Array<[Windowed<string>, string]>): string[] => rows.map(([w, v]) => `${w.key()}@${w.window().start()}-${w.window().end()}=${v}`);

/**
 * The behaviour every window store stack must have: the synchronous point fetch of one window, time and key
 * ranges (forward and backward) over flushed and unflushed windows, retention by observed stream time across
 * segments, restoration from Kafka's changelog layout, and errors after close.
 */
export function windowStoreSuite(name: string, factory: WindowStoreFactory, contextOptions: StoreTestContextOptions = {}): void {
  describe(`windowStoreSuite: ${name}`, () => {
    let context: StoreTestContext;
    let store: WindowStore<string, string> | undefined;

    async function open(retention = 1_000_000, windowSize = 10): Promise<WindowStore<string, string>> {
      context = new StoreTestContext(contextOptions);
      const s = factory('windows', retention, windowSize, Serdes.String(), Serdes.String());
      await s.init(context, s);
      store = s;
      return s;
    }

    afterEach(async () => {
      if (store?.isOpen() === true) await store.close();
      store = undefined;
      context.cleanup();
    });

    it('fetches one window synchronously; null deletes; absent windows read null', async () => {
      const s = await open();
      s.put('a', 'a0', 0);
      s.put('a', 'a10', 10);
      s.put('a', 'a0b', 0);
      expect(s.fetch('a', 0)).toBe('a0b');
      expect(s.fetch('a', 10)).toBe('a10');
      expect(s.fetch('a', 20)).toBeNull();
      expect(s.fetch('b', 0)).toBeNull();
      await s.flush();
      s.put('a', null, 10);
      expect(s.fetch('a', 10)).toBeNull();
      await s.flush();
      expect(s.fetch('a', 10)).toBeNull();
      expect(s.fetch('a', 0)).toBe('a0b');
    });

    it('fetches one key over a time range in start order, forward and backward, excluding keys it prefixes', async () => {
      const s = await open();
      for (const t of [30, 0, 20, 10]) s.put('a', `a${t}`, t);
      s.put('ab', 'ab10', 10);
      await s.flush();
      s.put('a', 'a40', 40);
      s.put('a', null, 20);
      expect(await collect(s.fetch('a', 0, 30))).toEqual([[0, 'a0'], [10, 'a10'], [30, 'a30']]);
      expect(await collect(s.fetch('a', 5, 40))).toEqual([[10, 'a10'], [30, 'a30'], [40, 'a40']]);
      expect(await collect(s.backwardFetch('a', 0, 40))).toEqual([[40, 'a40'], [30, 'a30'], [10, 'a10'], [0, 'a0']]);
      expect(await collect(s.fetch('ab', 0, 100))).toEqual([[10, 'ab10']]);
      expect(await collect(s.fetch('a', 41, 100))).toEqual([]);
    });

    it('fetches key ranges with windows [start, start + size), and all windows', async () => {
      const s = await open(1_000_000, 10);
      s.put('b', 'b0', 0);
      s.put('a', 'a10', 10);
      s.put('c', 'c0', 0);
      await s.flush();
      s.put('a', 'a0', 0);
      s.put('d', 'd5', 5);
      expect(show(await collect(s.fetchRange('a', 'c', 0, 10)))).toEqual(['a@0-10=a0', 'a@10-20=a10', 'b@0-10=b0', 'c@0-10=c0']);
      expect(show(await collect(s.fetchRange('b', null, 0, 5)))).toEqual(['b@0-10=b0', 'c@0-10=c0', 'd@5-15=d5']);
      expect(show(await collect(s.fetchRange(null, 'a', 5, 10)))).toEqual(['a@10-20=a10']);
      expect(show(await collect(s.backwardFetchRange('a', 'b', 0, 10)))).toEqual(['b@0-10=b0', 'a@10-20=a10', 'a@0-10=a0']);
      expect(show(await collect(s.all()))).toEqual(['a@0-10=a0', 'a@10-20=a10', 'b@0-10=b0', 'c@0-10=c0', 'd@5-15=d5']);
      expect(show(await collect(s.backwardAll()))).toEqual(['d@5-15=d5', 'c@0-10=c0', 'b@0-10=b0', 'a@10-20=a10', 'a@0-10=a0']);
      expect(show(await collect(s.fetchAll(5, 10)))).toEqual(['a@10-20=a10', 'd@5-15=d5']);
      expect(show(await collect(s.backwardFetchAll(5, 10)))).toEqual(['d@5-15=d5', 'a@10-20=a10']);
    });

    it('drops windows at or before observed stream time minus retention, across segments', async () => {
      // retention 120000 -> segments of 60000 ms.
      const s = await open(120_000, 10);
      s.put('k', 'v0', 0);
      s.put('k', 'v70', 70_000);
      s.put('k', 'v130', 130_000);
      await s.flush();
      expect(await collect(s.fetch('k', 0, 200_000))).toEqual([[70_000, 'v70'], [130_000, 'v130']]);
      expect(s.fetch('k', 0)).toBeNull();
      s.put('k', 'late', 5_000); // expired on arrival: ignored
      expect(s.fetch('k', 5_000)).toBeNull();
      s.put('k', 'v250', 250_000); // observed 250000: everything up to 130000 has expired
      await s.flush();
      expect(await collect(s.fetch('k', 0, 300_000))).toEqual([[250_000, 'v250']]);
      expect(show(await collect(s.all()))).toEqual(['k@250000-250010=v250']);
    });

    it('restores Kafka changelog records ([key][start][seqnum] keys) through the registered callback', async () => {
      const s = await open();
      await context.restore('windows', [
        { key: toStoreKeyBinary(Buffer.from('a'), 10, 0), value: Buffer.from('x') },
        { key: toStoreKeyBinary(Buffer.from('b'), 20, 0), value: Buffer.from('y') },
        { key: toStoreKeyBinary(Buffer.from('a'), 10, 0), value: Buffer.from('z') },
        { key: toStoreKeyBinary(Buffer.from('b'), 20, 0), value: null },
      ]);
      expect(s.fetch('a', 10)).toBe('z');
      expect(s.fetch('b', 20)).toBeNull();
      expect(show(await collect(s.all()))).toEqual(['a@10-20=z']);
    });

    it('refuses use after close with INVALID_STATE_STORE', async () => {
      const s = await open();
      await s.close();
      expect(() => s.fetch('a', 0)).toThrow(expect.objectContaining({ code: 'INVALID_STATE_STORE' }));
      expect(() => s.put('a', 'x', 0)).toThrow(expect.objectContaining({ code: 'INVALID_STATE_STORE' }));
    });
  });
}
