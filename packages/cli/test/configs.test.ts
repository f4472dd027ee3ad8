import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '@tributary/test-kit';
import { tributary } from './support/tool-run.js';

let broker: TestBroker;
let bs: string[];

beforeAll(async () => {
  broker = await startTestBroker();
  bs = ['--bootstrap-server', broker.bootstrap];
  expect((await tributary(['topics', ...bs, '--create', '--topic', 'orders', '--partitions', '1', '--config', 'retention.ms=172800000'])).code).toBe(0);
});
afterAll(() => broker.cleanup());

describe('tributary configs', () => {
  it('describes a topic\'s dynamic configs with their synonyms, as kafka-configs.sh prints them', async () => {
    const r = await tributary(['configs', ...bs, '--describe', '--entity-type', 'topics', '--entity-name', 'orders']);
    expect(r).toEqual({
      code: 0,
      err: '',
      out: 'Dynamic configs for topic orders are:\n  retention.ms=172800000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=172800000}\n',
    });
  });

  it('alters topic configs (add, change, delete) and reports Kafka\'s completion line', async () => {
    const add = await tributary(['configs', ...bs, '--alter', '--topic', 'orders', '--add-config', 'retention.ms=86400000,cleanup.policy=[compact,delete]']);
    expect(add).toEqual({ code: 0, err: '', out: 'Completed updating config for topic orders.\n' });
    const after = await tributary(['configs', ...bs, '--describe', '--topic', 'orders']);
    expect(after.out.split('\n')).toEqual([
      'Dynamic configs for topic orders are:',
      '  cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}',
      expect.stringMatching(/^ {2}retention\.ms=86400000 sensitive=false synonyms=\{DYNAMIC_TOPIC_CONFIG:retention\.ms=86400000/),
      '',
    ]);
    expect(await tributary(['configs', ...bs, '--alter', '--topic', 'orders', '--delete-config', 'cleanup.policy'])).toMatchObject({ code: 0 });
    const bad = await tributary(['configs', ...bs, '--alter', '--topic', 'orders', '--delete-config', 'segment.ms']);
    expect(bad).toEqual({ code: 1, out: '', err: 'Invalid config(s): segment.ms\n' });
    const all = await tributary(['configs', ...bs, '--describe', '--topic', 'orders', '--all']);
    expect(all.out).toMatch(/^All configs for topic orders are:\n/);
    expect(all.out).toMatch(/\n {2}segment\.bytes=1073741824 sensitive=false synonyms=\{DEFAULT_CONFIG:log\.segment\.bytes=1073741824\}\n/);
    expect(all.out).not.toContain('cleanup.policy=compact');
  });

  it('sets and lists the cluster-wide broker defaults, and describes brokers by id', async () => {
    const set = await tributary(['configs', ...bs, '--alter', '--entity-type', 'brokers', '--entity-default', '--add-config', 'log.retention.ms=604800000']);
    expect(set).toEqual({ code: 0, err: '', out: 'Completed updating default config for brokers in the cluster.\n' });
    const d = await tributary(['configs', ...bs, '--describe', '--broker-defaults']);
    expect(d.out).toBe(
      'Default configs for brokers in the cluster are:\n  log.retention.ms=604800000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=604800000}\n',
    );
    const byId = await tributary(['configs', ...bs, '--describe', '--entity-type', 'brokers']);
    expect(byId.out).toBe(
      'Dynamic configs for broker 1 are:\nDefault configs for brokers in the cluster are:\n  log.retention.ms=604800000 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.retention.ms=604800000}\n',
    );
  });

  it('reports an entity that does not exist, and usage errors naming the flag', async () => {
    expect((await tributary(['configs', ...bs, '--describe', '--topic', 'nope'])).out).toBe("The topic 'nope' doesn't exist and doesn't have dynamic config.\n");
    expect((await tributary(['configs', ...bs, '--describe', '--entity-type', 'widgets'])).err).toContain('Invalid entity type widgets');
    expect((await tributary(['configs', ...bs, '--alter', '--entity-type', 'topics', '--add-config', 'a=1'])).err).toContain('An entity name must be specified for every entity type');
    expect((await tributary(['configs', ...bs, '--alter', '--topic', 'orders', '--add-config', 'novalue'])).err).toContain('Invalid entity config');
    const refused = await tributary(['configs', ...bs, '--alter', '--topic', 'orders', '--add-config', 'retention.ms=abc']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/retention\.ms/);
  });
});
