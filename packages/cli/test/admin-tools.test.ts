import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '@tributary/broker';
import { allApis } from '@tributary/protocol';
import { startTestBroker, tempDir, type TempDir, type TestBroker } from '@tributary/test-kit';
import { tributary } from './support/tool-run.js';

let broker: TestBroker;
let bs: string[];
let scratch: TempDir;

function file(name: string, text: string): string {
  const path = join(scratch.path, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  broker = await startTestBroker();
  scratch = await tempDir('tributary-cli-admin-');
  bs = ['--bootstrap-server', broker.bootstrap];
  expect((await tributary(['topics', ...bs, '--create', '--topic', 'metrics', '--partitions', '2'])).code).toBe(0);
  expect((await tributary(['topics', ...bs, '--create', '--topic', 'audit', '--partitions', '1'])).code).toBe(0);
  const lines = Array.from({ length: 5 }, (_, i) => `m${i}`).join('\n');
  expect((await tributary(['console-producer', ...bs, '--topic', 'metrics', '--producer-property', 'partitioner.ignore.keys=true'], { stdin: `${lines}\n` })).code).toBe(0);
  expect((await tributary(['console-producer', ...bs, '--topic', 'audit', '--property', 'parse.key=true', '--property', 'key.separator=='], { stdin: 'user=alice\nuser=bob\nadmin=carol\n' })).code).toBe(0);
});
afterAll(async () => {
  await broker.cleanup();
  await scratch.cleanup();
});

describe('tributary get-offsets', () => {
  it('prints topic:partition:offset lines, sorted, for latest, earliest and a timestamp', async () => {
    const latest = await tributary(['get-offsets', ...bs, '--topic', 'audit']);
    expect(latest).toEqual({ code: 0, err: '', out: 'audit:0:3\n' });
    expect((await tributary(['get-offsets', ...bs, '--topic', 'audit', '--time', '-2'])).out).toBe('audit:0:0\n');
    expect((await tributary(['get-offsets', ...bs, '--topic', 'audit', '--time', 'earliest'])).out).toBe('audit:0:0\n');
    expect((await tributary(['get-offsets', ...bs, '--topic', 'audit', '--time', '0'])).out).toBe('audit:0:0\n');
    expect((await tributary(['get-offsets', ...bs, '--topic', 'audit', '--time', String(Date.now() + 3_600_000)])).out).toBe('');
    const both = await tributary(['get-offsets', ...bs, '--topic-partitions', 'metrics:0-,audit']);
    expect(both.out.split('\n').filter((l) => l !== '').map((l) => l.replace(/:\d+$/, ''))).toEqual(['audit:0', 'metrics:0', 'metrics:1']);
    expect(await tributary(['get-offsets', ...bs, '--topic', 'nothing.*'])).toEqual({ code: 1, out: '', err: 'Error occurred: Could not match any topic-partitions with the specified filters\n' });
  });
});

describe('tributary delete-records', () => {
  it('deletes records below an offset and reports the new low watermark', async () => {
    const plan = file('delete.json', JSON.stringify({ partitions: [{ topic: 'audit', partition: 0, offset: 2 }], version: 1 }));
    const r = await tributary(['delete-records', ...bs, '--offset-json-file', plan]);
    expect(r).toEqual({ code: 0, err: '', out: 'Executing records delete operation\nRecords delete operation completed:\npartition: audit-0\tlow_watermark: 2\n' });
    expect((await tributary(['get-offsets', ...bs, '--topic', 'audit', '--time', '-2'])).out).toBe('audit:0:2\n');
    const beyond = file('beyond.json', JSON.stringify({ partitions: [{ topic: 'audit', partition: 0, offset: 99 }] }));
    const bad = await tributary(['delete-records', ...bs, '--offset-json-file', beyond]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/partition: audit-0\terror: .+/);
    const dup = file('dup.json', JSON.stringify({ partitions: [{ topic: 'a', partition: 0, offset: 1 }, { topic: 'a', partition: 0, offset: 2 }], version: 1 }));
    expect((await tributary(['delete-records', ...bs, '--offset-json-file', dup])).err).toContain('Offset json file contains duplicate topic partitions: a-0');
  });
});

describe('tributary log-dirs and broker-api-versions', () => {
  it('describes log dirs as one JSON document in Kafka\'s key order', async () => {
    const r = await tributary(['log-dirs', ...bs, '--describe', '--topic-list', 'audit']);
    const [first, second, json, rest] = r.out.split('\n');
    expect([first, second, rest]).toEqual(['Querying brokers for log directories information', 'Received log directory information from brokers 1', '']);
    expect(json).toMatch(/^\{"brokers":\[\{"broker":1,"logDirs":\[\{"partitions":\[\{"partition":"audit-0","size":\d+,"offsetLag":0,"isFuture":false\}\],"error":null,"logDir":"[^"]+"\}\]\}\],"version":1\}$/);
    expect((await tributary(['log-dirs', ...bs, '--describe', '--broker-list', '7'])).err).toBe('ERROR: The given brokers do not exist from --broker-list: 7. Current existent brokers: 1\n');
  });

  it('prints every API with the broker\'s range and the usable version', async () => {
    const r = await tributary(['broker-api-versions', ...bs]);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`${broker.bootstrap} (id: 1 rack: null) -> (`);
    expect(lines).toContain('\tMetadata(3): 0 to 8 [usable: 8],');
    expect(lines).toContain('\tApiVersions(18): 0 to 3 [usable: 3],');
    expect(lines).toContain('\tSaslHandshake(17): UNSUPPORTED,');
    expect(lines.filter((l) => l.startsWith('\t'))).toHaveLength(allApis.length);
    expect(lines.slice(-2)).toEqual([')', '']);
  });
});

describe('tributary leader-election and reassign-partitions', () => {
  it('reports the preferred leader as already elected on a single broker', async () => {
    const r = await tributary(['leader-election', ...bs, '--election-type', 'preferred', '--topic', 'metrics', '--partition', '1']);
    expect(r).toEqual({ code: 0, err: '', out: 'Valid replica already elected for partitions metrics-1\n' });
    const json = file('elect.json', JSON.stringify({ partitions: [{ topic: 'metrics', partition: 0 }, { topic: 'audit', partition: 0 }] }));
    expect((await tributary(['leader-election', ...bs, '--election-type', 'PREFERRED', '--path-to-json-file', json])).out).toBe('Valid replica already elected for partitions audit-0, metrics-0\n');
    expect((await tributary(['leader-election', ...bs, '--election-type', 'sideways', '--all-topic-partitions'])).err).toContain('Invalid election type: sideways');
  });

  it('generates, executes, verifies and lists reassignments', async () => {
    const topicsFile = file('move.json', JSON.stringify({ topics: [{ topic: 'metrics' }], version: 1 }));
    const plan = '{"version":1,"partitions":[{"topic":"metrics","partition":0,"replicas":[1],"log_dirs":["any"]},{"topic":"metrics","partition":1,"replicas":[1],"log_dirs":["any"]}]}';
    const gen = await tributary(['reassign-partitions', ...bs, '--generate', '--topics-to-move-json-file', topicsFile, '--broker-list', '1']);
    expect(gen).toEqual({ code: 0, err: '', out: `Current partition replica assignment\n${plan}\n\nProposed partition reassignment configuration\n${plan}\n` });
    const planFile = file('plan.json', plan);
    const exec = await tributary(['reassign-partitions', ...bs, '--execute', '--reassignment-json-file', planFile]);
    expect(exec).toEqual({
      code: 0,
      err: '',
      out: `Current partition replica assignment\n\n${plan}\n\nSave this to use as the --reassignment-json-file option during rollback\nSuccessfully started partition reassignments for metrics-0,metrics-1\n`,
    });
    const verify = await tributary(['reassign-partitions', ...bs, '--verify', '--reassignment-json-file', planFile]);
    expect(verify.out).toBe(
      'Status of partition reassignment:\nReassignment of partition metrics-0 is completed.\nReassignment of partition metrics-1 is completed.\n\nClearing broker-level throttles on brokers 1\nClearing topic-level throttles on topic metrics\n',
    );
    expect((await tributary(['reassign-partitions', ...bs, '--list'])).out).toBe('No partition reassignments found.\n');
    const unknown = file('bad-plan.json', '{"version":1,"partitions":[{"topic":"metrics","partition":0,"replicas":[9]}]}');
    expect((await tributary(['reassign-partitions', ...bs, '--execute', '--reassignment-json-file', unknown])).err).toContain('Unknown broker id(s) 9');
  });
});

describe('tributary dump-log and storage', () => {
  it('dumps a segment with batch and record lines, keys and payloads', async () => {
    const dir = join(broker.logDir, 'audit-0');
    const segment = readdirSync(dir).find((f) => f.endsWith('.log'))!;
    const r = await tributary(['dump-log', '--files', join(dir, segment), '--print-data-log']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`Dumping ${join(dir, segment)}`);
    expect(lines[1]).toBe('Log starting offset: 0');
    expect(lines[2]).toMatch(/^baseOffset: 0 lastOffset: 2 count: 3 baseSequence: -?\d+ lastSequence: -?\d+ producerId: -?\d+ producerEpoch: -?\d+ partitionLeaderEpoch: 0 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty position: 0 CreateTime: \d+ size: \d+ magic: 2 compresscodec: none crc: \d+ isvalid: true$/);
    expect(lines[3]).toMatch(/^\| offset: 0 CreateTime: \d+ keySize: 4 valueSize: 5 sequence: -?\d+ headerKeys: \[\] key: user payload: alice$/);
    expect(lines[5]).toMatch(/^\| offset: 2 .* key: admin payload: carol$/);
    const batchesOnly = await tributary(['dump-log', '--files', join(dir, segment)]);
    expect(batchesOnly.out.split('\n').filter((l) => l.startsWith('|'))).toEqual([]);
    const index = readdirSync(dir).find((f) => f.endsWith('.index'))!;
    expect((await tributary(['dump-log', '--files', join(dir, index)])).out).toMatch(/^Dumping .*\.index\n/);
  });

  it('generates cluster ids and formats log dirs that a broker then starts from', async () => {
    const id = (await tributary(['storage', 'random-uuid'])).out.trim();
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    const logs = join(scratch.path, 'formatted');
    const props = file('server.properties', `node.id=1\nlog.dirs=${logs}\nlisteners=PLAINTEXT://127.0.0.1:0\n`);
    const r = await tributary(['storage', 'format', '-t', id, '-c', props]);
    expect(r).toEqual({ code: 0, err: '', out: `Formatting metadata directory ${logs} with metadata.version 3.9-IV0.\n` });
    expect(readFileSync(join(logs, 'meta.properties'), 'utf8')).toContain(`cluster.id=${id}`);
    const again = await tributary(['storage', 'format', '-t', id, '-c', props]);
    expect(again).toEqual({ code: 1, out: '', err: `Log directory ${logs} is already formatted. Use --ignore-formatted to ignore this directory and format the others.\n` });
    expect((await tributary(['storage', 'format', '-t', id, '-c', props, '--ignore-formatted'])).out).toBe('All of the log directories are already formatted.\n');
    expect((await tributary(['storage', 'info', '-c', props])).out).toContain(`Found metadata: {cluster.id=${id}`);
    const started = await Broker.start({ 'node.id': 1, 'log.dirs': logs, listeners: 'PLAINTEXT://127.0.0.1:0' }, { log: () => {} });
    expect(started.clusterId).toBe(id);
    await started.stop();
    expect((await tributary(['storage', 'format', '-t', 'not-an-id', '-c', props])).err).toContain('Cluster ID string not-an-id does not appear to be a valid UUID');
    expect(existsSync(join(scratch.path, 'nowhere'))).toBe(false);
  });
});
