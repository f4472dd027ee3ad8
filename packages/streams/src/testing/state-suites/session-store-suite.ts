import { afterEach, describe, expect, it } from 'vitest';
import type { KeyValue } from '../../common/key-value.js';
import { SessionWindow, Windowed } from '../../kstream/windowed.js';
import type { Serde } from '../../serialization/serde.js';
import { Serdes } from '../../serialization/serdes.js';
import type { KeyValueIterator } from '../../state/key-value-store.js';
import type { SessionStore } from '../../state/session-store.js';
import { toSessionBinary } from '../../internal/state/session/session-key-schema.js';
import { StoreTestContext, type StoreTestContextOptions } from './store-test-context.js';

/** Builds the session store under test with the suite's retention and serdes. */
export type SessionStoreFactory = (storeName: string, retentionPeriodMs: number, keySerde: Serde<string>, valueSerde: Serde<string>) => SessionStore<string, string>;

const session = (key: string, start: number, end: number): Windowed<string> => new Windowed(key, new SessionWindow(start, end));
const show = (rows: ReadonlyArray<KeyValue<Windowed<string>, string>>): string[] => rows.map((kv) => `${kv.key.key()}@${kv.key.window().start()}-${kv.key.window().end()}=${kv.value}`);

async function collect<K, V>(it: KeyValueIterator<K, V>): Promise<Array<KeyValue<K, V>>> {
  const out: Array<KeyValue<K, V>> = [];
  for await (const kv of it) out.push(kv);
  return out;
}

/**
 * The behaviour every session store stack must have: synchronous findSessions/fetchSession, puts and removes
 * over flushed and unflushed sessions, key ranges, retention by observed stream time, restoration from Kafka's
 * changelog layout ([key][end][start]), and errors after close.
 */
export function sessionStoreSuite(name: string, factory: SessionStoreFactory, contextOptions: StoreTestContextOptions = {}): void {
  describe(`sessionStoreSuite: ${name}`, () => {
    let context: StoreTestContext;
    let store: SessionStore<string, string> | undefined;

    async function open(retention = 1_000_000): Promise<SessionStore<string, string>> {
      context = new StoreTestContext(contextOptions);
      const s = factory('sessions', retention, Serdes.String(), Serdes.String());
      await s.init(context, s);
      store = s;
      return s;
    }

    afterEach(async () => {
      if (store?.isOpen() === true) await store.close();
      store = undefined;
      context.cleanup();
    });

    it('puts, fetches and removes sessions synchronously', async () => {
      const s = await open();
      s.put(session('a', 0, 10), 'x');
      s.put(session('a', 20, 30), 'y');
      expect(s.fetchSession('a', 0, 10)).toBe('x');
      expect(s.fetchSession('a', 0, 11)).toBeNull();
      await s.flush();
      s.put(session('a', 0, 10), 'x2');
      s.remove(session('a', 20, 30));
      expect(s.fetchSession('a', 0, 10)).toBe('x2');
      expect(s.fetchSession('a', 20, 30)).toBeNull();
      s.put(session('a', 0, 10), null);
      expect(s.fetchSession('a', 0, 10)).toBeNull();
      await s.flush();
      expect(s.findSessions('a', 0, 100)).toEqual([]);
    });

    it('findSessions returns the sessions ending at or after the earliest end and starting at or before the latest start', async () => {
      const s = await open();
      s.put(session('a', 0, 10), 'a1');
      s.put(session('a', 40, 50), 'a3');
      s.put(session('ab', 20, 30), 'ab');
      await s.flush();
      s.put(session('a', 20, 30), 'a2');
      expect(show(s.findSessions('a', 15, 45))).toEqual(['a@20-30=a2', 'a@40-50=a3']);
      expect(show(s.findSessions('a', 0, 5))).toEqual(['a@0-10=a1']);
      expect(show(s.findSessions('a', 0, 100))).toEqual(['a@0-10=a1', 'a@20-30=a2', 'a@40-50=a3']);
      expect(show(s.findSessions('a', 51, 100))).toEqual([]);
      expect(show(s.findSessions('ab', 0, 100))).toEqual(['ab@20-30=ab']);
    });

    it('fetches a key forward and backward, and key ranges', async () => {
      const s = await open();
      s.put(session('b', 5, 5), 'b1');
      s.put(session('a', 0, 10), 'a1');
      await s.flush();
      s.put(session('a', 20, 30), 'a2');
      s.put(session('c', 1, 2), 'c1');
      expect(show(await collect(s.fetch('a')))).toEqual(['a@0-10=a1', 'a@20-30=a2']);
      expect(show(await collect(s.backwardFetch('a')))).toEqual(['a@20-30=a2', 'a@0-10=a1']);
      expect(show(await collect(s.fetchRange('a', 'b')))).toEqual(['a@0-10=a1', 'a@20-30=a2', 'b@5-5=b1']);
      expect(show(await collect(s.fetchRange('b', null)))).toEqual(['b@5-5=b1', 'c@1-2=c1']);
      expect(show(await collect(s.fetchRange(null, null)))).toEqual(['a@0-10=a1', 'a@20-30=a2', 'b@5-5=b1', 'c@1-2=c1']);
    });

    it('drops sessions ending at or before observed stream time minus retention', async () => {
      const s = await open(120_000);
      s.put(session('k', 0, 1_000), 'old');
      s.put(session('k', 100_000, 131_000), 'mid'); // expires when observed time passes 251000
      await s.flush();
      s.put(session('k', 240_000, 250_000), 'new');
      expect(show(s.findSessions('k', 0, 1_000_000))).toEqual(['k@100000-131000=mid', 'k@240000-250000=new']);
      s.put(session('k', 2_000, 3_000), 'late'); // expired on arrival
      expect(s.fetchSession('k', 2_000, 3_000)).toBeNull();
      await s.flush();
      expect(s.fetchSession('k', 0, 1_000)).toBeNull();
      expect(show(await collect(s.fetchRange(null, null)))).toEqual(['k@100000-131000=mid', 'k@240000-250000=new']);
    });

    it('restores Kafka changelog records ([key][end][start] keys)', async () => {
      const s = await open();
      await context.restore('sessions', [
        { key: toSessionBinary(Buffer.from('a'), 0, 10), value: Buffer.from('x') },
        { key: toSessionBinary(Buffer.from('a'), 20, 30), value: Buffer.from('y') },
        { key: toSessionBinary(Buffer.from('a'), 0, 10), value: null },
        { key: toSessionBinary(Buffer.from('b'), 5, 6), value: Buffer.from('z') },
      ]);
      expect(show(s.findSessions('a', 0, 100))).toEqual(['a@20-30=y']);
      expect(s.fetchSession('b', 5, 6)).toBe('z');
    });

    it('refuses use after close with INVALID_STATE_STORE', async () => {
      const s = await open();
      await s.close();
      expect(() => s.findSessions('a', 0, 1)).toThrow(expect.objectContaining({ code: 'INVALID_STATE_STORE' }));
      expect(() => s.put(session('a', 0, 1), 'x')).toThrow(expect.objectContaining({ code: 'INVALID_STATE_STORE' }));
    });
  });
}
