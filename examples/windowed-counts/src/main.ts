#!/usr/bin/env node
/**
 * Windowed counts with suppression on the embedded broker, in this process: feed ten clicks with explicit event
 * times (two of them out of order), run the topology with KafkaStreams, then print every count update and the
 * final results that `suppress(untilWindowCloses)` let through.
 *
 * Run: `npm start -w @tributary/example-windowed-counts`.
 */
import type { ConsumerRecord } from '@tributary/client';
import { KafkaStreams, Serdes } from '@tributary/streams';
import { clock, createTopics, produce, readTopic, startEmbeddedBroker, waitUntilProcessed, type SampleRecord } from '@tributary/example-support';
import { buildTopology, FINAL, INPUT, UPDATES, windowedKeySerde } from './topology.js';

const APPLICATION_ID = 'clicks-per-minute';
const T0 = Date.UTC(2024, 0, 1, 10, 0, 0);
const click = (user: string, minutes: number, seconds: number, note = ''): SampleRecord & { note: string } => ({
  key: user,
  value: 'click',
  timestamp: T0 + minutes * 60_000 + seconds * 1000,
  note,
});

/** The input, in the order it is produced (one partition, so also the order it is processed). */
const CLICKS = [
  click('alice', 0, 5),
  click('bob', 0, 10),
  click('alice', 0, 30),
  click('alice', 0, 50),
  click('bob', 1, 10),
  click('alice', 1, 20),
  click('bob', 0, 55, 'out of order, within grace: counted in [10:00, 10:01)'),
  click('alice', 1, 40, 'stream time passes 10:01:30: [10:00, 10:01) closes'),
  click('alice', 0, 40, 'after [10:00, 10:01) closed: dropped'),
  click('carol', 2, 35, 'stream time passes 10:02:30: [10:01, 10:02) closes'),
];

function formatCount(r: ConsumerRecord): string {
  const windowed = windowedKeySerde().deserializer().deserialize(r.topic, r.key);
  const count = Serdes.Long().deserializer().deserialize(r.topic, r.value);
  return `${windowed.key().padEnd(6)} [${clock(windowed.window().start())}, ${clock(windowed.window().end())})  ${count}`;
}

const embedded = await startEmbeddedBroker('windowed-counts');
try {
  const { transport } = embedded;
  await createTopics(transport, [INPUT, UPDATES, FINAL].map((name) => ({ name, numPartitions: 1 })));
  const streams = new KafkaStreams(buildTopology(), { 'application.id': APPLICATION_ID, 'state.dir': embedded.stateDir, 'statestore.cache.max.bytes': 0, 'commit.interval.ms': 100 }, transport);
  streams.start();

  console.log('input (user, event time):');
  for (const c of CLICKS) console.log(`  ${c.key.padEnd(6)} ${clock(c.timestamp)}${c.note === '' ? '' : `   <- ${c.note}`}`);
  await produce(transport, INPUT, CLICKS.map(({ key, value, timestamp }) => ({ key, value, timestamp })));
  await waitUntilProcessed(transport, APPLICATION_ID, [INPUT]);
  await streams.close();

  console.log(`\nevery update (${UPDATES}):`);
  for (const r of await readTopic(transport, UPDATES)) console.log(`  ${formatCount(r)}`);
  console.log(`\nfinal results, suppress(untilWindowCloses) (${FINAL}):`);
  for (const r of await readTopic(transport, FINAL)) console.log(`  ${formatCount(r)}`);
  console.log('  ([10:02, 10:03) is still open: stream time 10:02:35 has not reached its end + grace, 10:03:30)');
} finally {
  await embedded.stop();
}
