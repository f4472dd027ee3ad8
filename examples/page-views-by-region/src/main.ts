#!/usr/bin/env node
/**
 * Page views by region on the embedded broker, in this process: create the topics, load the user profiles, feed
 * page views (with explicit event times) in two rounds with a profile change between them, run the topology
 * with KafkaStreams, and print the final count of every (window, region).
 *
 * Run: `npm start -w @tributary/example-page-views-by-region`.
 */
import { KafkaStreams } from '@tributary/streams';
import { clock, createTopics, produce, readTopic, startEmbeddedBroker, waitUntilProcessed, type SampleRecord } from '@tributary/example-support';
import { buildTopology, OUTPUT, PAGE_VIEWS, USER_PROFILES, WINDOW_SIZE_MS, type RegionCount, type WindowedRegion } from './topology.js';

const APPLICATION_ID = 'streams-pageview-region';
const T0 = Date.UTC(2024, 0, 1, 10, 0, 0);
const at = (minutes: number, seconds: number) => T0 + minutes * 60_000 + seconds * 1000;
const view = (user: string, page: string, time: number): SampleRecord => ({ key: user, value: { user, page }, timestamp: time });

/** What the demo feeds, round by round; each round is processed before the next is produced. */
const ROUNDS: ReadonlyArray<{ readonly topic: string; readonly records: readonly SampleRecord[]; readonly note: string }> = [
  {
    topic: USER_PROFILES,
    note: 'profiles: alice, carol -> europe; bob -> asia (dave has none)',
    records: [
      { key: 'alice', value: { region: 'europe' }, timestamp: T0 },
      { key: 'bob', value: { region: 'asia' }, timestamp: T0 },
      { key: 'carol', value: { region: 'europe' }, timestamp: T0 },
    ],
  },
  {
    topic: PAGE_VIEWS,
    note: '6 page views between 10:00 and 10:02',
    records: [view('alice', '/home', at(0, 10)), view('bob', '/cart', at(0, 20)), view('carol', '/home', at(0, 40)), view('alice', '/news', at(1, 5)), view('dave', '/home', at(1, 30)), view('bob', '/checkout', at(1, 50))],
  },
  { topic: USER_PROFILES, note: 'profile change: bob moves to europe', records: [{ key: 'bob', value: { region: 'europe' }, timestamp: at(2, 0) }] },
  {
    topic: PAGE_VIEWS,
    note: '3 page views after 10:02',
    records: [view('bob', '/home', at(2, 10)), view('carol', '/news', at(2, 40)), view('alice', '/cart', at(3, 15))],
  },
];

const embedded = await startEmbeddedBroker('page-views');
try {
  const { transport } = embedded;
  // The stream and the table it joins must be co-partitioned: same partition count, same key.
  await createTopics(transport, [{ name: PAGE_VIEWS, numPartitions: 2 }, { name: USER_PROFILES, numPartitions: 2 }, { name: OUTPUT, numPartitions: 1 }]);

  const streams = new KafkaStreams(buildTopology(), { 'application.id': APPLICATION_ID, 'state.dir': embedded.stateDir, 'statestore.cache.max.bytes': 0, 'commit.interval.ms': 100 }, transport);
  streams.start();
  for (const round of ROUNDS) {
    await produce(transport, round.topic, round.records);
    await waitUntilProcessed(transport, APPLICATION_ID, [PAGE_VIEWS, USER_PROFILES]);
    console.log(`fed and processed: ${round.note}`);
  }
  await streams.close();

  // Every count update is in the output; print the last one of each (window, region).
  const updates = await readTopic(transport, OUTPUT);
  const latest = new Map<string, { key: WindowedRegion; value: RegionCount }>();
  for (const r of updates) {
    const key = JSON.parse(r.key!.toString()) as WindowedRegion;
    latest.set(`${key.windowStart}/${key.region}`, { key, value: JSON.parse(r.value!.toString()) as RegionCount });
  }
  console.log(`\n${updates.length} count updates in ${OUTPUT}; final counts per window:`);
  const rows = [...latest.values()].sort((a, b) => a.key.windowStart - b.key.windowStart || a.key.region.localeCompare(b.key.region));
  for (const { key, value } of rows) console.log(`[${clock(key.windowStart)}, ${clock(key.windowStart + WINDOW_SIZE_MS)})  ${value.region.padEnd(8)} ${value.count}`);
} finally {
  await embedded.stop();
}
