import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, tempDir, type TempDir, type TestBroker } from '@tributary/test-kit';
import { countLines, QUICKSTART_UPDATES, startWordCount } from './run-word-count.js';

// The README's first command runs this application on the embedded broker; Kafka's quickstart documents the 11
// updates its WordCountDemo prints for the three lines with the cache off (statestore.cache.max.bytes=0).
describe('word count prints what Kafka quickstart documents', () => {
  let state: TempDir;
  let tcp: TestBroker;

  beforeAll(async () => {
    state = await tempDir('tributary-wordcount-state-');
    tcp = await startTestBroker();
  });
  afterAll(async () => {
    await tcp?.cleanup();
    await state?.cleanup();
  });

  it('on the embedded broker, in-process (the README main job)', async () => {
    const run = startWordCount(['--state-dir', state.path]);
    const { code } = await run.exited;
    expect(run.output()).toContain('done: 11 count updates');
    expect(code).toBe(0);
    expect(countLines(run.output())).toEqual(QUICKSTART_UPDATES);
  }, 90_000);

  it('against our broker over TCP with the kafkajs transport (--bootstrap-server)', async () => {
    const run = startWordCount(['--bootstrap-server', tcp.bootstrap, '--state-dir', state.path, '--application-id', 'wordcount-tcp']);
    const { code } = await run.exited;
    expect(run.output()).toContain('done: 11 count updates');
    expect(code).toBe(0);
    expect(countLines(run.output())).toEqual(QUICKSTART_UPDATES);
  }, 90_000);
});
