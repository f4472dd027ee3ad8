import { afterEach, describe, expect, it, vi } from 'vitest';
import { Consumed, KeyValue, Materialized, Named, StreamsBuilder, type KTable } from '../../src/index.js';
import { L, S, start, type Run } from './harness.js';

// KTable operators on the test driver, with Kafka's semantics: a source table forwards each update, a null value is
// a delete, null keys are dropped; filter turns rejected rows into deletes; mapValues never sees a null; stores
// exist only when a Materialized names them (or a downstream operator needs them).

let run: Run | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
  vi.restoreAllMocks();
});

const NO_CACHE = { 'statestore.cache.max.bytes': 0 };

describe('builder.table()', () => {
  it('forwards every update with its timestamp; a null value is a delete; a null key is dropped with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const b = new StreamsBuilder();
    b.table<string, string>('input', Consumed.with(S, S)).toStream().to('out');
    run = start(b, NO_CACHE);
    await run.pipe('input', [['a', '1', 10], [null, 'x', 11], ['a', null, 12], ['b', '2', 13]]);
    expect(run.read('out')).toEqual([
      { key: 'a', value: '1', timestamp: 10 },
      { key: 'a', value: null, timestamp: 12 },
      { key: 'b', value: '2', timestamp: 13 },
    ]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Skipping record due to null key'));
  });

  it('is materialized under the Materialized name, queryable, holding the latest value with its timestamp', async () => {
    const b = new StreamsBuilder();
    const table = b.table('input', Materialized.as<string, string>('latest').withKeySerde(S).withValueSerde(S));
    expect(table.queryableStoreName()).toBe('latest');
    expect(b.table('other').queryableStoreName()).toBeNull();
    run = start(b);
    await run.pipe('input', [['a', '1', 10], ['a', '2', 20], ['b', '3', 30], ['b', null, 40]]);
    const store = run.driver.getTimestampedKeyValueStore<string, string>('latest')!;
    expect(store.get('a')?.value()).toBe('2');
    expect(store.get('a')?.timestamp()).toBe(20);
    expect(store.get('b')).toBeNull();
  });

  it('an unnamed table source has no store unless needed', async () => {
    const b = new StreamsBuilder();
    b.table('input').toStream().to('out');
    run = start(b);
    expect([...run.driver.getAllStateStores().keys()]).toEqual([]);
  });
});

describe('KTable.filter / filterNot', () => {
  it('forwards a delete for a rejected row (no old values asked for) and keeps the record timestamp', async () => {
    const b = new StreamsBuilder();
    b.table<string, string>('input').filter((_k, v) => Number(v) > 1).toStream().to('out');
    b.table<string, string>('input2').filterNot((_k, v) => Number(v) > 1).toStream().to('out2');
    run = start(b, NO_CACHE);
    await run.pipe('input', [['a', '1', 1], ['a', '2', 2], ['b', '0', 3], ['a', null, 4]]);
    expect(run.read('out')).toEqual([
      { key: 'a', value: null, timestamp: 1 },
      { key: 'a', value: '2', timestamp: 2 },
      { key: 'b', value: null, timestamp: 3 },
      { key: 'a', value: null, timestamp: 4 },
    ]);
    await run.pipe('input2', [['a', '1', 1], ['a', '2', 2]]);
    expect(run.read('out2')).toEqual([{ key: 'a', value: '1', timestamp: 1 }, { key: 'a', value: null, timestamp: 2 }]);
  });

  it('a named Materialized gives the filter its own store holding only the rows that pass', async () => {
    const b = new StreamsBuilder();
    const filtered = b.table<string, string>('input').filter((_k, v) => v !== 'drop', Materialized.as<string, string>('kept'));
    expect(filtered.queryableStoreName()).toBe('kept');
    expect(b.table<string, string>('x').filter(() => true, Materialized.with(S, S)).queryableStoreName()).toBeNull();
    run = start(b);
    await run.pipe('input', [['a', 'keep'], ['b', 'drop'], ['c', 'keep'], ['c', 'drop']]);
    const store = run.driver.getKeyValueStore<string, string>('kept')!;
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual(['keep', null, null]);
  });
});

describe('KTable.mapValues', () => {
  it('maps new values, passes deletes through without calling the mapper', async () => {
    const mapper = vi.fn((v: string) => v.toUpperCase());
    const b = new StreamsBuilder();
    b.table<string, string>('input').mapValues(mapper, Named.as('upper')).toStream().to('out');
    b.table<string, string>('input2').mapValuesWithKey((k, v) => `${k}:${v}`).toStream().to('out2');
    run = start(b, NO_CACHE);
    await run.pipe('input', [['a', 'x', 5], ['a', null, 6]]);
    await run.pipe('input2', [['k', 'v', 7]]);
    expect(run.read('out')).toEqual([{ key: 'a', value: 'X', timestamp: 5 }, { key: 'a', value: null, timestamp: 6 }]);
    expect(run.read('out2')).toEqual([{ key: 'k', value: 'k:v', timestamp: 7 }]);
    expect(mapper).toHaveBeenCalledTimes(1);
  });

  it('a named Materialized stores the mapped values', async () => {
    const b2 = new StreamsBuilder();
    b2.table<string, string>('input').mapValues((v) => `${v.length}`, Materialized.as<string, string>('lengths'));
    run = start(b2);
    await run.pipe('input', [['a', 'abc'], ['b', 'x']]);
    const store = run.driver.getKeyValueStore<string, string>('lengths')!;
    expect([store.get('a'), store.get('b')]).toEqual(['3', '1']);
  });
});

describe('old values flow only where a downstream operator needs them', () => {
  // groupBy needs the old value of every update (for the subtractor): through a filter or mapValues it reaches the
  // source table, which becomes materialized to know it.
  const grouped = (table: KTable<string, string>) => table.groupBy((k, v) => KeyValue.pair(v, k)).count().toStream().to('counts');

  it('through filter: a row leaving the filter is subtracted from its old group', async () => {
    const b = new StreamsBuilder();
    grouped(b.table<string, string>('input').filter((_k, v) => v !== 'hidden'));
    run = start(b, NO_CACHE);
    await run.pipe('input', [['alice', 'red'], ['bob', 'red'], ['alice', 'hidden'], ['bob', 'blue']]);
    expect(run.read('counts', L).map((r) => [r.key, r.value])).toEqual([
      ['red', 1],
      ['red', 2],
      ['red', 1],
      ['red', 0],
      ['blue', 1],
    ]);
    expect([...run.driver.getAllStateStores().keys()]).toContain('input-STATE-STORE-0000000000');
  });

  it('through mapValues: the old value is mapped too', async () => {
    const b = new StreamsBuilder();
    grouped(b.table<string, string>('input').mapValues((v) => v.toUpperCase()));
    run = start(b, NO_CACHE);
    await run.pipe('input', [['alice', 'red'], ['alice', 'blue']]);
    const out = run.read('counts', L);
    expect(out.map((r) => [r.key, r.value])).toEqual([['RED', 1], ['RED', 0], ['BLUE', 1]]);
  });
});
