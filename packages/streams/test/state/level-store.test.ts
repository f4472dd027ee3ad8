import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionWindow, Serdes, Stores, Windowed, type LevelOptions } from '../../src/index.js';
import { StoreTestContext } from '../../src/testing/index.js';

const contexts: StoreTestContext[] = [];
function newContext(options: ConstructorParameters<typeof StoreTestContext>[0] = {}): StoreTestContext {
  const c = new StoreTestContext(options);
  contexts.push(c);
  return c;
}
afterEach(() => {
  for (const c of contexts.splice(0)) c.cleanup();
});

const kvBuilder = (name = 'kv') => Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String()).withLoggingDisabled();

async function rawKeys(location: string): Promise<Buffer[]> {
  const db = new ClassicLevel<Buffer, Buffer>(location, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
  await db.open();
  const keys = await db.keys().all();
  await db.close();
  return keys;
}

describe('LevelDB stores', () => {
  it('open at <state dir>/level/<store name>, creating missing directories', async () => {
    const base = newContext();
    const nested = join(base.stateDir(), 'app', '0_1');
    const context = newContext({ stateDir: nested });
    const store = kvBuilder('counts').build();
    await store.init(context, store);
    store.put('a', '1');
    await store.close();
    expect(readdirSync(join(nested, 'level', 'counts'))).toContain('CURRENT');
  });

  it('keep their data after close and reopen; unflushed writes are flushed by close', async () => {
    const first = newContext();
    const store = kvBuilder().build();
    await store.init(first, store);
    store.put('a', '1');
    await store.flush();
    store.put('b', '2');
    store.delete('a');
    await store.close();
    const again = newContext({ stateDir: first.stateDir() });
    const reopened = kvBuilder().build();
    await reopened.init(again, reopened);
    expect([reopened.get('a'), reopened.get('b')]).toEqual([null, '2']);
    expect(reopened.approximateNumEntries()).toBeGreaterThanOrEqual(0);
    await reopened.close();
  });

  it('write a flush as one batch: nothing reaches LevelDB before the flush', async () => {
    const context = newContext();
    const store = kvBuilder().build();
    await store.init(context, store);
    store.put('a', '1');
    // A second handle cannot open a locked database; read the files after close instead.
    await store.close();
    expect((await rawKeys(join(context.stateDir(), 'level', 'kv'))).map((k) => k.toString())).toEqual(['a']);
  });

  it('restore a changelog into a fresh store in bulk (5000 keys, overwrites and tombstones)', async () => {
    const source = newContext();
    const logged = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('kv'), Serdes.String(), Serdes.String()).build();
    await logged.init(source, logged);
    for (let i = 0; i < 5000; i++) logged.put(`k${i}`, `v${i}`);
    for (let i = 0; i < 5000; i += 3) logged.put(`k${i}`, `w${i}`);
    for (let i = 0; i < 5000; i += 7) logged.delete(`k${i}`);
    const fresh = newContext();
    const store = kvBuilder().build();
    await store.init(fresh, store);
    const changelog = source.changelog('kv');
    console.log(`restoring ${changelog.length} changelog records in batches of 1000`);
    for (let i = 0; i < changelog.length; i += 1000) await fresh.restore('kv', changelog.slice(i, i + 1000));
    let n = 0;
    for await (const kv of store.all()) {
      expect(kv.value).toBe(logged.get(kv.key));
      n++;
    }
    expect(n).toBe(5000 - Math.ceil(5000 / 7));
    await store.close();
  });

  it('window and session stores keep windows, sessions and observed stream time across a reopen', async () => {
    const first = newContext();
    const windows = () => Stores.windowStoreBuilder(Stores.persistentWindowStore('w', 120_000, 10, false), Serdes.String(), Serdes.String()).withLoggingDisabled().build();
    const sessions = () => Stores.sessionStoreBuilder(Stores.persistentSessionStore('s', 120_000), Serdes.String(), Serdes.String()).withLoggingDisabled().build();
    const w = windows();
    const s = sessions();
    await w.init(first, w);
    await s.init(first, s);
    w.put('k', 'old', 1_000);
    w.put('k', 'new', 200_000);
    s.put(new Windowed('k', new SessionWindow(0, 5)), 'x');
    s.put(new Windowed('k', new SessionWindow(150_000, 150_010)), 'y');
    await w.close();
    await s.close();
    const again = newContext({ stateDir: first.stateDir() });
    const w2 = windows();
    const s2 = sessions();
    await w2.init(again, w2);
    await s2.init(again, s2);
    expect(w2.fetch('k', 200_000)).toBe('new');
    w2.put('k', 'late', 2_000); // still expired: the observed stream time (200000) was persisted
    expect(w2.fetch('k', 2_000)).toBeNull();
    expect(s2.findSessions('k', 0, 1_000_000).map((kv) => kv.value)).toEqual(['y']);
    await w2.close();
    await s2.close();
  });

  it('delete expired segments from LevelDB at flush', async () => {
    const context = newContext();
    const store = Stores.windowStoreBuilder(Stores.persistentWindowStore('w', 120_000, 10, false), Serdes.String(), Serdes.String()).withLoggingDisabled().build();
    await store.init(context, store);
    for (let t = 0; t < 60_000; t += 10_000) store.put('k', `v${t}`, t); // segment 0
    store.put('k', 'v70', 70_000); // segment 1
    await store.flush();
    store.put('k', 'v300', 300_000); // minimum live time 180001: segments 0..2 expire
    await store.close();
    const keys = await rawKeys(join(context.stateDir(), 'level', 'w'));
    const segments = keys.filter((k) => k[0] !== 0xff).map((k) => Number(k.readBigInt64BE(0)));
    expect(segments).toEqual([5]);
  });

  it('report a corrupted database with code STATE_CORRUPTED, and a locked one with PROCESSOR_STATE', async () => {
    const context = newContext();
    const store = kvBuilder().build();
    await store.init(context, store);
    store.put('a', '1');
    const second = kvBuilder().build();
    await expect(second.init(context, second)).rejects.toMatchObject({ code: 'PROCESSOR_STATE' });
    await store.close();
    const dir = join(context.stateDir(), 'level', 'kv');
    for (const file of readdirSync(dir)) if (file.startsWith('MANIFEST')) writeFileSync(join(dir, file), Buffer.alloc(64, 0x42));
    const broken = kvBuilder().build();
    await expect(broken.init(context, broken)).rejects.toMatchObject({ code: 'STATE_CORRUPTED' });
  });

  it('report a state directory that cannot be created', async () => {
    const context = newContext();
    writeFileSync(join(context.stateDir(), 'level'), 'a file where the level directory should be');
    const store = kvBuilder().build();
    await expect(store.init(context, store)).rejects.toMatchObject({ code: 'PROCESSOR_STATE' });
  });

  it('apply level.config.setter to each store before it opens', async () => {
    const seen: Array<[string, LevelOptions]> = [];
    const context = newContext({
      appConfigs: {
        'level.config.setter': (name: string, options: LevelOptions) => {
          seen.push([name, { ...options }]);
          options.cacheSize = 2 * 1024 * 1024;
        },
      },
    });
    const store = kvBuilder('tuned').build();
    await store.init(context, store);
    await store.close();
    expect(seen).toEqual([['tuned', { cacheSize: 1048576, writeBufferSize: 1048576, maxOpenFiles: 64, blockSize: 4096, maxFileSize: 2097152, compression: true }]]);
    const objectSetter = newContext({ appConfigs: { 'level.config.setter': { setConfig: (name: string) => seen.push([name, seen[0]![1]]) } } });
    const other = kvBuilder('other').build();
    await other.init(objectSetter, other);
    await other.close();
    expect(seen.map(([n]) => n)).toEqual(['tuned', 'other']);
    const bad = newContext({ appConfigs: { 'level.config.setter': 42 } });
    const third = kvBuilder().build();
    await expect(third.init(bad, third)).rejects.toMatchObject({ code: 'ILLEGAL_ARGUMENT' });
  });
});
