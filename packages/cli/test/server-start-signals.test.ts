import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '@tributary/cli';
import { tempDir, waitFor, type TempDir } from '@tributary/test-kit';
import { captureContext } from './support/capture.js';
import { REPO_ROOT, SERVER_PROPERTIES } from './support/cli-process.js';

// server-start in this process, with stop signals delivered by the test: the paths of signal handling that a
// child process cannot reach deterministically (a signal during start-up, a second signal during shutdown).

let dir: TempDir;
beforeEach(async () => {
  dir = await tempDir('tributary-cli-signals-');
});
afterEach(() => dir.cleanup());

function argv(logs: string): string[] {
  return ['server-start', join(REPO_ROOT, SERVER_PROPERTIES), '--override', 'listeners=PLAINTEXT://127.0.0.1:0', '--override', `log.dirs=${logs}`];
}

describe('tributary server-start stop signals', () => {
  it('a signal during start-up lets the start finish, then shuts down cleanly with exit 0', async () => {
    const logs = join(dir.path, 'logs');
    const ctx = captureContext();
    const done = runCli(argv(logs), ctx);
    expect(ctx.handlers()).toBe(1);
    ctx.deliver('SIGINT');
    expect(await done).toBe(0);
    expect(ctx.out()).toMatch(/started in \d+ ms[\s\S]*received SIGINT: shutting down[\s\S]*shut down cleanly/);
    expect(existsSync(join(logs, '.kafka_cleanshutdown'))).toBe(true);
    expect(ctx.handlers()).toBe(0);
  });

  it('a second signal during shutdown exits at once with code 1', async () => {
    const logs = join(dir.path, 'logs');
    const ctx = captureContext();
    const done = runCli(argv(logs), ctx);
    await waitFor('the started line', () => ctx.out().includes('started in'));
    ctx.deliver('SIGTERM');
    ctx.deliver('SIGTERM');
    expect(await done).toBe(1);
    expect(ctx.out()).toContain('received SIGTERM again during shutdown: exiting without a clean shutdown');
    expect(ctx.out()).not.toContain('shut down cleanly');
    // The interrupted stop still completes in this process; wait for it before removing the dirs.
    await waitFor('the abandoned stop to finish', () => existsSync(join(logs, '.kafka_cleanshutdown')));
  });

  it('reports a configuration error found at start (node.id differs from meta.properties) in one line, exit 1', async () => {
    const logs = join(dir.path, 'logs');
    const first = captureContext();
    const done = runCli(argv(logs), first);
    first.deliver('SIGTERM');
    expect(await done).toBe(0);
    const second = captureContext();
    expect(await runCli([...argv(logs), '--override', 'node.id=2'], second)).toBe(1);
    expect(second.err()).toMatch(/^ERROR invalid configuration: node\.id: .*formatted for node 1, but node\.id is 2\n$/);
    expect(second.handlers()).toBe(0);
  });
});
