import { describe, expect, it } from 'vitest';
import {
  Consumed,
  Grouped,
  Joined,
  KeyValue,
  Materialized,
  Produced,
  Serdes,
  Stores,
  StreamsBuilder,
  type KStream,
  type KTable,
  type VersionedKeyValueStore,
} from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

const S = Serdes.String();
type Driver = TopologyTestDriver;

async function withDriver(builder: StreamsBuilder, app: string, body: (driver: Driver) => Promise<void>): Promise<void> {
  const driver = new TopologyTestDriver(builder.build(), { 'application.id': app, 'statestore.cache.max.bytes': 0 });
  try {
    await body(driver);
  } finally {
    await driver.close();
  }
}

function versionedTable(builder: StreamsBuilder, topic: string, store: string, historyMs: number): KTable<string, string> {
  return builder.table<string, string>(topic, Consumed.with(S, S), Materialized.as<string, string>(Stores.persistentVersionedKeyValueStore(store, historyMs)));
}

/** `key:value@timestamp` of every record on `topic`. */
function reader(driver: Driver, topic: string): () => string[] {
  const out = driver.createOutputTopic(topic, S.deserializer(), S.deserializer());
  return () => out.readRecordsToList().map((r) => `${r.key()}:${r.value()}@${r.timestamp()}`);
}

describe('versioned KTable (Materialized.as(Stores.persistentVersionedKeyValueStore))', () => {
  it('keeps every version in the store; an older update is forwarded but does not change the latest value; one older than history is dropped', async () => {
    const builder = new StreamsBuilder();
    versionedTable(builder, 'profiles', 'profiles-store', 100).toStream().to('updates', Produced.with(S, S));
    await withDriver(builder, 'versioned-table', async (driver) => {
      const profiles = driver.createInputTopic('profiles', S.serializer(), S.serializer());
      const updates = reader(driver, 'updates');
      await profiles.pipeInput('alice', 'eu', 100);
      await profiles.pipeInput('alice', 'us', 200);
      await profiles.pipeInput('alice', 'fr', 150); // out of order, within history retention
      await profiles.pipeInput('alice', 'old', 50); // older than stream time - history retention: refused
      expect(updates()).toEqual(['alice:eu@100', 'alice:us@200', 'alice:fr@150']);
      const store = driver.getStateStore<VersionedKeyValueStore<string, string>>('profiles-store')!;
      expect(store.get('alice')?.value()).toBe('us');
      expect(store.get('alice', 160)?.value()).toBe('fr');
      expect(store.get('alice', 120)?.value()).toBe('eu');
      // The changelog is Kafka's versioned format: plain values with the version's timestamp.
      const changelog = driver.createOutputTopic('versioned-table-profiles-store-changelog', S.deserializer(), S.deserializer());
      expect(changelog.readRecordsToList().map((r) => `${r.value()}@${r.timestamp()}`)).toEqual(['eu@100', 'us@200', 'fr@150', 'old@50']);
    });
  });

  it('a table-table join ignores out-of-order updates of a versioned table (KIP-914)', async () => {
    const builder = new StreamsBuilder();
    const profiles = versionedTable(builder, 'profiles', 'profiles-store', 1000);
    const plans = builder.table<string, string>('plans', Consumed.with(S, S));
    profiles.join(plans, (region, plan) => `${region}/${plan}`).toStream().to('joined', Produced.with(S, S));
    await withDriver(builder, 'versioned-table-join', async (driver) => {
      const p = driver.createInputTopic('profiles', S.serializer(), S.serializer());
      const q = driver.createInputTopic('plans', S.serializer(), S.serializer());
      const joined = reader(driver, 'joined');
      await q.pipeInput('alice', 'gold', 10);
      await p.pipeInput('alice', 'eu', 100);
      await p.pipeInput('alice', 'us', 200);
      await p.pipeInput('alice', 'fr', 150); // not the current row: no result
      await q.pipeInput('alice', 'silver', 300); // joins the latest profile, not the last one piped
      expect(joined()).toEqual(['alice:eu/gold@100', 'alice:us/gold@200', 'alice:us/silver@300']);
    });
  });

  it('a table aggregation ignores out-of-order updates of a versioned table (KIP-914)', async () => {
    const builder = new StreamsBuilder();
    versionedTable(builder, 'profiles', 'profiles-store', 1000)
      .groupBy((user, region) => KeyValue.pair(region, user), Grouped.with(S, S))
      .count()
      .toStream()
      .mapValues((n) => String(n))
      .to('per-region', Produced.with(S, S));
    await withDriver(builder, 'versioned-agg', async (driver) => {
      const p = driver.createInputTopic('profiles', S.serializer(), S.serializer());
      const counts = reader(driver, 'per-region');
      await p.pipeInput('alice', 'eu', 100);
      await p.pipeInput('alice', 'us', 200);
      await p.pipeInput('alice', 'fr', 150); // out of order: alice still lives in us
      await p.pipeInput('bob', 'us', 300);
      expect(counts()).toEqual(['eu:1@100', 'eu:0@200', 'us:1@200', 'us:2@300']);
    });
  });

  it('a versioned Materialized on a filter keeps the filter\'s semantics and the store\'s versions', async () => {
    const builder = new StreamsBuilder();
    builder
      .table<string, string>('profiles', Consumed.with(S, S))
      .filter((_, v) => v !== 'hidden', Materialized.as<string, string>(Stores.inMemoryVersionedKeyValueStore('visible', 1000)).withKeySerde(S).withValueSerde(S))
      .toStream()
      .to('visible-out', Produced.with(S, S));
    await withDriver(builder, 'versioned-filter', async (driver) => {
      const p = driver.createInputTopic('profiles', S.serializer(), S.serializer());
      const out = reader(driver, 'visible-out');
      await p.pipeInput('alice', 'eu', 100);
      await p.pipeInput('alice', 'hidden', 200);
      await p.pipeInput('alice', 'us', 300);
      expect(out()).toEqual(['alice:eu@100', 'alice:null@200', 'alice:us@300']);
      const store = driver.getStateStore<VersionedKeyValueStore<string, string>>('visible')!;
      expect(store.get('alice', 250)).toBeNull();
      expect(store.get('alice', 150)?.value()).toBe('eu');
    });
  });
});

describe('stream-table join against a versioned table', () => {
  function enrich(builder: StreamsBuilder, table: KTable<string, string>, joined?: Joined<string, string, string>, left = false): void {
    const views: KStream<string, string> = builder.stream<string, string>('views', Consumed.with(S, S));
    const joiner = (page: string, region: string | null): string => `${page} in ${region ?? 'null'}`;
    (left ? views.leftJoin(table, joiner, joined) : views.join(table, joiner, joined)).to('enriched', Produced.with(S, S));
  }

  it('joins each stream record with the table version valid at its timestamp, also after out-of-order table updates', async () => {
    const run = async (versioned: boolean): Promise<string[]> => {
      const builder = new StreamsBuilder();
      enrich(builder, versioned ? versionedTable(builder, 'profiles', 'profiles-store', 1000) : builder.table<string, string>('profiles', Consumed.with(S, S)));
      let result: string[] = [];
      await withDriver(builder, `stream-table-${versioned}`, async (driver) => {
        const p = driver.createInputTopic('profiles', S.serializer(), S.serializer());
        const v = driver.createInputTopic('views', S.serializer(), S.serializer());
        const out = reader(driver, 'enriched');
        await p.pipeInput('alice', 'eu', 100);
        await p.pipeInput('alice', 'us', 200);
        await v.pipeInput('alice', '/a', 150);
        await v.pipeInput('alice', '/b', 250);
        await p.pipeInput('alice', 'fr', 180); // an out-of-order table update
        await v.pipeInput('alice', '/c', 190);
        await v.pipeInput('alice', '/d', 170);
        await v.pipeInput('alice', '/e', 50); // before any version: an inner join has no partner
        result = out();
      });
      return result;
    };
    expect(await run(true)).toEqual(['alice:/a in eu@150', 'alice:/b in us@250', 'alice:/c in fr@190', 'alice:/d in eu@170']);
    // The same input against a plain table joins whatever row was last written.
    expect(await run(false)).toEqual(['alice:/a in us@150', 'alice:/b in us@250', 'alice:/c in fr@190', 'alice:/d in fr@170', 'alice:/e in fr@50']);
  });

  it('with a grace period, stream records wait and join in timestamp order, seeing table updates that arrived after them', async () => {
    const builder = new StreamsBuilder();
    const table = versionedTable(builder, 'profiles', 'profiles-store', 1000);
    enrich(builder, table, Joined.with<string, string, string>(S, S, S).withGracePeriod(50), true);
    await withDriver(builder, 'stream-table-grace', async (driver) => {
      const p = driver.createInputTopic('profiles', S.serializer(), S.serializer());
      const v = driver.createInputTopic('views', S.serializer(), S.serializer());
      const out = reader(driver, 'enriched');
      await p.pipeInput('alice', 'eu', 100);
      await v.pipeInput('alice', '/a', 120); // buffered: stream time 120, released once it passes 170
      await p.pipeInput('alice', 'us', 110); // a late table update, after the stream record that needs it
      await v.pipeInput('bob', '/x', 140);
      await v.pipeInput('alice', '/b', 130); // out of order within grace: released before /x
      expect(out()).toEqual([]);
      await v.pipeInput('alice', '/c', 185); // stream time 185: releases everything at or before 135
      expect(out()).toEqual(['alice:/a in us@120', 'alice:/b in us@130']);
      await v.pipeInput('alice', '/late', 60); // older than stream time - grace: joined at once, as of 60
      expect(out()).toEqual(['alice:/late in null@60']);
      await v.pipeInput('carol', '/y', 300);
      expect(out()).toEqual(['bob:/x in null@140', 'alice:/c in us@185']);
      expect(driver.producedTopicNames()).toContain('stream-table-grace-KSTREAM-LEFTJOIN-0000000003-Buffer-changelog');
    });
  });

  it('a GlobalKTable materialized with a versioned supplier is looked up as of the stream record\'s timestamp', async () => {
    const builder = new StreamsBuilder();
    const regions = builder.globalTable<string, string>('regions', Consumed.with(S, S), Materialized.as<string, string>(Stores.persistentVersionedKeyValueStore('regions-store', 1000)));
    builder
      .stream<string, string>('views', Consumed.with(S, S))
      .join(regions, (user) => user, (page, region) => `${page} in ${region}`)
      .to('enriched', Produced.with(S, S));
    await withDriver(builder, 'versioned-global', async (driver) => {
      const r = driver.createInputTopic('regions', S.serializer(), S.serializer());
      const v = driver.createInputTopic('views', S.serializer(), S.serializer());
      const out = reader(driver, 'enriched');
      await r.pipeInput('alice', 'eu', 100);
      await r.pipeInput('alice', 'us', 200);
      await v.pipeInput('alice', '/a', 150);
      await v.pipeInput('alice', '/b', 250);
      expect(out()).toEqual(['alice:/a in eu@150', 'alice:/b in us@250']);
    });
  });

  it('refuses a grace period on a table that is not versioned, and accepts one on a filter of a versioned table', () => {
    const builder = new StreamsBuilder();
    const stream = builder.stream<string, string>('s');
    const withGrace = Joined.with<string, string, string>(S, S, S).withGracePeriod(1000);
    expect(() => stream.join(builder.table<string, string>('t'), (a, b) => a + b, withGrace)).toThrow('KTable must be versioned to use a grace period in a stream table join.');
    const versioned = versionedTable(builder, 'v', 'v-store', 5000).filter((_, v) => v.length > 0);
    expect(() => stream.join(versioned, (a, b) => a + b, withGrace)).not.toThrow();
  });
});
