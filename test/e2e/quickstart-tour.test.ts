import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, tempDir, waitFor, type ProcessResult, type TempDir } from '@tributary/test-kit';

// The single-broker tour of Kafka's quickstart, with the `tributary` command only, each step a real process
// (the CLI from its sources through tsx, as `npx tributary` runs it once built): format storage, start a
// broker from a properties file, create a topic, produce and consume keyed records, watch a group's lag
// drop, reset its offsets, grow the topic, change its retention, delete records, delete the topic. Every
// step asserts what the tool prints.

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = ['--conditions=@tributary/source', '--import', 'tsx', 'packages/cli/src/bin/tributary.ts'];
const TOPIC = 'hello.kafka';
const GROUP = 'hello-readers';

/** The broker: `tributary server-start` left running, with its output so far. */
interface Server {
  output(): string;
  exited(): boolean;
  stop(): Promise<void>;
}

function startServer(props: string): Server {
  const child = spawn(process.execPath, [...CLI, 'server-start', props], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exited = false;
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const done = new Promise<void>((resolve) => child.on('close', () => resolve()));
  void done.then(() => (exited = true));
  return {
    output: () => out,
    exited: () => exited,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    },
  };
}

let dir: TempDir;
let server: Server | undefined;
let bootstrap = '';

/** Runs one `tributary ...` command to completion, as a user would in a shell. */
async function tributary(args: readonly string[], input?: string): Promise<ProcessResult> {
  const r = await runProcess(process.execPath, [...CLI, ...args], { cwd: REPO, timeoutMs: 30_000, ...(input !== undefined ? { input } : {}) });
  if (r.code === null) throw new Error(`tributary ${args.join(' ')} was killed:\n${r.stdout}\n${r.stderr}`);
  return r;
}

const bs = (): string[] => ['--bootstrap-server', bootstrap];
const col = (s: string, w = 15) => s.padEnd(w);

/** The rows of `consumer-groups --describe` as [partition, current offset, log-end offset, lag]. */
function lagRows(out: string): string[][] {
  return out
    .split('\n')
    .filter((l) => l.startsWith(GROUP))
    .map((l) => l.split(/ +/))
    .map((c) => [c[2]!, c[3]!, c[4]!, c[5]!]);
}

beforeAll(async () => {
  dir = await tempDir('tributary-tour-');
});

afterAll(async () => {
  await server?.stop();
  await dir.cleanup();
});

describe('the Kafka quickstart tour with tributary', () => {
  it('formats storage and starts a broker from a properties file', async () => {
    const uuid = await tributary(['storage', 'random-uuid']);
    const clusterId = uuid.stdout.trim();
    expect(clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const logs = join(dir.path, 'kraft-combined-logs');
    const props = join(dir.path, 'server.properties');
    writeFileSync(props, ['process.roles=broker,controller', 'node.id=1', 'listeners=PLAINTEXT://127.0.0.1:0', `log.dirs=${logs}`, 'offsets.topic.replication.factor=1', 'group.initial.rebalance.delay.ms=0', ''].join('\n'));
    const format = await tributary(['storage', 'format', '-t', clusterId, '-c', props]);
    expect(format.stdout).toBe(`Formatting metadata directory ${logs} with metadata.version 3.9-IV0.\n`);

    server = startServer(props);
    bootstrap = await waitFor('server-start to print its started line', () => {
      if (server!.exited()) throw new Error(`server-start exited:\n${server!.output()}`);
      return /clients use bootstrap\.servers=(\S+)/.exec(server!.output())?.[1];
    });
    expect(server.output()).toContain(`cluster id ${clusterId}`);
  });

  it('creates hello.kafka with 3 partitions and a 2-day retention, and describes it', async () => {
    const create = await tributary(['topics', ...bs(), '--create', '--topic', TOPIC, '--partitions', '3', '--replication-factor', '1', '--config', 'retention.ms=172800000']);
    expect(create.stdout).toBe(
      "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\nCreated topic hello.kafka.\n",
    );
    const describe = await tributary(['topics', ...bs(), '--describe', '--topic', TOPIC]);
    expect(describe.stdout.split('\n')).toEqual([
      'Topic: hello.kafka\tPartitionCount: 3\tReplicationFactor: 1\tConfigs: retention.ms=172800000',
      ...[0, 1, 2].map((p) => `\tTopic: hello.kafka\tPartition: ${p}\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A`),
      '',
    ]);
    expect((await tributary(['topics', ...bs(), '--list', '--exclude-internal'])).stdout).toBe('hello.kafka\n');
  });

  it('produces keyed lines and consumes them with their keys', async () => {
    const lines = ['user1:login', 'user2:login', 'user1:click', 'user3:login', 'user2:click', 'user1:logout', 'user3:click', 'user2:logout', 'user3:logout'];
    const produce = await tributary(['console-producer', ...bs(), '--topic', TOPIC, '--property', 'parse.key=true', '--property', 'key.separator=:'], `${lines.join('\n')}\n`);
    expect(produce).toMatchObject({ code: 0, stdout: '', stderr: '' });

    // The group reads a first few records and stops: it now lags.
    const first = await tributary(['console-consumer', ...bs(), '--topic', TOPIC, '--group', GROUP, '--from-beginning', '--max-messages', '3', '--property', 'print.key=true', '--property', 'key.separator=:']);
    expect(first.stderr).toBe('Processed a total of 3 messages\n');
    const lagging = await tributary(['consumer-groups', ...bs(), '--describe', '--group', GROUP]);
    const before = lagRows(lagging.stdout);
    expect(before).toHaveLength(3);
    expect(before.reduce((n, r) => n + Number(r[3]), 0)).toBe(6);

    const rest = await tributary(['console-consumer', ...bs(), '--topic', TOPIC, '--group', GROUP, '--max-messages', '6', '--property', 'print.key=true', '--property', 'key.separator=:']);
    const printed = [...first.stdout.split('\n'), ...rest.stdout.split('\n')].filter((l) => l !== '');
    expect([...printed].sort()).toEqual([...lines].sort());
    // Records of one key come back in the order they were produced (one key, one partition).
    for (const key of ['user1', 'user2', 'user3']) expect(printed.filter((l) => l.startsWith(key))).toEqual(lines.filter((l) => l.startsWith(key)));
  });

  it('describes the group with Kafka\'s columns and sees its lag drop to 0', async () => {
    const r = await tributary(['consumer-groups', ...bs(), '--describe', '--group', GROUP]);
    expect(r.stderr).toBe(`\nConsumer group '${GROUP}' has no active members.\n`);
    const header = `${col('GROUP')} ${col('TOPIC')} ${col('PARTITION', 10)} ${col('CURRENT-OFFSET')} ${col('LOG-END-OFFSET')} ${col('LAG')} ${col('CONSUMER-ID')} ${col('HOST')} CLIENT-ID`;
    expect(r.stdout.split('\n')[1]).toBe(header);
    const rows = lagRows(r.stdout);
    expect(rows.map((row) => row[0])).toEqual(['0', '1', '2']);
    for (const [, current, end, lag] of rows) {
      expect(current).toBe(end);
      expect(lag).toBe('0');
    }
    expect(rows.reduce((n, row) => n + Number(row[2]), 0)).toBe(9);
  });

  it('resets the group\'s offsets: a dry run changes nothing, --execute does', async () => {
    const plan = (await tributary(['consumer-groups', ...bs(), '--describe', '--group', GROUP])).stdout;
    const expected = `\n${col('GROUP')} ${col('TOPIC')} ${col('PARTITION', 10)} NEW-OFFSET${[0, 1, 2].map((p) => `\n${col(GROUP)} ${col(TOPIC)} ${col(String(p), 10)} 0`).join('')}\n`;
    const dry = await tributary(['consumer-groups', ...bs(), '--reset-offsets', '--group', GROUP, '--topic', TOPIC, '--to-earliest', '--dry-run']);
    expect(dry.stdout).toBe(expected);
    expect((await tributary(['consumer-groups', ...bs(), '--describe', '--group', GROUP])).stdout).toBe(plan);

    const exec = await tributary(['consumer-groups', ...bs(), '--reset-offsets', '--group', GROUP, '--topic', TOPIC, '--to-earliest', '--execute']);
    expect(exec.stdout).toBe(expected);
    const after = lagRows((await tributary(['consumer-groups', ...bs(), '--describe', '--group', GROUP])).stdout);
    for (const [, current, end, lag] of after) {
      expect(current).toBe('0');
      expect(lag).toBe(end);
    }
  });

  it('alters the topic to 4 partitions and changes its retention', async () => {
    expect(await tributary(['topics', ...bs(), '--alter', '--topic', TOPIC, '--partitions', '4'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const fewer = await tributary(['topics', ...bs(), '--alter', '--topic', TOPIC, '--partitions', '2']);
    expect(fewer).toMatchObject({ code: 1, stdout: 'Error while executing topic command : The topic hello.kafka currently has 4 partition(s); 2 would not be an increase.\n' });

    const alter = await tributary(['configs', ...bs(), '--alter', '--entity-type', 'topics', '--entity-name', TOPIC, '--add-config', 'retention.ms=86400000']);
    expect(alter.stdout).toBe('Completed updating config for topic hello.kafka.\n');
    const configs = await tributary(['configs', ...bs(), '--describe', '--entity-type', 'topics', '--entity-name', TOPIC]);
    expect(configs.stdout.split('\n')[0]).toBe('Dynamic configs for topic hello.kafka are:');
    expect(configs.stdout).toMatch(/\n {2}retention\.ms=86400000 sensitive=false synonyms=\{DYNAMIC_TOPIC_CONFIG:retention\.ms=86400000/);
    const describe = await tributary(['topics', ...bs(), '--describe', '--topic', TOPIC]);
    expect(describe.stdout.split('\n')[0]).toBe('Topic: hello.kafka\tPartitionCount: 4\tReplicationFactor: 1\tConfigs: retention.ms=86400000');
    expect(describe.stdout.split('\n').filter((l) => l.startsWith('\tTopic:'))).toHaveLength(4);
  });

  it('deletes records below offset 2 of a partition', async () => {
    const ends = (await tributary(['get-offsets', ...bs(), '--topic', TOPIC])).stdout.trim().split('\n').map((l) => l.split(':').map((x, i) => (i === 0 ? x : Number(x))));
    const [, partition] = ends.find(([, , end]) => (end as number) >= 2)!;
    const json = join(dir.path, 'delete-records.json');
    writeFileSync(json, JSON.stringify({ partitions: [{ topic: TOPIC, partition, offset: 2 }], version: 1 }));
    const r = await tributary(['delete-records', ...bs(), '--offset-json-file', json]);
    expect(r.stdout).toBe(`Executing records delete operation\nRecords delete operation completed:\npartition: ${TOPIC}-${partition}\tlow_watermark: 2\n`);
    const earliest = await tributary(['get-offsets', ...bs(), '--topic', TOPIC, '--partitions', String(partition), '--time', '-2']);
    expect(earliest.stdout).toBe(`${TOPIC}:${partition}:2\n`);
  });

  it('deletes the topic', async () => {
    expect(await tributary(['topics', ...bs(), '--delete', '--topic', TOPIC])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await waitFor('the topic to disappear from the list', async () => !(await tributary(['topics', ...bs(), '--list'])).stdout.split('\n').includes(TOPIC));
    const gone = await tributary(['topics', ...bs(), '--describe', '--topic', TOPIC]);
    expect(gone).toMatchObject({ code: 1, stderr: "Topic 'hello.kafka' does not exist as expected\n" });
  });
});
