import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { tributary } from './support/tool-run.js';

let broker: TestBroker;
let bs: string[];

beforeAll(async () => {
  broker = await startTestBroker();
  bs = ['--bootstrap-server', broker.bootstrap];
  expect((await tributary(['topics', ...bs, '--create', '--topic', 'verify', '--partitions', '2'])).code).toBe(0);
});
afterAll(() => broker.cleanup());

function events(out: string): Array<Record<string, unknown>> {
  return out.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('tributary verifiable-producer and verifiable-consumer', () => {
  it('produce increasing integers with Kafka\'s JSON events, keys in Kafka\'s order', async () => {
    const r = await tributary(['verifiable-producer', ...bs, '--topic', 'verify', '--max-messages', '10', '--repeating-keys', '3']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^\{"timestamp":\d+,"name":"startup_complete"\}$/);
    expect(lines[1]).toMatch(/^\{"timestamp":\d+,"name":"producer_send_success","key":"0","value":"0","offset":\d+,"topic":"verify","partition":\d\}$/);
    const ev = events(r.out);
    expect(ev.filter((e) => e.name === 'producer_send_success').map((e) => e.value).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    expect(ev.slice(-2).map((e) => e.name)).toEqual(['shutdown_complete', 'tool_data']);
    expect(ev.at(-1)).toMatchObject({ sent: 10, acked: 10, target_throughput: -1 });
  });

  it('consume them as a group: assignment, batches, commits, shutdown', async () => {
    const r = await tributary(['verifiable-consumer', ...bs, '--topic', 'verify', '--group-id', 'verifiers', '--max-messages', '10', '--verbose']);
    expect(r.code).toBe(0);
    const ev = events(r.out);
    expect(ev[0]!.name).toBe('startup_complete');
    expect(ev[1]).toMatchObject({ name: 'partitions_assigned', partitions: [{ topic: 'verify', partition: 0 }, { topic: 'verify', partition: 1 }] });
    const batches = ev.filter((e) => e.name === 'records_consumed');
    expect(batches.reduce((n, e) => n + (e.count as number), 0)).toBe(10);
    expect(ev.filter((e) => e.name === 'record_data')).toHaveLength(10);
    const commits = ev.filter((e) => e.name === 'offsets_committed');
    expect(commits.at(-1)).toMatchObject({ success: true });
    const committed = (commits.at(-1)!.offsets as Array<{ offset: number }>).reduce((n, o) => n + o.offset, 0);
    expect(committed).toBe(10);
    expect(ev.at(-1)!.name).toBe('shutdown_complete');
    const lag = await tributary(['consumer-groups', ...bs, '--describe', '--group', 'verifiers']);
    expect(lag.out.split('\n').filter((l) => l.startsWith('verifiers')).map((l) => l.split(/ +/)[5])).toEqual(['0', '0']);
  });
});
