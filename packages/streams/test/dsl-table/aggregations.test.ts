import { afterEach, describe, expect, it, vi } from 'vitest';
import { Consumed, Grouped, KeyValue, Materialized, Named, Serdes, StreamsBuilder } from '../../src/index.js';
import { L, S, start, type Run } from './harness.js';

// Aggregations with Kafka's semantics: stream aggregations skip null keys and values, results carry the larger of
// the record's and the stored aggregate's timestamp; grouped tables subtract the old value and add the new one,
// the two travelling as one record when the key did not change (Kafka 3.5's Change layout); cogroup folds several
// streams into one store.

let run: Run | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
  vi.restoreAllMocks();
});

const NO_CACHE = { 'statestore.cache.max.bytes': 0 };
const rows = <V>(records: { key: string | null; value: V | null; timestamp: number }[]) => records.map((r) => [r.key, r.value, r.timestamp]);

describe('KGroupedStream', () => {
  it('count: timestamps are the max of the record and the stored aggregate; null keys and values are skipped', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const b = new StreamsBuilder();
    b.stream<string, string>('input', Consumed.with(S, S)).groupByKey().count().toStream().to('out');
    run = start(b, NO_CACHE);
    await run.pipe('input', [['a', 'x', 10], ['a', 'y', 5], [null, 'z', 20], ['a', null, 30], ['b', 'x', 7], ['a', 'w', 15]]);
    expect(rows(run.read('out', L))).toEqual([['a', 1, 10], ['a', 2, 10], ['b', 1, 7], ['a', 3, 15]]);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Skipping record due to null key or value'));
  });

  it('reduce: the first value is the aggregate; timestamps as for count', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input').groupByKey().reduce((agg, v) => `${agg}+${v}`, Materialized.as<string, string>('joined')).toStream().to('out');
    run = start(b, NO_CACHE);
    await run.pipe('input', [['a', '1', 3], ['a', '2', 1], ['a', '3', 9]]);
    expect(rows(run.read('out'))).toEqual([['a', '1', 3], ['a', '1+2', 3], ['a', '1+2+3', 9]]);
    expect(run.driver.getKeyValueStore<string, string>('joined')!.get('a')).toBe('1+2+3');
  });

  it('aggregate: starts from the initializer, named processor and store, queryable', async () => {
    const b = new StreamsBuilder();
    const lengths = b.stream<string, string>('input')
      .groupByKey()
      .aggregate(() => 0, (_k, v, agg) => agg + v.length, Named.as('sum-lengths'), Materialized.as<string, number>('lengths').withValueSerde(Serdes.Integer()));
    expect(lengths.queryableStoreName()).toBe('lengths');
    expect(b.stream<string, string>('other').groupByKey().count().queryableStoreName()).toBeNull();
    lengths.toStream().to('out', undefined);
    run = start(b, NO_CACHE);
    await run.pipe('input', [['a', 'abc'], ['a', 'de']]);
    expect(rows(run.read('out', Serdes.Integer()))).toEqual([['a', 3, 0], ['a', 5, 0]]);
  });

  it('groupBy repartitions through <application.id>-<Grouped name>-repartition, dropping records whose new key is null', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input')
      .groupBy((_k, v) => (v === 'none' ? (null as unknown as string) : v.charAt(0)), Grouped.with('by-initial', S, S))
      .count()
      .toStream()
      .to('out');
    run = start(b, NO_CACHE);
    await run.pipe('input', [['1', 'apple'], ['2', 'none'], ['3', 'avocado'], ['4', 'banana']]);
    expect(rows(run.read('out', L)).map(([k, v]) => [k, v])).toEqual([['a', 1], ['a', 2], ['b', 1]]);
    expect(run.driver.producedTopicNames()).toContain('dsl-table-by-initial-repartition');
    expect(run.read('dsl-table-by-initial-repartition').map((r) => r.key)).toEqual(['a', 'a', 'b']);
  });

  it('groupByKey after a key change repartitions; without a change it does not', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input').selectKey((_k, v) => v).groupByKey().count().toStream().to('out');
    b.stream<string, string>('input2').groupByKey().count().toStream().to('out2');
    run = start(b, NO_CACHE);
    await run.pipe('input', [['1', 'x'], ['2', 'x']]);
    await run.pipe('input2', [['k', 'v']]);
    expect(rows(run.read('out', L)).map(([k, v]) => [k, v])).toEqual([['x', 1], ['x', 2]]);
    expect([...run.driver.producedTopicNames()].filter((t) => t.endsWith('-repartition'))).toEqual(['dsl-table-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition']);
  });
});

describe('KGroupedTable', () => {
  const regions = () => {
    const b = new StreamsBuilder();
    return { b, grouped: b.table<string, string>('users').groupBy((user, region) => KeyValue.pair(region, user)) };
  };

  it('count: a user moving region is subtracted from the old one and added to the new one; a delete subtracts', async () => {
    const { b, grouped } = regions();
    grouped.count().toStream().to('out');
    run = start(b, NO_CACHE);
    await run.pipe('users', [['alice', 'EU', 1], ['bob', 'EU', 2], ['alice', 'US', 3], ['bob', null, 4]]);
    expect(rows(run.read('out', L))).toEqual([['EU', 1, 1], ['EU', 2, 2], ['EU', 1, 3], ['US', 1, 3], ['EU', 0, 4]]);
  });

  it('an update within the same group travels as one Change: subtractor then adder, one result', async () => {
    const b = new StreamsBuilder();
    const calls: string[] = [];
    b.table<string, string>('scores')
      .groupBy((player, score) => KeyValue.pair(player.split('-')[0]!, score))
      .aggregate(
        () => 0,
        (_k, v, agg) => (calls.push(`+${v}`), agg + Number(v)),
        (_k, v, agg) => (calls.push(`-${v}`), agg - Number(v)),
        Materialized.as<string, number>('totals').withValueSerde(Serdes.Integer()),
      )
      .toStream()
      .to('out');
    run = start(b, NO_CACHE);
    await run.pipe('scores', [['team1-p1', '10', 1], ['team1-p2', '5', 2], ['team1-p1', '7', 3]]);
    expect(rows(run.read('out', Serdes.Integer()))).toEqual([['team1', 10, 1], ['team1', 15, 2], ['team1', 12, 3]]);
    expect(calls).toEqual(['+10', '+5', '-10', '+7']);
    // Kafka's flag-2 layout: [uint32 new length][new][old][2].
    const repartition = run.driver.producedTopicNames();
    expect([...repartition]).toContain('dsl-table-totals-repartition');
  });

  it('reduce with adder and subtractor', async () => {
    const { b, grouped } = regions();
    grouped.reduce((agg, v) => `${agg},${v}`, (agg, v) => agg.split(',').filter((u) => u !== v).join(','), Named.as('members')).toStream().to('out');
    run = start(b, NO_CACHE);
    await run.pipe('users', [['alice', 'EU'], ['bob', 'EU'], ['alice', 'US']]);
    expect(rows(run.read('out')).map(([k, v]) => [k, v])).toEqual([['EU', 'alice'], ['EU', 'alice,bob'], ['EU', 'bob'], ['US', 'alice']]);
  });

  it('timestamps: the record\'s, or the max with the stored aggregate\'s', async () => {
    const { b, grouped } = regions();
    grouped.count().toStream().to('out');
    run = start(b, NO_CACHE);
    await run.pipe('users', [['alice', 'EU', 50], ['bob', 'EU', 20], ['carol', 'US', 10]]);
    expect(rows(run.read('out', L))).toEqual([['EU', 1, 50], ['EU', 2, 50], ['US', 1, 10]]);
  });
});

describe('cogroup', () => {
  it('aggregates two grouped streams into one store through one merge node', async () => {
    const b = new StreamsBuilder();
    const clicks = b.stream<string, string>('clicks').groupByKey();
    const views = b.stream<string, string>('views').groupByKey();
    clicks
      .cogroup<string>((_k, _v, agg) => `${agg}c`)
      .cogroup(views, (_k, _v, agg) => `${agg}v`)
      .aggregate(() => '', Materialized.as<string, string>('activity'))
      .toStream()
      .to('out');
    run = start(b, NO_CACHE);
    await run.pipe('clicks', [['u1', 'x', 1]]);
    await run.pipe('views', [['u1', 'x', 2], ['u2', 'x', 3]]);
    await run.pipe('clicks', [['u1', 'x', 4]]);
    expect(rows(run.read('out'))).toEqual([['u1', 'c', 1], ['u1', 'cv', 2], ['u2', 'v', 3], ['u1', 'cvc', 4]]);
    expect(run.driver.getKeyValueStore<string, string>('activity')!.get('u1')).toBe('cvc');
  });
});

describe('KStream.toTable', () => {
  it('turns records into table updates, materialized under a name', async () => {
    const b = new StreamsBuilder();
    const table = b.stream<string, string>('input').toTable(Named.as('as-table'), Materialized.as<string, string>('latest'));
    expect(table.queryableStoreName()).toBe('latest');
    table.toStream().to('out');
    run = start(b, NO_CACHE);
    await run.pipe('input', [['a', '1', 1], ['a', null, 2], ['b', '2', 3]]);
    expect(rows(run.read('out'))).toEqual([['a', '1', 1], ['a', null, 2], ['b', '2', 3]]);
    expect(run.driver.getKeyValueStore<string, string>('latest')!.get('b')).toBe('2');
  });
});

describe('caching (default statestore.cache.max.bytes)', () => {
  it('a KTable update flushed at commit carries the new value\'s timestamp', async () => {
    const b = new StreamsBuilder();
    b.stream<string, string>('input').flatMapValues((v) => v.split(' ')).groupByKey().count().toStream().to('out');
    run = start(b);
    await run.pipe('input', [['k', 'a b c', 42]]);
    expect(rows(run.read('out', L))).toEqual([['k', 3, 42]]);
  });
});
