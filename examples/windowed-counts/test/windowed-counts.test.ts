import { describe, expect, it } from 'vitest';
import { Serdes } from '@tributary/streams';
import { TopologyTestDriver } from '@tributary/streams/testing';
import { buildTopology, FINAL, INPUT, UPDATES, windowedKeySerde } from '../src/topology.js';
import { runMain } from './run-main.js';

describe('windowed counts with suppress', () => {
  it('emits a window once stream time passes its end + grace, and drops records for it afterwards (test driver)', async () => {
    const driver = new TopologyTestDriver(buildTopology(), { 'application.id': 'wc', 'statestore.cache.max.bytes': 0 }, 0);
    const input = driver.createInputTopic(INPUT, Serdes.String().serializer(), Serdes.String().serializer());
    const final = driver.createOutputTopic(FINAL, windowedKeySerde().deserializer(), Serdes.Long().deserializer());
    const updates = driver.createOutputTopic(UPDATES, windowedKeySerde().deserializer(), Serdes.Long().deserializer());
    const read = () => final.readKeyValuesToList().map((kv) => `${kv.key.key()}@${kv.key.window().start()} ${kv.value}`);
    await input.pipeInput('k', 'x', 10_000);
    await input.pipeInput('k', 'x', 89_999); // window [60 s, 120 s); stream time 89.999 s: [0, 60 s) open until 90 s
    expect(read()).toEqual([]);
    await input.pipeInput('k', 'x', 59_000); // late but within grace
    await input.pipeInput('other', 'x', 90_000); // closes [0, 60 s)
    expect(read()).toEqual(['k@0 2']);
    await input.pipeInput('k', 'x', 30_000); // window closed: dropped
    expect(driver.metrics().get('dropped-records-total')).toBe(1);
    expect(read()).toEqual([]);
    expect(updates.getQueueSize()).toBe(4);
    driver.close();
  });

  it('npm start prints every update, and only the final count of each closed window after suppress', async () => {
    const { code, stdout, stderr } = await runMain();
    expect(code).toBe(0);
    const section = (title: string) => stdout.slice(stdout.indexOf(title)).split('\n\n')[0]!.trimEnd().split('\n').slice(1);
    expect(section('every update (clicks-per-minute-updates):')).toEqual([
      '  alice  [10:00:00, 10:01:00)  1',
      '  bob    [10:00:00, 10:01:00)  1',
      '  alice  [10:00:00, 10:01:00)  2',
      '  alice  [10:00:00, 10:01:00)  3',
      '  bob    [10:01:00, 10:02:00)  1',
      '  alice  [10:01:00, 10:02:00)  1',
      '  bob    [10:00:00, 10:01:00)  2',
      '  alice  [10:01:00, 10:02:00)  2',
      '  carol  [10:02:00, 10:03:00)  1',
    ]);
    expect(section('final results, suppress(untilWindowCloses) (clicks-per-minute-final):')).toEqual([
      '  alice  [10:00:00, 10:01:00)  3',
      '  bob    [10:00:00, 10:01:00)  2',
      '  alice  [10:01:00, 10:02:00)  2',
      '  bob    [10:01:00, 10:02:00)  1',
      '  ([10:02, 10:03) is still open: stream time 10:02:35 has not reached its end + grace, 10:03:30)',
    ]);
    // The late click at 10:00:40 (offset 8) came when stream time was 10:01:40, after the window's 10:01:30 close.
    expect(stderr).toContain('Skipping record for expired window. topic=[clicks] partition=[0] offset=[8] timestamp=[1704103240000]');
  }, 90_000);
});
