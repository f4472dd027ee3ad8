import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import { startTributary, tributary } from './support/tool-run.js';

let broker: TestBroker;
let bs: string[];

beforeAll(async () => {
  broker = await startTestBroker();
  bs = ['--bootstrap-server', broker.bootstrap];
  expect((await tributary(['topics', ...bs, '--create', '--topic', 'clicks', '--partitions', '2'])).code).toBe(0);
  const lines = Array.from({ length: 8 }, (_, i) => `k${i}:v${i}`).join('\n');
  expect((await tributary(['console-producer', ...bs, '--topic', 'clicks', '--property', 'parse.key=true', '--property', 'key.separator=:'], { stdin: `${lines}\n` })).code).toBe(0);
  expect((await tributary(['console-consumer', ...bs, '--topic', 'clicks', '--group', 'caught-up', '--from-beginning', '--max-messages', '8'])).code).toBe(0);
  expect((await tributary(['console-consumer', ...bs, '--topic', 'clicks', '--group', 'left-behind', '--from-beginning', '--max-messages', '8'])).code).toBe(0);
  // More records arrive; left-behind never commits again, caught-up reads them too.
  expect((await tributary(['console-producer', ...bs, '--topic', 'clicks'], { stdin: 'a\nb\nc\nd\n' })).code).toBe(0);
  expect((await tributary(['console-consumer', ...bs, '--topic', 'clicks', '--group', 'caught-up', '--max-messages', '4'])).code).toBe(0);
});
afterAll(() => broker.cleanup());

describe('tributary lag', () => {
  it('reports a caught-up group OK and a group that stopped committing ERR (partitions STOP), by Burrow\'s rules', async () => {
    // Burrow judges "stopped" against the clock in whole seconds: let the second of the last commit pass.
    await new Promise((r) => setTimeout(r, 1100));
    const r = await tributary(['lag', ...bs, '--group', 'caught-up', '--group', 'left-behind', '--group', 'nobody']);
    expect(r.code).toBe(0);
    const [summary, details] = r.out.split('\n\n');
    expect(summary!.split('\n')).toEqual([
      expect.stringMatching(/^GROUP +STATUS +TOTAL-LAG +PARTITIONS +COMPLETE$/),
      expect.stringMatching(/^caught-up +OK +0 +2 +0\.\d\d$/),
      expect.stringMatching(/^left-behind +ERR +4 +2 +0\.\d\d$/),
      expect.stringMatching(/^nobody +NOTFOUND$/),
    ]);
    const rows = details!.split('\n').filter((l) => l.startsWith('left-behind'));
    expect(rows.map((l) => l.split(/ +/)[3])).toContain('STOP');
  });

  it('prints Burrow\'s status objects with --json', async () => {
    const r = await tributary(['lag', ...bs, '--group', 'caught-up', '--json', '--cluster', 'prod']);
    const status = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(status)).toEqual(['cluster', 'group', 'status', 'complete', 'partitions', 'partition_count', 'maxlag', 'totallag']);
    expect(status).toMatchObject({ cluster: 'prod', group: 'caught-up', status: 'OK', partition_count: 2, totallag: 0 });
    const p = (status.partitions as Array<Record<string, unknown>>)[0]!;
    expect(Object.keys(p)).toEqual(['topic', 'partition', 'owner', 'client_id', 'status', 'start', 'end', 'current_lag', 'complete']);
    expect(Object.keys(p.end as object)).toEqual(['offset', 'timestamp', 'observedAt', 'lag']);
  });

  it('serves Burrow\'s HTTP API (lag, status, consumer list, 404) until stopped', async () => {
    const server = startTributary(['lag', ...bs, '--http-port', '0', '--interval-ms', '500']);
    try {
      const base = await waitFor('the HTTP endpoint', () => /on (http:\/\/\S+)\/v3\/kafka\/local\/consumer/.exec(server.ctx.err())?.[1]);
      const lag = (await (await fetch(`${base}/v3/kafka/local/consumer/left-behind/lag`)).json()) as Record<string, unknown>;
      expect(lag).toMatchObject({ error: false, message: 'consumer status returned', request: { url: '/v3/kafka/local/consumer/left-behind/lag' } });
      expect(lag.status).toMatchObject({ cluster: 'local', group: 'left-behind', status: 'ERR', partition_count: 2, totallag: 4 });
      const status = (await (await fetch(`${base}/v3/kafka/local/consumer/caught-up/status`)).json()) as { status: { partitions: unknown[]; status: string } };
      expect(status.status).toMatchObject({ status: 'OK', partitions: [] });
      const list = (await (await fetch(`${base}/v3/kafka/local/consumer`)).json()) as { consumers: string[] };
      expect(list.consumers).toEqual(expect.arrayContaining(['caught-up', 'left-behind']));
      const missing = await fetch(`${base}/v3/kafka/local/consumer/nobody/lag`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: false, message: 'consumer status returned', status: { group: 'nobody', status: 'NOTFOUND', partitions: [] } });
    } finally {
      server.ctx.deliver('SIGINT');
      expect(await server.done).toBe(0);
    }
  });

  it('stops at once on Ctrl-C even when the broker has gone away', async () => {
    const other = await startTestBroker();
    const watch = startTributary(['lag', '--bootstrap-server', other.bootstrap, '--watch', '--interval-ms', '200']);
    await waitFor('a first report', () => watch.ctx.out().includes('] cluster local'));
    await other.cleanup();
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    watch.ctx.deliver('SIGINT');
    expect(await watch.done).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('repeats the report with --watch until Ctrl-C', async () => {
    const watch = startTributary(['lag', ...bs, '--group', 'caught-up', '--watch', '--interval-ms', '200']);
    await waitFor('two reports', () => (watch.ctx.out().match(/\] cluster local\n/g) ?? []).length >= 2);
    watch.ctx.deliver('SIGINT');
    expect(await watch.done).toBe(0);
    expect(watch.ctx.out()).toMatch(/caught-up +OK/);
  });
});
