import { afterEach, describe, expect, it } from 'vitest';
import { Consumed, Materialized, StreamsBuilder } from '../../src/index.js';
import { S, start, type Run } from './harness.js';

// globalTable: a store filled from the whole topic, never changelogged, described as a global store block.

let run: Run | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

describe('StreamsBuilder.globalTable', () => {
  it('fills its store from the topic, deletes included; logging is disabled', async () => {
    const b = new StreamsBuilder();
    const global = b.globalTable('countries', Consumed.with(S, S), Materialized.as<string, string>('countries-store'));
    expect(global.queryableStoreName()).toBe('countries-store');
    run = start(b);
    await run.pipe('countries', [['fr', 'France'], ['de', 'Germany'], ['fr', null]]);
    const store = run.driver.getKeyValueStore<string, string>('countries-store')!;
    expect([store.get('fr'), store.get('de')]).toEqual([null, 'Germany']);
    expect(run.driver.producedTopicNames()).not.toContain('dsl-table-countries-store-changelog');
  });

  it('an unnamed global table gets <topic>-STATE-STORE-<index>, and prints Kafka\'s global store block', () => {
    const b = new StreamsBuilder();
    const global = b.globalTable('countries');
    expect(global.queryableStoreName()).toBe('countries-STATE-STORE-0000000000');
    expect(b.build().describe().toString()).toBe(`Topologies:
   Sub-topology: 0 for global store (will not generate tasks)
    Source: KSTREAM-SOURCE-0000000001 (topics: [countries])
      --> KTABLE-SOURCE-0000000002
    Processor: KTABLE-SOURCE-0000000002 (stores: [countries-STATE-STORE-0000000000])
      --> none
      <-- KSTREAM-SOURCE-0000000001
`);
  });
});
