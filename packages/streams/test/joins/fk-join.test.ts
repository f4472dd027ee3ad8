import { describe, expect, it } from 'vitest';
import { Consumed, Materialized, Produced, Serdes, StreamsBuilder, TableJoined, type Topology } from '../../src/index.js';
import { TopologyTestDriver } from '../../src/testing/index.js';
import { murmur3Hash128 } from '../../src/internal/kstream/joins/fk/murmur3.js';
import { fkJoin } from './dsl.js';

// Foreign-key joins: orders (key order id, value "customerId|item") joined with customers (key customer id).

const S = Serdes.String();
const PROPS = { 'application.id': 'fk', 'statestore.cache.max.bytes': 0 };

function topology(kind: 'join' | 'leftJoin', named?: string): Topology {
  const builder = new StreamsBuilder();
  const orders = builder.table<string, string>('orders', Consumed.with(S, S));
  const customers = builder.table<string, string>('customers', Consumed.with(S, S));
  const joined = fkJoin(
    kind,
    orders,
    customers,
    (order) => order.split('|')[0]!,
    (order, customer) => `${order}+${customer ?? 'null'}`,
    named === undefined ? undefined : TableJoined.as<string, string>(named),
    Materialized.with<string, string>(S, S),
  );
  joined.toStream().to('out', Produced.with(S, S));
  return builder.build();
}

interface Step {
  readonly topic: 'orders' | 'customers';
  readonly key: string;
  readonly value: string | null;
  readonly ts: number;
}

async function run(t: Topology, steps: readonly Step[]): Promise<[string, string | null, number][][]> {
  const driver = new TopologyTestDriver(t, PROPS);
  try {
    const inputs = { orders: driver.createInputTopic('orders', S.serializer(), S.serializer()), customers: driver.createInputTopic('customers', S.serializer(), S.serializer()) };
    const out = driver.createOutputTopic('out', S.deserializer(), S.deserializer());
    const results: [string, string | null, number][][] = [];
    for (const step of steps) {
      await inputs[step.topic].pipeInput(step.key, step.value as string, step.ts);
      results.push(out.readRecordsToList().map((r) => [r.key(), r.value(), r.timestamp() ?? -1]));
    }
    return results;
  } finally {
    await driver.close();
  }
}

const STEPS: Step[] = [
  { topic: 'orders', key: 'o1', value: 'c1|book', ts: 1 }, // no customer c1 yet
  { topic: 'customers', key: 'c1', value: 'Alice', ts: 2 },
  { topic: 'customers', key: 'c1', value: 'Alicia', ts: 3 }, // right update reaches every subscribed order
  { topic: 'orders', key: 'o2', value: 'c1|pen', ts: 4 },
  { topic: 'orders', key: 'o1', value: 'c2|book', ts: 5 }, // moved to a customer that does not exist
  { topic: 'customers', key: 'c2', value: 'Bob', ts: 6 },
  { topic: 'orders', key: 'o2', value: null, ts: 7 }, // left delete
  { topic: 'customers', key: 'c1', value: null, ts: 8 }, // nobody subscribes to c1 any more
  { topic: 'customers', key: 'c2', value: null, ts: 9 }, // right delete
];

describe('foreign-key table-table joins', () => {
  it('inner join: results follow both tables; moves and deletes retract with tombstones; timestamps are the max', async () => {
    expect(await run(topology('join'), STEPS)).toEqual([
      [],
      [['o1', 'c1|book+Alice', 2]],
      [['o1', 'c1|book+Alicia', 3]],
      [['o2', 'c1|pen+Alicia', 4]],
      [['o1', null, 5]],
      [['o1', 'c2|book+Bob', 6]],
      [['o2', null, 7]],
      [],
      [['o1', null, 9]],
    ]);
  });

  it('left join: a row without a match joins null', async () => {
    expect(await run(topology('leftJoin'), STEPS)).toEqual([
      [['o1', 'c1|book+null', 1]],
      [['o1', 'c1|book+Alice', 2]],
      [['o1', 'c1|book+Alicia', 3]],
      [['o2', 'c1|pen+Alicia', 4]],
      [['o1', 'c2|book+null', 5]],
      [['o1', 'c2|book+Bob', 6]],
      [['o2', null, 7]],
      [],
      [['o1', 'c2|book+null', 9]],
    ]);
  });

  it('names topics, store and processors as Kafka does', () => {
    const text = topology('join').describe().toString();
    for (const name of [
      'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic',
      'KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007',
      'KTABLE-SINK-0000000008',
      'KTABLE-SOURCE-0000000009',
      'KTABLE-FK-JOIN-SUBSCRIPTION-STATE-STORE-0000000010',
      'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000011',
      'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000012',
      'KTABLE-FK-JOIN-SUBSCRIPTION-PROCESSOR-0000000013',
      'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic',
      'KTABLE-SINK-0000000015',
      'KTABLE-SOURCE-0000000016',
      'KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-RESOLVER-PROCESSOR-0000000017',
      'KTABLE-FK-JOIN-OUTPUT-0000000018',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('a TableJoined name replaces the generated names', () => {
    const text = topology('join', 'by-customer').describe().toString();
    expect(text).toContain('by-customer-subscription-registration-topic');
    expect(text).toContain('by-customer-subscription-store');
    expect(text).toContain('by-customer-subscription-response-topic');
    expect(text).toContain('by-customer-result');
  });
});

describe('murmur3 hash128 (the stale-response hash)', () => {
  it('matches the reference MurmurHash3_x64_128 vectors (seed 0)', () => {
    const signed = (x: bigint) => BigInt.asIntN(64, x);
    expect(murmur3Hash128(Buffer.from('hello'), 0).map(signed)).toEqual([-3758069500696749310n, 6565844092913065241n]);
    expect(murmur3Hash128(Buffer.from('The quick brown fox jumps over the lazy dog'), 0).map((x) => x.toString(16))).toEqual(['e34bbc7bbc071b6c', '7a433ca9c49a9347']);
    expect(murmur3Hash128(Buffer.alloc(0), 0)).toEqual([0n, 0n]);
  });

  it('uses Kafka\'s seed 104729 by default, and differs per input', () => {
    expect(murmur3Hash128(Buffer.from('hello'))).not.toEqual(murmur3Hash128(Buffer.from('hello'), 0));
    expect(murmur3Hash128(Buffer.from('hello'))).not.toEqual(murmur3Hash128(Buffer.from('hellp')));
  });
});
