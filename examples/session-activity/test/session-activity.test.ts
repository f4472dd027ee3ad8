import { describe, expect, it } from 'vitest';
import { Serdes } from '@tributary/streams';
import { TopologyTestDriver } from '@tributary/streams/testing';
import { buildTopology, INPUT, OUTPUT, sessionKeySerde } from '../src/topology.js';
import { runMain } from './run-main.js';

const MIN = 60_000;

/** alice's events at 0, 2, 10 and 12 min, then the late one at 6 min; the sessions left at the end. */
async function aliceSessions(graceMs: number): Promise<string[]> {
  const driver = new TopologyTestDriver(buildTopology(graceMs), { 'application.id': 'sessions', 'statestore.cache.max.bytes': 0 }, 0);
  const input = driver.createInputTopic(INPUT, Serdes.String().serializer(), Serdes.String().serializer());
  const output = driver.createOutputTopic(OUTPUT, sessionKeySerde().deserializer(), Serdes.Long().deserializer());
  for (const minute of [0, 2, 10, 12, 6]) await input.pipeInput('alice', 'x', minute * MIN);
  const sessions = new Map<string, number | null>();
  for (const kv of output.readKeyValuesToList()) sessions.set(`${kv.key.window().start() / MIN}-${kv.key.window().end() / MIN}`, kv.value);
  driver.close();
  return [...sessions].filter(([, count]) => count !== null).map(([window, count]) => `${window}: ${count}`);
}

describe('session activity', () => {
  it('a late event within grace merges two sessions; without grace the older session has already expired (test driver)', async () => {
    expect(await aliceSessions(10 * MIN)).toEqual(['0-12: 5']);
    // Without grace a session is kept only until stream time passes its end + gap (10:07 for [10:00, 10:02]),
    // so at 10:12 the late 10:06 event finds only the later session.
    expect(await aliceSessions(0)).toEqual(['0-2: 2', '6-12: 3']);
  });

  it('npm start prints the session updates with the merge, and the sessions left', async () => {
    const { code, stdout, stderr } = await runMain();
    expect(code).toBe(0);
    const section = (title: string) => stdout.slice(stdout.indexOf(title)).trim().split('\n\n')[0]!.split('\n').slice(1);
    expect(section('session updates (user-sessions):')).toEqual([
      '  alice  [10:00:00, 10:00:00]  count 1',
      '  alice  [10:00:00, 10:00:00]  deleted (merged into a longer session)',
      '  alice  [10:00:00, 10:02:00]  count 2',
      '  bob    [10:03:00, 10:03:00]  count 1',
      '  alice  [10:10:00, 10:10:00]  count 1',
      '  alice  [10:10:00, 10:10:00]  deleted (merged into a longer session)',
      '  alice  [10:10:00, 10:12:00]  count 2',
      '  alice  [10:00:00, 10:02:00]  deleted (merged into a longer session)',
      '  alice  [10:10:00, 10:12:00]  deleted (merged into a longer session)',
      '  alice  [10:00:00, 10:12:00]  count 5',
      '  carol  [10:30:00, 10:30:00]  count 1',
    ]);
    expect(section('\nsessions:')).toEqual([
      '  alice  [10:00:00, 10:12:00]  count 5',
      '  bob    [10:03:00, 10:03:00]  count 1',
      '  carol  [10:30:00, 10:30:00]  count 1',
    ]);
    // bob's 10:04 event (offset 7) arrives at stream time 10:30, after its session would have closed at 10:19.
    expect(stderr).toContain('Skipping record for expired window. topic=[user-activity] partition=[0] offset=[7]');
  }, 90_000);
});
