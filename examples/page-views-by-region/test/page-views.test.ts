import { describe, expect, it } from 'vitest';
import { Serdes } from '@tributary/streams';
import { TopologyTestDriver } from '@tributary/streams/testing';
import { buildTopology, OUTPUT, PAGE_VIEWS, USER_PROFILES, type PageView, type RegionCount, type UserProfile, type WindowedRegion } from '../src/topology.js';
import { runMain } from './run-main.js';

const T0 = Date.UTC(2024, 0, 1, 10, 0, 0);

describe('page views by region', () => {
  it('joins views with the profile current at the time, and counts each view in its two hopping windows (test driver)', async () => {
    // The stores are LevelDB (asynchronous writes), so the driver's calls return Promises: await each.
    const driver = new TopologyTestDriver(buildTopology(), { 'application.id': 'pv', 'statestore.cache.max.bytes': 0 }, T0);
    const profiles = driver.createInputTopic(USER_PROFILES, Serdes.String().serializer(), Serdes.JSON<UserProfile>().serializer());
    const views = driver.createInputTopic(PAGE_VIEWS, Serdes.String().serializer(), Serdes.JSON<PageView>().serializer());
    const out = driver.createOutputTopic(OUTPUT, Serdes.JSON<WindowedRegion>().deserializer(), Serdes.JSON<RegionCount>().deserializer());
    await profiles.pipeInput('ann', { region: 'europe' }, T0);
    await views.pipeInput('ann', { user: 'ann', page: '/a' }, T0 + 30_000);
    await profiles.pipeInput('ann', { region: 'asia' }, T0 + 40_000);
    await views.pipeInput('ann', { user: 'ann', page: '/b' }, T0 + 50_000);
    await views.pipeInput('zed', { user: 'zed', page: '/c' }, T0 + 70_000);
    expect(out.readKeyValuesToList().map((kv) => `${(kv.key.windowStart - T0) / 1000}s ${kv.key.region} ${kv.value.count}`)).toEqual([
      '-60s europe 1', '0s europe 1',
      '-60s asia 1', '0s asia 1',
      '0s UNKNOWN 1', '60s UNKNOWN 1',
    ]);
    driver.close();
  });

  it('npm start prints the final count of every window and region', async () => {
    const { code, stdout } = await runMain();
    expect(code).toBe(0);
    expect(stdout).toContain('fed and processed: profile change: bob moves to europe');
    const result = stdout.slice(stdout.indexOf('\n18 count updates'));
    expect(result.trim().split('\n')).toEqual([
      '18 count updates in streams-pageviewstats-output; final counts per window:',
      '[09:59:00, 10:01:00)  asia     1',
      '[09:59:00, 10:01:00)  europe   2',
      '[10:00:00, 10:02:00)  asia     2',
      '[10:00:00, 10:02:00)  europe   3',
      '[10:00:00, 10:02:00)  UNKNOWN  1',
      '[10:01:00, 10:03:00)  asia     1',
      '[10:01:00, 10:03:00)  europe   3',
      '[10:01:00, 10:03:00)  UNKNOWN  1',
      '[10:02:00, 10:04:00)  europe   3',
      '[10:03:00, 10:05:00)  europe   1',
    ]);
  }, 90_000);
});
