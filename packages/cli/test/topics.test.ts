import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { tributary } from './support/tool-run.js';

let broker: TestBroker;
let bs: string[];

beforeAll(async () => {
  broker = await startTestBroker();
  bs = ['--bootstrap-server', broker.bootstrap];
});
afterAll(() => broker.cleanup());

describe('tributary topics', () => {
  it('creates a topic with partitions and configs, printing Kafka\'s lines (with the metric-name warning for a dot)', async () => {
    const r = await tributary(['topics', ...bs, '--create', '--topic', 'hello.kafka', '--partitions', '3', '--config', 'retention.ms=172800000']);
    expect(r).toEqual({
      code: 0,
      err: '',
      out:
        "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\n" +
        'Created topic hello.kafka.\n',
    });
    const again = await tributary(['topics', ...bs, '--create', '--topic', 'plain', '--partitions', '1', '--replication-factor', '1']);
    expect(again.out).toBe('Created topic plain.\n');
  });

  it('describes topics in Kafka\'s exact layout: configs that differ from the defaults, one line per partition', async () => {
    const r = await tributary(['topics', ...bs, '--describe', '--topic', 'hello.kafka']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      'Topic: hello.kafka\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=172800000',
      '\tTopic: hello.kafka\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A',
      '\tTopic: hello.kafka\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A',
      '\tTopic: hello.kafka\tPartition: 2\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A',
      '',
    ]);
  });

  it('lists topics sorted, matches --topic as a regular expression, and filters internal topics', async () => {
    const all = await tributary(['topics', ...bs, '--list']);
    expect(all.out.split('\n').filter((l) => l !== '')).toEqual(expect.arrayContaining(['hello.kafka', 'plain']));
    const pattern = await tributary(['topics', ...bs, '--list', '--topic', 'hel.*']);
    expect(pattern.out).toBe('hello.kafka\n');
    const describeAll = await tributary(['topics', ...bs, '--describe', '--exclude-internal']);
    expect(describeAll.out.match(/^Topic: /gm)).toHaveLength(2);
    expect(describeAll.out).not.toContain('__consumer_offsets');
    const overrides = await tributary(['topics', ...bs, '--describe', '--topics-with-overrides']);
    expect(overrides.out).toBe('Topic: hello.kafka\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=172800000\n');
    const under = await tributary(['topics', ...bs, '--describe', '--under-replicated-partitions']);
    expect(under).toMatchObject({ code: 0, out: '' });
  });

  it('refuses to create an existing topic unless --if-not-exists', async () => {
    const r = await tributary(['topics', ...bs, '--create', '--topic', 'plain']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Error while executing topic command : .*plain.*already exists/);
    expect(await tributary(['topics', ...bs, '--create', '--topic', 'plain', '--if-not-exists'])).toEqual({ code: 0, out: '', err: '' });
  });

  it('raises the partition count with --alter and refuses fewer partitions with the cluster\'s message', async () => {
    expect(await tributary(['topics', ...bs, '--alter', '--topic', 'plain', '--partitions', '2'])).toEqual({ code: 0, out: '', err: '' });
    const d = await tributary(['topics', ...bs, '--describe', '--topic', 'plain']);
    expect(d.out).toContain('PartitionCount: 2');
    const fewer = await tributary(['topics', ...bs, '--alter', '--topic', 'plain', '--partitions', '1']);
    expect(fewer.code).toBe(1);
    expect(fewer.out).toBe('Error while executing topic command : The topic plain currently has 2 partition(s); 1 would not be an increase.\n');
  });

  it('deletes topics, and reports a topic that does not exist (unless --if-exists)', async () => {
    expect(await tributary(['topics', ...bs, '--delete', '--topic', 'plain'])).toEqual({ code: 0, out: '', err: '' });
    expect((await tributary(['topics', ...bs, '--list'])).out).not.toContain('plain');
    expect(await tributary(['topics', ...bs, '--describe', '--topic', 'plain'])).toEqual({ code: 1, out: '', err: "Topic 'plain' does not exist as expected\n" });
    expect(await tributary(['topics', ...bs, '--delete', '--topic', 'plain', '--if-exists'])).toEqual({ code: 0, out: '', err: '' });
  });

  it('gives usage errors naming the flag: no action, a flag with the wrong action, a missing topic', async () => {
    const none = await tributary(['topics', ...bs]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('Command must include exactly one action: --list, --describe, --create, --alter, --delete');
    const wrong = await tributary(['topics', ...bs, '--list', '--config', 'a=b']);
    expect(wrong.err).toContain('Option "--config" can\'t be used without --create');
    const noTopic = await tributary(['topics', ...bs, '--create']);
    expect(noTopic.err).toContain('Missing required argument "[topic]"');
    const noServer = await tributary(['topics', '--list']);
    expect(noServer.err).toContain('missing required flag --bootstrap-server');
  });

  it('says it cannot reach the cluster within the configured timeout instead of hanging', async () => {
    const config = join(broker.logDir, '..', `cli-timeout-${process.pid}.properties`);
    writeFileSync(config, 'default.api.timeout.ms=700\n');
    const started = Date.now();
    const r = await tributary(['topics', '--bootstrap-server', '127.0.0.1:1', '--command-config', config, '--list']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^Error while executing topic command : cannot reach the cluster at 127\.0\.0\.1:1 within 700 ms/);
  });
});
