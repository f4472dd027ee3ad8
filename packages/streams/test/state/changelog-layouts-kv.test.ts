import { afterEach, describe, expect, it } from 'vitest';
import { Serdes, Stores, ValueAndTimestamp } from '../../src/index.js';
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

const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));

describe('key-value changelog layout', () => {
  it('logs serialized key and value with the current record timestamp; a delete logs a tombstone', async () => {
    const context = newContext();
    const store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore('kv'), Serdes.String(), Serdes.Long()).build();
    await store.init(context, store);
    context.setTime(1000);
    store.put('a', 5);
    context.setTime(2000);
    store.delete('a');
    expect(context.logged.map((c) => [c.storeName, hex(c.key), hex(c.value), c.timestamp])).toEqual([
      ['kv', '61', '0000000000000005', 1000],
      ['kv', '61', null, 2000],
    ]);
    expect(context.changelogFor('kv')).toEqual({ topic: 'test-app-kv-changelog', partition: 0 });
    await store.close();
  });

  it('logs nothing when logging is disabled', async () => {
    const context = newContext();
    const store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('kv'), Serdes.String(), Serdes.String()).withLoggingDisabled().build();
    await store.init(context, store);
    store.put('a', 'x');
    await store.flush();
    expect(context.logged).toEqual([]);
  });
});

describe('timestamped key-value store', () => {
  for (const [name, supplier] of [
    ['level', () => Stores.persistentTimestampedKeyValueStore('ts')],
    ['in-memory', () => Stores.inMemoryKeyValueStore('ts')],
  ] as const) {
    it(`${name}: keeps ValueAndTimestamp, logs the plain value with the value's timestamp`, async () => {
      const context = newContext();
      const store = Stores.timestampedKeyValueStoreBuilder(supplier(), Serdes.String(), Serdes.String()).build();
      await store.init(context, store);
      context.setTime(999);
      store.put('k', ValueAndTimestamp.make('v', 0x0102)!);
      const got = store.get('k');
      expect(got?.value()).toBe('v');
      expect(got?.timestamp()).toBe(0x0102);
      store.put('k', null);
      expect(context.logged.map((c) => [hex(c.key), hex(c.value), c.timestamp])).toEqual([
        ['6b', '76', 0x0102],
        ['6b', null, 999],
      ]);
      await store.close();
    });

    it(`${name}: stores timestamp + value bytes locally, and restores the plain changelog by prefixing the record timestamp`, async () => {
      const context = newContext();
      const bytes = Stores.timestampedKeyValueStoreBuilder(supplier(), Serdes.String(), Serdes.String()).withLoggingDisabled().build();
      await bytes.init(context, bytes);
      await context.restore('ts', [
        { key: Buffer.from('a'), value: Buffer.from('x'), timestamp: 42 },
        { key: Buffer.from('b'), value: Buffer.from('y'), timestamp: 43 },
        { key: Buffer.from('b'), value: null, timestamp: 44 },
      ]);
      const a = bytes.get('a');
      expect([a?.value(), a?.timestamp()]).toEqual(['x', 42]);
      expect(bytes.get('b')).toBeNull();
      await bytes.close();
      // The local layout: the bytes store under the builder holds 8-byte big-endian timestamp + value.
      if (name === 'level') {
        const raw = Stores.keyValueStoreBuilder(supplier(), Serdes.String(), Serdes.Buffer()).withLoggingDisabled().build();
        const reopened = newContext({ stateDir: context.stateDir() });
        await raw.init(reopened, raw);
        expect(hex(raw.get('a'))).toBe('000000000000002a78');
        await raw.close();
      }
    });
  }
});
