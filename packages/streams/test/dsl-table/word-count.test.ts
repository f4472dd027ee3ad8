import { describe, expect, it } from 'vitest';
import { Consumed, KeyValue, Materialized, Produced, Serdes, StreamsBuilder, StoreType, type Topology } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

// Kafka's WordCountDemo and the three lines of its Streams quickstart. With the record cache off the quickstart
// documents 11 updates in this order; with the default cache the driver's commit after each input record
// flushes one update per word of that record.

const S = Serdes.String();
// WordCountDemo's settings: String default serdes (groupBy's repartition topic uses them).
const PROPS = { 'application.id': 'wordcount', 'default.key.serde': S, 'default.value.serde': S };
const QUICKSTART = ['all streams lead to kafka', 'hello kafka streams', 'join kafka summit'];

function wordCount(storeType: StoreType): Topology {
  const builder = new StreamsBuilder();
  builder.stream<string, string>('streams-plaintext-input', Consumed.with(S, S))
    .flatMapValues((line) => line.toLowerCase().split(/\W+/))
    .groupBy((_k, word) => word)
    .count(Materialized.as<string, number>('counts-store'))
    .toStream()
    .to('streams-wordcount-output', Produced.with(S, Serdes.Long()));
  return builder.build({ 'default.dsl.store': storeType } as Record<string, unknown>);
}

async function run(storeType: StoreType, props: Record<string, unknown>, lines: readonly string[]): Promise<KeyValue<string, number>[]> {
  const driver = new TopologyTestDriver(wordCount(storeType), { ...PROPS, ...props });
  try {
    const input = driver.createInputTopic('streams-plaintext-input', S.serializer(), S.serializer());
    const output = driver.createOutputTopic('streams-wordcount-output', S.deserializer(), Serdes.Long().deserializer());
    for (const line of lines) await input.pipeInput(null, line);
    return output.readKeyValuesToList();
  } finally {
    await driver.close();
  }
}

describe.each([StoreType.IN_MEMORY, StoreType.ROCKS_DB])('word count on the test driver (%s store)', (storeType) => {
  it('with statestore.cache.max.bytes=0 prints the 11 updates of Kafka\'s quickstart in order', async () => {
    expect(await run(storeType, { 'statestore.cache.max.bytes': 0 }, QUICKSTART)).toEqual([
      KeyValue.pair('all', 1),
      KeyValue.pair('streams', 1),
      KeyValue.pair('lead', 1),
      KeyValue.pair('to', 1),
      KeyValue.pair('kafka', 1),
      KeyValue.pair('hello', 1),
      KeyValue.pair('kafka', 2),
      KeyValue.pair('streams', 2),
      KeyValue.pair('join', 1),
      KeyValue.pair('kafka', 3),
      KeyValue.pair('summit', 1),
    ]);
  });

  it('with the default cache the driver commits after every record, repartitioned ones included: the same 11 updates', async () => {
    // Kafka's TopologyTestDriver commits (flushing the cache) after each record it processes, so each word read
    // back from the repartition topic is flushed on its own.
    expect(await run(storeType, {}, QUICKSTART)).toHaveLength(11);
  });

  it('with the default cache, updates of one key within one record are deduplicated until the commit', async () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('lines', Consumed.with(S, S))
      .flatMapValues((line) => line.split(' '))
      .groupByKey()
      .count()
      .toStream()
      .to('counts', Produced.with(S, Serdes.Long()));
    const counts = async (props: Record<string, unknown>) => {
      const driver = new TopologyTestDriver(builder.build({ 'default.dsl.store': storeType } as Record<string, unknown>), { ...PROPS, ...props });
      const input = driver.createInputTopic('lines', S.serializer(), S.serializer());
      const output = driver.createOutputTopic('counts', S.deserializer(), Serdes.Long().deserializer());
      await input.pipeInput('alice', 'a b c');
      await input.pipeInput('bob', 'x');
      await input.pipeInput('alice', 'd');
      const out = output.readKeyValuesToList();
      await driver.close();
      return out;
    };
    expect(await counts({})).toEqual([KeyValue.pair('alice', 3), KeyValue.pair('bob', 1), KeyValue.pair('alice', 4)]);
    expect(await counts({ 'statestore.cache.max.bytes': 0 })).toEqual([
      KeyValue.pair('alice', 1), KeyValue.pair('alice', 2), KeyValue.pair('alice', 3), KeyValue.pair('bob', 1), KeyValue.pair('alice', 4),
    ]);
  });

  it('the store holds the final counts', async () => {
    const driver = new TopologyTestDriver(wordCount(storeType), { ...PROPS, 'statestore.cache.max.bytes': 0 });
    const input = driver.createInputTopic('streams-plaintext-input', S.serializer(), S.serializer());
    for (const line of QUICKSTART) await input.pipeInput(null, line);
    const store = driver.getKeyValueStore<string, number>('counts-store')!;
    expect(store.get('kafka')).toBe(3);
    expect(store.get('summit')).toBe(1);
    expect(store.get('absent')).toBeNull();
    await driver.close();
  });
});
