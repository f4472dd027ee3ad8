import { describe, expect, it } from 'vitest';
import { Consumed, Grouped, JoinWindows, Joined, KeyValue, Materialized, Produced, Serdes, StreamJoined, Stores, StreamsBuilder } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

const S = Serdes.String();

describe('left join emission throttle (Kafka\'s emit interval, wall-clock time)', () => {
  it('with the default 1000 ms, closed unmatched records wait until the wall clock moved on', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('l', Consumed.with(S, S))
      .leftJoin(builder.stream<string, string>('r', Consumed.with(S, S)), (a, b) => `${a}/${b ?? 'null'}`, JoinWindows.ofTimeDifferenceWithNoGrace(10), StreamJoined.with(S, S, S))
      .to('out', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build(), { 'application.id': 'throttle' }, 1_000_000);
    try {
      const left = driver.createInputTopic('l', S.serializer(), S.serializer());
      const out = driver.createOutputTopic('out', S.deserializer(), S.deserializer());
      const read = () => out.readRecordsToList().map((r) => `${r.value()}@${r.timestamp()}`);
      await left.pipeInput('k', 'E', 0);
      await left.pipeInput('k', 'F', 20); // E closed (0 + 10 < 20): the first scan emits it
      expect(read()).toEqual(['E/null@0']);
      await left.pipeInput('k', 'G', 40); // F closed too, but the next scan is due at wall clock + 1000 ms
      expect(read()).toEqual([]);
      await driver.advanceWallClockTime(1000);
      await left.pipeInput('k', 'H', 60);
      expect(read()).toEqual(['F/null@20', 'G/null@40']);
    } finally {
      await driver.close();
    }
  });
});

describe('table-table joins feed aggregations (old values through the merge)', () => {
  it('a join result regrouped by a field counts moves between groups', async () => {
    // users: id -> name; regions: id -> region. joined: id -> "name@region", counted per region.
    const builder = new StreamsBuilder();
    const users = builder.table<string, string>('users', Consumed.with(S, S));
    const regions = builder.table<string, string>('regions', Consumed.with(S, S));
    users
      .join(regions, (name, region) => `${name}@${region}`)
      .groupBy((_id, v) => KeyValue.pair(v.split('@')[1]!, v), Grouped.with(S, S))
      .count(Materialized.with<string, number>(S, Serdes.Long()))
      .toStream()
      .to('counts', Produced.with(S, Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), { 'application.id': 'join-agg', 'statestore.cache.max.bytes': 0 });
    try {
      const u = driver.createInputTopic('users', S.serializer(), S.serializer());
      const r = driver.createInputTopic('regions', S.serializer(), S.serializer());
      const out = driver.createOutputTopic('counts', S.deserializer(), Serdes.Long().deserializer());
      await u.pipeInput('1', 'ann', 1);
      await r.pipeInput('1', 'eu', 2);
      await u.pipeInput('2', 'bob', 3);
      await r.pipeInput('2', 'eu', 4);
      await r.pipeInput('1', 'us', 5); // ann moves: eu 2 -> 1, us 0 -> 1
      await u.pipeInput('2', null as unknown as string, 6); // bob deleted: eu 1 -> 0
      expect(out.readKeyValuesToList()).toEqual([
        KeyValue.pair('eu', 1),
        KeyValue.pair('eu', 2),
        KeyValue.pair('eu', 1),
        KeyValue.pair('us', 1),
        KeyValue.pair('eu', 0),
      ]);
    } finally {
      await driver.close();
    }
  });
});

describe('stream-table join details', () => {
  it('table updates never trigger results; the result keeps the stream record\'s timestamp', async () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('views', Consumed.with(S, S))
      .join(builder.table<string, string>('users', Consumed.with(S, S)), (view, region) => `${view} in ${region}`, Joined.with(S, S, S))
      .to('out', Produced.with(S, S));
    const driver = new TopologyTestDriver(builder.build(), { 'application.id': 'st' });
    try {
      const views = driver.createInputTopic('views', S.serializer(), S.serializer());
      const users = driver.createInputTopic('users', S.serializer(), S.serializer());
      const out = driver.createOutputTopic('out', S.deserializer(), S.deserializer());
      await users.pipeInput('alice', 'eu', 100);
      await views.pipeInput('alice', '/home', 50); // older than the table row: still joins the current row
      await users.pipeInput('alice', 'us', 200);
      expect(out.readRecordsToList().map((rec) => [rec.key(), rec.value(), rec.timestamp()])).toEqual([['alice', '/home in eu', 50]]);
    } finally {
      await driver.close();
    }
  });

  it('a grace period needs a versioned table: Kafka\'s error for a plain one', () => {
    const builder = new StreamsBuilder();
    const stream = builder.stream<string, string>('s');
    const table = builder.table<string, string>('t');
    expect(() => stream.join(table, (a, b) => a + b, Joined.with<string, string, string>(S, S, S).withGracePeriod(1000))).toThrow(
      'KTable must be versioned to use a grace period in a stream table join.',
    );
  });
});

describe('user-supplied join stores (StreamJoined.with(thisStoreSupplier, otherStoreSupplier))', () => {
  it('name the stores; Kafka\'s checks on duplicates, size and retention hold', async () => {
    const windows = JoinWindows.ofTimeDifferenceWithNoGrace(10); // size 20, retention 20
    const build = (a: ReturnType<typeof Stores.inMemoryWindowStore>, b: ReturnType<typeof Stores.inMemoryWindowStore>) => {
      const builder = new StreamsBuilder();
      builder
        .stream<string, string>('l', Consumed.with(S, S))
        .join(builder.stream<string, string>('r', Consumed.with(S, S)), (x, y) => `${x}${y}`, windows, StreamJoined.with<string, string, string>(a, b).withKeySerde(S).withValueSerde(S).withOtherValueSerde(S))
        .to('out', Produced.with(S, S));
      return builder.build();
    };
    const topology = build(Stores.inMemoryWindowStore('mine', 20, 20, true), Stores.inMemoryWindowStore('theirs', 20, 20, true));
    expect(topology.describe().toString()).toContain('(stores: [mine])');
    const driver = new TopologyTestDriver(topology, { 'application.id': 'suppliers' });
    try {
      await driver.createInputTopic('l', S.serializer(), S.serializer()).pipeInput('k', 'a', 5);
      await driver.createInputTopic('r', S.serializer(), S.serializer()).pipeInput('k', 'b', 9);
      expect(driver.createOutputTopic('out', S.deserializer(), S.deserializer()).readValuesToList()).toEqual(['ab']);
    } finally {
      await driver.close();
    }
    expect(() => build(Stores.inMemoryWindowStore('x', 20, 20, false), Stores.inMemoryWindowStore('y', 20, 20, true))).toThrow(
      'The StoreSupplier must set retainDuplicates=true, found retainDuplicates=false',
    );
    expect(() => build(Stores.inMemoryWindowStore('x', 30, 20, true), Stores.inMemoryWindowStore('y', 20, 20, true))).toThrow(/^Window settings mismatch/);
    expect(() => build(Stores.inMemoryWindowStore('same', 20, 20, true), Stores.inMemoryWindowStore('same', 20, 20, true))).toThrow(
      'Both StoreSuppliers have the same name.  StoreSuppliers must provide unique names',
    );
  });
});
