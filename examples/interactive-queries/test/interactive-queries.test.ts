import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Serdes } from '@tributary/streams';
import { createTopics, produce, startEmbeddedBroker, waitUntilProcessed, type EmbeddedBroker } from '@tributary/example-support';
import { APPLICATION_ID, startInstance, waitForAssignment, type Instance } from '../src/instance.js';
import type { CountAnswer, InstanceAnswer } from '../src/query-server.js';
import { PAGE_VIEWS, STORE } from '../src/topology.js';
import { runMain } from './run-main.js';

// 12 users over 4 partitions; user-i views i + 1 pages.
const USERS = Array.from({ length: 12 }, (_, i) => `user-${i}`);

describe('interactive queries over HTTP, two instances on the embedded broker', () => {
  let embedded: EmbeddedBroker;
  const instances: Instance[] = [];

  beforeAll(async () => {
    embedded = await startEmbeddedBroker('iq-test');
    await createTopics(embedded.transport, [{ name: PAGE_VIEWS, numPartitions: 4 }]);
    instances.push(await startInstance(embedded.transport, 'A', join(embedded.stateDir, 'a')), await startInstance(embedded.transport, 'B', join(embedded.stateDir, 'b')));
    console.log('waiting for both instances to be RUNNING with their tasks ...');
    await waitForAssignment(instances);
    await produce(embedded.transport, PAGE_VIEWS, USERS.flatMap((key, i) => Array.from({ length: i + 1 }, (_, n) => ({ key, value: 'x', timestamp: 1_000 + n }))));
    console.log('waiting for every page view to be counted ...');
    await waitUntilProcessed(embedded.transport, APPLICATION_ID, [PAGE_VIEWS]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all(instances.map((i) => i.close()));
    await embedded?.stop();
  });

  it('every user count is right through either endpoint: answered locally by the owner, forwarded otherwise', async () => {
    const serializer = Serdes.String().serializer();
    const seen = { local: 0, forwarded: 0 };
    for (const asked of instances) {
      for (const [i, user] of USERS.entries()) {
        const owner = asked.streams.queryMetadataForKey(STORE, user, serializer).activeHost().endpoint();
        const response = await fetch(`http://${asked.endpoint}/count/${user}`);
        expect(response.status).toBe(200);
        const answer = (await response.json()) as CountAnswer;
        expect(answer).toEqual(owner === asked.endpoint ? { user, count: i + 1, servedBy: owner } : { user, count: i + 1, servedBy: owner, forwardedBy: asked.endpoint });
        seen[owner === asked.endpoint ? 'local' : 'forwarded']++;
      }
    }
    expect(seen.local).toBe(USERS.length); // each user is local to exactly one of the two instances
    expect(seen.forwarded).toBe(USERS.length);
  });

  it('GET /instances lists both instances with the partitions each hosts, and unknown users are a 404', async () => {
    for (const asked of instances) {
      const listed = (await (await fetch(`http://${asked.endpoint}/instances`)).json()) as InstanceAnswer[];
      expect(listed.map((m) => m.endpoint).sort()).toEqual(instances.map((i) => i.endpoint).sort());
      expect(listed.every((m) => m.stores.join() === STORE && m.partitions.length > 0)).toBe(true);
      expect(listed.flatMap((m) => m.partitions).sort()).toEqual(['page-views-0', 'page-views-1', 'page-views-2', 'page-views-3']);
      expect((await fetch(`http://${asked.endpoint}/count/nobody`)).status).toBe(404);
    }
  });

  it('npm start asks instance A for every user: counts right, some answered by A, the others forwarded to B', async () => {
    const { code, stdout } = await runMain();
    expect(code).toBe(0);
    expect(stdout).toContain('fed 36 page views of 8 users to page-views (4 partitions)');
    expect(stdout).toMatch(/ {2}A \(127\.0\.0\.1:\d+\): stores views-per-user; partitions page-views-\d/);
    expect(stdout).toMatch(/ {2}B \(127\.0\.0\.1:\d+\): stores views-per-user; partitions page-views-\d/);
    const answers = stdout.split('\n').map((l) => /^ {2}(\w+) +(\d+) {2}served by (A|B) \((local store|forwarded by A)\)$/.exec(l)).filter((m) => m !== null);
    expect(answers.map((m) => `${m[1]} ${m[2]}`)).toEqual(['alice 1', 'bob 2', 'carol 3', 'dave 4', 'erin 5', 'frank 6', 'grace 7', 'heidi 8']);
    for (const m of answers) expect(m[4]).toBe(m[3] === 'A' ? 'local store' : 'forwarded by A');
    // The eight users cover all four partitions, so each instance owns some of them.
    expect(new Set(answers.map((m) => m[3]))).toEqual(new Set(['A', 'B']));
  }, 90_000);
});
