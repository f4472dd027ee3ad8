#!/usr/bin/env node
/**
 * Session windows on the embedded broker, in this process: feed a few users' page events with explicit event
 * times - one late event bridges two of alice's sessions, one comes after its session closed - run the topology
 * with KafkaStreams, and print every session update (merged sessions as deletes), then the sessions that remain.
 *
 * Run: `npm start -w @tributary/example-session-activity`.
 */
import type { ConsumerRecord } from '@tributary/client';
import { KafkaStreams, Serdes } from '@tributary/streams';
import { clock, createTopics, produce, readTopic, startEmbeddedBroker, waitUntilProcessed } from '@tributary/example-support';
import { buildTopology, INPUT, OUTPUT, sessionKeySerde } from './topology.js';

const APPLICATION_ID = 'user-sessions';
const T0 = Date.UTC(2024, 0, 1, 10, 0, 0);
const event = (user: string, minutes: number, page: string, note = '') => ({ key: user, value: page, timestamp: T0 + minutes * 60_000, note });

/** The input, in the order it is produced (one partition, so also the order it is processed). */
const EVENTS = [
  event('alice', 0, '/home'),
  event('alice', 2, '/news'),
  event('bob', 3, '/home'),
  event('alice', 10, '/cart', 'more than 5 min after 10:02: a second session'),
  event('alice', 12, '/checkout'),
  event('alice', 6, '/search', 'late, within 5 min of both sessions: merges them'),
  event('carol', 30, '/home', 'stream time moves to 10:30'),
  event('bob', 4, '/news', 'too late: stream time 10:30 is past 10:04 + gap 5 + grace 10 min'),
];

function formatSession(r: ConsumerRecord): { session: string; line: string } {
  const windowed = sessionKeySerde().deserializer().deserialize(r.topic, r.key);
  const session = `${windowed.key().padEnd(6)} [${clock(windowed.window().start())}, ${clock(windowed.window().end())}]`;
  const count = r.value === null ? null : Serdes.Long().deserializer().deserialize(r.topic, r.value);
  return { session, line: `${session}  ${count === null ? 'deleted (merged into a longer session)' : `count ${count}`}` };
}

const embedded = await startEmbeddedBroker('session-activity');
try {
  const { transport } = embedded;
  await createTopics(transport, [INPUT, OUTPUT].map((name) => ({ name, numPartitions: 1 })));
  const streams = new KafkaStreams(buildTopology(), { 'application.id': APPLICATION_ID, 'state.dir': embedded.stateDir, 'statestore.cache.max.bytes': 0, 'commit.interval.ms': 100 }, transport);
  streams.start();

  console.log('input (user, event time, page):');
  for (const e of EVENTS) console.log(`  ${e.key.padEnd(6)} ${clock(e.timestamp)} ${e.value.padEnd(10)}${e.note === '' ? '' : ` <- ${e.note}`}`.trimEnd());
  await produce(transport, INPUT, EVENTS);
  await waitUntilProcessed(transport, APPLICATION_ID, [INPUT]);
  await streams.close();

  const updates = (await readTopic(transport, OUTPUT)).map(formatSession);
  console.log(`\nsession updates (${OUTPUT}):`);
  for (const u of updates) console.log(`  ${u.line}`);
  const remaining = new Map(updates.map((u) => [u.session, u.line]));
  for (const u of updates) if (u.line.includes('deleted')) remaining.delete(u.session);
  console.log('\nsessions:');
  for (const line of [...remaining.values()].sort()) console.log(`  ${line}`);
} finally {
  await embedded.stop();
}
