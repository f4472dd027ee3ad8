import { describe, expect, it } from 'vitest';
import { Materialized, Produced, Serdes, StreamsBuilder } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';

// Kafka's TopologyTestDriver is synchronous: pipe a record, read the output. Once LevelDB is open (ready()), stores
// write their batches in the background, so the driver stays synchronous with the default (persistent) stores.
describe('TopologyTestDriver with LevelDB stores', () => {
  it('pipeInput returns synchronously and the output and store are readable at once', async () => {
    const builder = new StreamsBuilder();
    builder.stream<string, string>('words').groupBy((_k, w) => w).count(Materialized.as<string, number>('counts')).toStream().to('counts-out', Produced.with(Serdes.String(), Serdes.Long()));
    const driver = new TopologyTestDriver(builder.build(), {
      'application.id': 'sync-driver',
      'default.key.serde': Serdes.String(),
      'default.value.serde': Serdes.String(),
    });
    const input = driver.createInputTopic('words', Serdes.String().serializer(), Serdes.String().serializer());
    const output = driver.createOutputTopic('counts-out', Serdes.String().deserializer(), Serdes.Long().deserializer());
    await driver.ready(); // LevelDB opens asynchronously
    for (const w of ['a', 'b', 'a', 'c', 'a']) expect(input.pipeInput(null, w)).toBeUndefined();
    expect(output.readKeyValuesToList().map((kv) => `${kv.key}=${kv.value}`)).toEqual(['a=1', 'b=1', 'a=2', 'c=1', 'a=3']);
    expect(driver.getKeyValueStore<string, number>('counts')!.get('a')).toBe(3);
    await driver.close();
  });
});
