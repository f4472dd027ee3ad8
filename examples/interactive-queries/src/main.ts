#!/usr/bin/env node
/**
 * Interactive queries on the embedded broker, in this process: start two instances (A and B) of a page-view count
 * - two KafkaStreams on the same broker, each with its own HTTP server and state directory - feed page views,
 * then ask instance A's HTTP endpoint for every user's count. A answers the users whose partitions it hosts from
 * its own store and forwards the others to B.
 *
 * Run: `npm start -w @tributary/example-interactive-queries`.
 */
import { join } from 'node:path';
import { createTopics, produce, startEmbeddedBroker, waitUntilProcessed, type SampleRecord } from '@tributary/example-support';
import { APPLICATION_ID, startInstance, waitForAssignment, type Instance } from './instance.js';
import type { CountAnswer, InstanceAnswer } from './query-server.js';
import { PAGE_VIEWS } from './topology.js';

/** The users and how many pages each views: alice 1, bob 2, ..., heidi 8. */
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const T0 = Date.UTC(2024, 0, 1, 10, 0, 0);

const embedded = await startEmbeddedBroker('interactive-queries');
const instances: Instance[] = [];
try {
  const { transport } = embedded;
  await createTopics(transport, [{ name: PAGE_VIEWS, numPartitions: 4 }]);
  instances.push(await startInstance(transport, 'A', join(embedded.stateDir, 'a')), await startInstance(transport, 'B', join(embedded.stateDir, 'b')));
  const [a] = instances as [Instance, Instance];
  const nameOf = (endpoint: string | undefined) => instances.find((i) => i.endpoint === endpoint)?.name ?? endpoint;
  await waitForAssignment(instances);

  const views: SampleRecord[] = USERS.flatMap((user, i) => Array.from({ length: i + 1 }, (_, n) => ({ key: user, value: `/page-${n}`, timestamp: T0 + n * 1000 })));
  await produce(transport, PAGE_VIEWS, views);
  await waitUntilProcessed(transport, APPLICATION_ID, [PAGE_VIEWS]);
  console.log(`fed ${views.length} page views of ${USERS.length} users to ${PAGE_VIEWS} (4 partitions)`);

  console.log(`\nGET http://${a.endpoint}/instances`);
  for (const m of (await (await fetch(`http://${a.endpoint}/instances`)).json()) as InstanceAnswer[]) {
    console.log(`  ${nameOf(m.endpoint)} (${m.endpoint}): stores ${m.stores.join(', ')}; partitions ${m.partitions.join(', ')}`);
  }

  console.log(`\nGET http://${a.endpoint}/count/<user> for every user:`);
  for (const user of USERS) {
    const answer = (await (await fetch(`http://${a.endpoint}/count/${user}`)).json()) as CountAnswer;
    const how = answer.forwardedBy === undefined ? 'local store' : `forwarded by ${nameOf(answer.forwardedBy)}`;
    console.log(`  ${user.padEnd(6)} ${answer.count}  served by ${nameOf(answer.servedBy)} (${how})`);
  }
} finally {
  await Promise.all(instances.map((i) => i.close()));
  await embedded.stop();
}
