import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import { startTributary, tributary } from './support/tool-run.js';

let broker: TestBroker;
let bs: string[];

/** Kafka's `%-15s`-style column. */
const col = (s: string, w = 15) => s.padEnd(w);

beforeAll(async () => {
  broker = await startTestBroker();
  bs = ['--bootstrap-server', broker.bootstrap];
  expect((await tributary(['topics', ...bs, '--create', '--topic', 'events', '--partitions', '2'])).code).toBe(0);
  const lines = Array.from({ length: 10 }, (_, i) => `key${i}:${i}`).join('\n');
  expect((await tributary(['console-producer', ...bs, '--topic', 'events', '--property', 'parse.key=true', '--property', 'key.separator=:'], { stdin: `${lines}\n` })).code).toBe(0);
  // The group reads everything and commits on exit.
  expect((await tributary(['console-consumer', ...bs, '--topic', 'events', '--group', 'readers', '--from-beginning', '--max-messages', '10'])).code).toBe(0);
});
afterAll(() => broker.cleanup());

async function endOffsets(): Promise<Map<number, number>> {
  const r = await tributary(['get-offsets', ...bs, '--topic', 'events']);
  return new Map(r.out.trim().split('\n').map((l) => { const [, p, o] = l.split(':'); return [Number(p), Number(o)]; }));
}

describe('tributary consumer-groups', () => {
  it('describes an inactive group: committed offsets, log-end offsets and lag 0 in Kafka\'s columns', async () => {
    const r = await tributary(['consumer-groups', ...bs, '--describe', '--group', 'readers']);
    expect(r.code).toBe(0);
    expect(r.err).toBe("\nConsumer group 'readers' has no active members.\n");
    const ends = await endOffsets();
    const row = (p: number) => `${col('readers')} ${col('events')} ${col(String(p), 10)} ${col(String(ends.get(p)))} ${col(String(ends.get(p)))} ${col('0')} ${col('-')} ${col('-')} -`;
    expect(r.out).toBe(
      `\n${col('GROUP')} ${col('TOPIC')} ${col('PARTITION', 10)} ${col('CURRENT-OFFSET')} ${col('LOG-END-OFFSET')} ${col('LAG')} ${col('CONSUMER-ID')} ${col('HOST')} CLIENT-ID\n${row(0)}\n${row(1)}\n`,
    );
    expect(ends.get(0)! + ends.get(1)!).toBe(10);
  });

  it('lists groups, with states on request, and shows the state view', async () => {
    expect((await tributary(['consumer-groups', ...bs, '--list'])).out.split('\n')).toContain('readers');
    const states = await tributary(['consumer-groups', ...bs, '--list', '--state']);
    expect(states.out.split('\n')).toEqual(expect.arrayContaining([`${'GROUP'.padEnd(25)} STATE`, `${'readers'.padEnd(25)} Empty`]));
    expect((await tributary(['consumer-groups', ...bs, '--list', '--state', 'Stable'])).out).toBe(`${'GROUP'.padEnd(25)} STATE\n`);
    const view = await tributary(['consumer-groups', ...bs, '--describe', '--group', 'readers', '--state']);
    expect(view.out).toMatch(new RegExp(`^\\n${col('GROUP')} COORDINATOR \\(ID\\) +ASSIGNMENT-STRATEGY +STATE +#MEMBERS\\n${col('readers')} 127\\.0\\.0\\.1:\\d+ {2}\\(1\\) +- +Empty +0\\n$`));
    const missing = await tributary(['consumer-groups', ...bs, '--describe', '--group', 'nobody']);
    expect(missing.out).toBe("\nError: Consumer group 'nobody' does not exist.\n");
  });

  it('shows an active member and refuses to reset offsets of an active group, as Kafka does', async () => {
    const consumer = startTributary(['console-consumer', ...bs, '--topic', 'events', '--group', 'live', '--consumer-property', 'client.id=reader-1']);
    try {
      const members = await waitFor('the consumer to join', async () => {
        const r = await tributary(['consumer-groups', ...bs, '--describe', '--group', 'live', '--members']);
        return r.out.includes('reader-1') ? r : undefined;
      });
      const lines = members.out.split('\n');
      expect(lines[1]).toMatch(/^GROUP +CONSUMER-ID +HOST +CLIENT-ID +#PARTITIONS +$/);
      expect(lines[2]).toMatch(/^live +reader-1-\S+ +\S+ +reader-1 +2 +$/);
      const offsets = await tributary(['consumer-groups', ...bs, '--describe', '--group', 'live']);
      expect(offsets.out).toMatch(/\nlive +events +0 +- +\d+ +- +reader-1-\S+ +\S+ +reader-1\n/);
      const reset = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'live', '--all-topics', '--to-earliest', '--execute']);
      expect(reset.code).toBe(1);
      expect(reset.out).toBe(`\nError: Assignments can only be reset if the group 'live' is inactive, but the current state is Stable.\n\n${col('GROUP')} ${col('TOPIC')} ${col('PARTITION', 10)} NEW-OFFSET\n`);
    } finally {
      consumer.ctx.deliver('SIGINT');
      await consumer.done;
    }
  });

  it('plans resets with --dry-run, applies them with --execute, for every scenario', async () => {
    const ends = await endOffsets();
    const plan = (rows: Array<[number, number]>) =>
      `\n${col('GROUP')} ${col('TOPIC')} ${col('PARTITION', 10)} NEW-OFFSET${rows.map(([p, o]) => `\n${col('readers')} ${col('events')} ${col(String(p), 10)} ${o}`).join('')}\n`;
    const dry = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'readers', '--all-topics', '--to-earliest', '--dry-run']);
    expect(dry).toEqual({ code: 0, err: '', out: plan([[0, 0], [1, 0]]) });
    const before = await tributary(['consumer-groups', ...bs, '--describe', '--group', 'readers']);
    expect(before.out).toContain(`${col(String(ends.get(0)))} ${col(String(ends.get(0)))} ${col('0')}`);

    const exec = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'readers', '--topic', 'events', '--to-earliest', '--execute']);
    expect(exec.out).toBe(plan([[0, 0], [1, 0]]));
    const after = await tributary(['consumer-groups', ...bs, '--describe', '--group', 'readers']);
    expect(after.out).toContain(`${col('0')} ${col(String(ends.get(0)))} ${col(String(ends.get(0)))}`);

    const shift = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'readers', '--topic', 'events:1', '--shift-by', '2', '--execute']);
    expect(shift.out).toBe(plan([[1, 2]]));
    const clamped = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'readers', '--topic', 'events:0', '--to-offset', '1000', '--execute']);
    expect(clamped.out).toBe(plan([[0, ends.get(0)!]]));
    expect(clamped.err).toContain(`WARN New offset (1000) is higher than latest offset for topic partition events-0. Value will be set to ${ends.get(0)}`);
    const current = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'readers', '--all-topics', '--to-current', '--dry-run']);
    expect(current.out).toBe(plan([[0, ends.get(0)!], [1, 2]]));
    const future = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'readers', '--all-topics', '--to-datetime', '2999-01-01T00:00:00.000', '--dry-run']);
    expect(future.out).toContain('Warn: Partition 0 from topic events is empty. Falling back to latest known offset.');
    const past = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'readers', '--all-topics', '--by-duration', 'P1D', '--dry-run']);
    expect(past.out).toBe(plan([[0, 0], [1, 0]]));

    const exported = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'readers', '--all-topics', '--to-latest', '--export', '--dry-run']);
    expect(exported.out).toBe(`events,0,${ends.get(0)}\nevents,1,${ends.get(1)}\n\n`);
    const file = join(broker.logDir, '..', `reset-${process.pid}.csv`);
    writeFileSync(file, 'events,0,1\nevents,1,1\n');
    const fromFile = await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'readers', '--from-file', file, '--execute']);
    expect(fromFile.out).toBe(plan([[0, 1], [1, 1]]));
  });

  it('deletes offsets and groups with Kafka\'s messages', async () => {
    const del = await tributary(['consumer-groups', ...bs, '--delete-offsets', '--group', 'readers', '--topic', 'events:1']);
    expect(del.out).toBe(
      `Request succeeded for deleting offsets from group readers.\n\n${col('TOPIC')} ${col('PARTITION', 10)} ${col('STATUS')}\n${col('events')} ${col('1', 10)} ${col('Successful')}\n`,
    );
    const gone = await tributary(['consumer-groups', ...bs, '--delete', '--group', 'readers']);
    expect(gone).toEqual({ code: 0, err: '', out: "Deletion of requested consumer groups ('readers') was successful.\n" });
    const again = await tributary(['consumer-groups', ...bs, '--delete', '--group', 'readers']);
    expect(again.code).toBe(1);
    expect(again.out).toBe("\nError: Deletion of some consumer groups failed:\n* Group 'readers' could not be deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.\n");
  });

  it('gives usage errors naming what is missing', async () => {
    expect((await tributary(['consumer-groups', ...bs, '--describe'])).err).toContain('Option [describe] takes one of these options: [all-groups], [group]');
    expect((await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'g', '--all-topics'])).err).toContain('Option [reset-offsets] takes exactly one of these options');
    expect((await tributary(['consumer-groups', ...bs, '--reset-offsets', '--group', 'g', '--to-earliest'])).err).toContain('One of the reset scopes should be defined: --all-topics, --topic.');
  });
});
