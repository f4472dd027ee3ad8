import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, waitFor, type TestBroker } from '@tributary/test-kit';
import { partitionForKey } from '../src/kafka/partitioner.js';
import { startTributary, tributary } from './support/tool-run.js';

let broker: TestBroker;
let bs: string[];

beforeAll(async () => {
  broker = await startTestBroker();
  bs = ['--bootstrap-server', broker.bootstrap];
  for (const [t, n] of [['keyed', '3'], ['plain', '1'], ['codecs', '1'], ['headers', '1'], ['live', '2']] as const) {
    expect((await tributary(['topics', ...bs, '--create', '--topic', t, '--partitions', n])).code).toBe(0);
  }
});
afterAll(() => broker.cleanup());

const KEYED = ['a:apple', 'b:banana', 'c:cherry', 'a:avocado', 'b:blueberry', 'd:date'];

describe('tributary console-producer and console-consumer', () => {
  it('produces keyed lines (parse.key, key.separator) to the partitions Kafka\'s partitioner picks, and prints them back with keys', async () => {
    const p = await tributary(['console-producer', ...bs, '--topic', 'keyed', '--property', 'parse.key=true', '--property', 'key.separator=:'], { stdin: `${KEYED.join('\n')}\n` });
    expect(p).toEqual({ code: 0, out: '', err: '' });
    const c = await tributary(
      ['console-consumer', ...bs, '--topic', 'keyed', '--from-beginning', '--max-messages', '6', '--property', 'print.key=true', '--property', 'key.separator=:', '--property', 'print.partition=true'],
    );
    expect(c.code).toBe(0);
    expect(c.err).toBe('Processed a total of 6 messages\n');
    const lines = c.out.split('\n').filter((l) => l !== '');
    const expected = KEYED.map((kv) => `Partition:${partitionForKey(Buffer.from(kv.split(':')[0]!), 3)}:${kv}`);
    expect([...lines].sort()).toEqual([...expected].sort());
    // Within a partition, the order of production is kept.
    for (const part of [0, 1, 2]) {
      expect(lines.filter((l) => l.startsWith(`Partition:${part}:`))).toEqual(expected.filter((l) => l.startsWith(`Partition:${part}:`)));
    }
  });

  it('prints timestamps, partitions, offsets, headers and null keys in DefaultMessageFormatter\'s layout', async () => {
    const p = await tributary(['console-producer', ...bs, '--topic', 'headers', '--property', 'parse.headers=true', '--property', 'parse.key=true'], {
      stdin: 'h1:v1,h2:v2\tk1\tone\n\tk2\ttwo\n',
    });
    expect(p.code).toBe(0);
    const c = await tributary([
      'console-consumer', ...bs, '--topic', 'headers', '--partition', '0', '--offset', 'earliest', '--max-messages', '2',
      '--property', 'print.timestamp=true', '--property', 'print.offset=true', '--property', 'print.partition=true', '--property', 'print.headers=true', '--property', 'print.key=true',
    ]);
    expect(c.out.split('\n')).toEqual([
      expect.stringMatching(/^CreateTime:\d{13}\tPartition:0\tOffset:0\th1:v1,h2:v2\tk1\tone$/),
      expect.stringMatching(/^CreateTime:\d{13}\tPartition:0\tOffset:1\tNO_HEADERS\tk2\ttwo$/),
      '',
    ]);
    const nullKey = await tributary(['console-producer', ...bs, '--topic', 'plain'], { stdin: 'no key here\n' });
    expect(nullKey.code).toBe(0);
    const k = await tributary(['console-consumer', ...bs, '--topic', 'plain', '--partition', '0', '--offset', '0', '--max-messages', '1', '--property', 'print.key=true', '--property', 'print.value=false']);
    expect(k.out).toBe('null\n');
  });

  it('sends with every compression codec and reads the records back', async () => {
    const codecs = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
    for (const codec of codecs) {
      const r = await tributary(['console-producer', ...bs, '--topic', 'codecs', '--compression-codec', codec, '--sync'], { stdin: `${codec}-1\n${codec}-2\n` });
      expect(r, codec).toEqual({ code: 0, out: '', err: '' });
    }
    // A bare --compression-codec means gzip, as in Kafka.
    expect((await tributary(['console-producer', ...bs, '--topic', 'codecs', '--compression-codec'], { stdin: 'bare\n' })).code).toBe(0);
    const c = await tributary(['console-consumer', ...bs, '--topic', 'codecs', '--partition', '0', '--offset', 'earliest', '--max-messages', '11']);
    expect(c.out.split('\n').filter((l) => l !== '')).toEqual([...codecs.flatMap((x) => [`${x}-1`, `${x}-2`]), 'bare']);
  });

  it('stops on a line without the key separator with Kafka\'s message, and refuses unknown codecs', async () => {
    const r = await tributary(['console-producer', ...bs, '--topic', 'plain', '--property', 'parse.key=true'], { stdin: 'k\tv\nnoseparator\n' });
    expect(r.code).toBe(1);
    expect(r.err).toBe("org.apache.kafka.common.KafkaException: No key separator found on line number 2: 'noseparator'\n");
    const bad = await tributary(['console-producer', ...bs, '--topic', 'plain', '--compression-codec', 'brotli']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--compression-codec: unknown compression codec "brotli"');
  });

  it('reads from --input-file, and gives up after --timeout-ms with Kafka\'s error line and the count', async () => {
    const file = join(broker.logDir, '..', `input-${process.pid}.txt`);
    writeFileSync(file, 'f1\nf2\nf3\n');
    expect((await tributary(['console-producer', ...bs, '--topic', 'plain', '--input-file', file])).code).toBe(0);
    const c = await tributary(['console-consumer', ...bs, '--topic', 'plain', '--partition', '0', '--offset', '2', '--timeout-ms', '300']);
    expect(c.code).toBe(0);
    expect(c.out).toBe('f1\nf2\nf3\n');
    expect(c.err).toMatch(/ERROR Error processing message, terminating consumer process: {2}\(org\.apache\.kafka\.tools\.consumer\.ConsoleConsumer\)\norg\.apache\.kafka\.common\.errors\.TimeoutException\nProcessed a total of 3 messages\n$/);
  });

  it('consumes live records as a group member and exits cleanly on SIGINT with the count', async () => {
    // The topic is empty, so --from-beginning reads every record produced from now on, whenever the join completes.
    const consumer = startTributary(['console-consumer', ...bs, '--topic', 'live', '--group', 'live-readers', '--from-beginning']);
    await waitFor('the consumer to join its group', async () => /\nlive-readers +console-consumer-\S+ +\S+ +console-consumer +2 /.test((await tributary(['consumer-groups', ...bs, '--describe', '--group', 'live-readers', '--members'])).out));
    expect((await tributary(['console-producer', ...bs, '--topic', 'live'], { stdin: 'x1\nx2\nx3\n' })).code).toBe(0);
    await waitFor('three records to be printed', () => consumer.ctx.out().split('\n').filter((l) => l !== '').length === 3);
    consumer.ctx.deliver('SIGINT');
    expect(await consumer.done).toBe(0);
    expect(consumer.ctx.out().split('\n').filter((l) => l !== '').sort()).toEqual(['x1', 'x2', 'x3']);
    expect(consumer.ctx.err()).toBe('Processed a total of 3 messages\n');
  });

  it('gives usage errors for conflicting flags', async () => {
    expect((await tributary(['console-consumer', ...bs])).err).toContain('Exactly one of --include/--topic is required.');
    expect((await tributary(['console-consumer', ...bs, '--topic', 't', '--offset', '1'])).err).toContain('The partition is required when offset is specified.');
    expect((await tributary(['console-consumer', ...bs, '--topic', 't', '--partition', '0', '--offset', '1', '--from-beginning'])).err).toContain("Options from-beginning and offset can't be used together");
    expect((await tributary(['console-producer', ...bs])).err).toContain('missing required flag --topic');
  });
});
