import { UsageError, type ParsedArgs } from '../args.js';
import { alterReassignments, describeCluster, listReassignments } from '../kafka/admin.js';
import type { KafkaClient } from '../kafka/client.js';
import { describeError } from '../kafka/errors.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { adminClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG, bool, exactlyOneAction, parseIntValue, required, str } from './support/flags.js';
import { checkVersion, jsonInt, jsonObjects, jsonString, readJsonFile } from './support/json-file.js';

const spec: ToolSpec = {
  name: 'reassign-partitions',
  summary: 'Move partition replicas between brokers: generate a plan, execute it, verify it',
  kafkaName: 'kafka-reassign-partitions.sh',
  description: [
    '--generate proposes a round-robin assignment of the topics in --topics-to-move-json-file ({"topics":[{"topic":"foo"}],' +
      '"version":1}) over --broker-list, printing the current and proposed assignments. --execute starts the ' +
      'reassignment in --reassignment-json-file (saving the current one for rollback), --verify reports progress, ' +
      '--cancel stops it, --list shows reassignments in progress.',
    'With a single broker every partition already sits on it, so plans are no-ops the broker completes at once; ' +
      'the same commands move replicas once brokers replicate. Throttles are accepted but not applied.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    COMMAND_CONFIG_FLAG,
    bool('generate', 'Generate a candidate reassignment.'),
    bool('execute', 'Start the reassignment in --reassignment-json-file.'),
    bool('verify', 'Report the status of the reassignment in --reassignment-json-file.'),
    bool('cancel', 'Cancel the reassignment in --reassignment-json-file.'),
    bool('list', 'List the reassignments in progress.'),
    str('topics-to-move-json-file', 'file', 'With --generate: the topics to move.'),
    str('broker-list', '0,1,2', 'With --generate: the brokers to move the topics to.'),
    str('reassignment-json-file', 'file', 'With --execute, --verify or --cancel: the reassignment plan.'),
    str('throttle', 'bytes/s', 'Replication throttle (accepted; not applied).'),
    str('replica-alter-log-dirs-throttle', 'bytes/s', 'Log-dir move throttle (accepted; not applied).'),
    str('timeout', 'ms', 'How long to wait for the reassignment to start (default 10000).'),
    bool('additional', 'Execute while other reassignments are in progress.'),
    bool('preserve-throttles', 'Do not clear throttles after --verify.'),
    bool('disable-rack-aware', 'Ignore racks when generating.'),
  ],
};

type Assignment = { topic: string; partition: number; replicas: number[] };

/** Kafka's reassignment JSON: `{"version":1,"partitions":[{"topic":..,"partition":..,"replicas":[..],"log_dirs":["any",..]}]}`. */
function assignmentJson(list: readonly Assignment[]): string {
  return JSON.stringify({ version: 1, partitions: list.map((a) => ({ topic: a.topic, partition: a.partition, replicas: a.replicas, log_dirs: a.replicas.map(() => 'any') })) });
}

function readAssignment(path: string): Assignment[] {
  const json = readJsonFile(path, '--reassignment-json-file');
  checkVersion(json, path);
  const parts = jsonObjects(json, 'partitions', path).map((p) => {
    const replicas = p.replicas;
    if (!Array.isArray(replicas) || replicas.some((r) => typeof r !== 'number')) throw new UsageError(`${path}: "replicas" must be a list of broker ids`);
    return { topic: jsonString(p, 'topic', path), partition: jsonInt(p, 'partition', path), replicas: replicas as number[] };
  });
  if (parts.length === 0) throw new UsageError('Partition reassignment list cannot be empty', '--reassignment-json-file');
  return parts;
}

async function currentAssignment(client: KafkaClient, topics: ReadonlySet<string>): Promise<Assignment[]> {
  const md = await client.refresh();
  return [...md.topics.values()]
    .filter((t) => topics.has(t.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition, replicas: [...p.replicas] })));
}

/** Kafka's rack-unaware replica placement: a random first broker, replicas shifted round-robin. */
export function roundRobin(current: readonly Assignment[], brokers: readonly number[], random: () => number = Math.random): Assignment[] {
  const out: Assignment[] = [];
  for (const topic of [...new Set(current.map((a) => a.topic))]) {
    const parts = current.filter((a) => a.topic === topic);
    const rf = parts[0]?.replicas.length ?? 1;
    if (rf > brokers.length) throw new UsageError(`Replication factor: ${rf} larger than available brokers: ${brokers.length}.`, '--broker-list');
    const start = Math.floor(random() * brokers.length);
    let shift = Math.floor(random() * brokers.length);
    parts.forEach((p, i) => {
      if (i > 0 && i % brokers.length === 0) shift++;
      const first = (i + start) % brokers.length;
      const replicas = [brokers[first]!];
      for (let j = 0; j < rf - 1; j++) replicas.push(brokers[(first + 1 + ((shift + j) % (brokers.length - 1))) % brokers.length]!);
      out.push({ topic, partition: p.partition, replicas });
    });
  }
  return out;
}

async function generate(ctx: ToolContext, client: KafkaClient, args: ParsedArgs): Promise<number> {
  const path = required(args, 'topics-to-move-json-file');
  const json = readJsonFile(path, '--topics-to-move-json-file');
  checkVersion(json, path);
  const topics = new Set(jsonObjects(json, 'topics', path).map((t) => jsonString(t, 'topic', path)));
  const brokers = required(args, 'broker-list').split(',').map((b) => parseIntValue(b.trim(), '--broker-list'));
  const known = (await describeCluster(client)).brokers.map((b) => b.id);
  const unknown = brokers.filter((b) => !known.includes(b));
  if (unknown.length > 0) throw new UsageError(`Unknown broker id(s) ${unknown.join(',')}`, '--broker-list');
  const current = await currentAssignment(client, topics);
  const missing = [...topics].filter((t) => !current.some((a) => a.topic === t));
  if (missing.length > 0) throw new UsageError(`Topic(s) not found: ${missing.join(',')}`, '--topics-to-move-json-file');
  ctx.stdout(`Current partition replica assignment\n${assignmentJson(current)}\n\nProposed partition reassignment configuration\n${assignmentJson(roundRobin(current, brokers))}\n`);
  return 0;
}

async function execute(ctx: ToolContext, client: KafkaClient, args: ParsedArgs): Promise<number> {
  const plan = readAssignment(required(args, 'reassignment-json-file'));
  const known = (await describeCluster(client)).brokers.map((b) => b.id);
  const unknown = [...new Set(plan.flatMap((p) => p.replicas))].filter((b) => !known.includes(b));
  if (unknown.length > 0) throw new UsageError(`Unknown broker id(s) ${unknown.join(',')}`, '--reassignment-json-file');
  if (!args.flag('additional') && (await listReassignments(client)).size > 0) {
    ctx.stdout('Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment in addition to the existing one. The --additional flag can also be used to change the throttle by resubmitting the current reassignment.\n');
    return 1;
  }
  const current = await currentAssignment(client, new Set(plan.map((p) => p.topic)));
  const wanted = new Set(plan.map((p) => `${p.topic}-${p.partition}`));
  ctx.stdout(`Current partition replica assignment\n\n${assignmentJson(current.filter((a) => wanted.has(`${a.topic}-${a.partition}`)))}\n\nSave this to use as the --reassignment-json-file option during rollback\n`);
  if (args.string('throttle') !== undefined) ctx.stdout('Warning: --throttle is not applied (this cluster has no replication throttles).\n');
  const results = await alterReassignments(client, plan);
  const failed = [...results].filter(([, r]) => !r.ok);
  if (failed.length > 0) {
    ctx.stdout(`Error reassigning partition(s):\n${failed.map(([k, r]) => `${k}: ${r.ok ? '' : describeError(r.error)}`).join('\n')}\n`);
    return 1;
  }
  ctx.stdout(`Successfully started partition reassignment${plan.length === 1 ? '' : 's'} for ${plan.map((p) => `${p.topic}-${p.partition}`).join(',')}\n`);
  return 0;
}

async function verify(ctx: ToolContext, client: KafkaClient, args: ParsedArgs): Promise<number> {
  const plan = readAssignment(required(args, 'reassignment-json-file'));
  const ongoing = await listReassignments(client);
  const md = await client.refresh();
  const lines = ['Status of partition reassignment:'];
  for (const p of [...plan].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))) {
    const key = `${p.topic}-${p.partition}`;
    if (ongoing.has(key)) lines.push(`Reassignment of partition ${key} is still in progress.`);
    else {
      const replicas = md.topics.get(p.topic)?.partitions.find((x) => x.partition === p.partition)?.replicas ?? [];
      if (replicas.join(',') === p.replicas.join(',')) lines.push(`Reassignment of partition ${key} is completed.`);
      else lines.push(`There is no active reassignment of partition ${key}, but replica set is ${replicas.join(',')} rather than ${p.replicas.join(',')}.`);
    }
  }
  ctx.stdout(`${lines.join('\n')}\n`);
  if (ongoing.size === 0 && !args.flag('preserve-throttles')) {
    const brokers = (await describeCluster(client)).brokers.map((b) => b.id);
    const topics = [...new Set(plan.map((p) => p.topic))];
    ctx.stdout(`\nClearing broker-level throttles on brokers ${brokers.join(',')}\nClearing topic-level throttles on topic${topics.length > 1 ? 's' : ''} ${topics.join(',')}\n`);
  }
  return 0;
}

async function cancel(ctx: ToolContext, client: KafkaClient, args: ParsedArgs): Promise<number> {
  const plan = readAssignment(required(args, 'reassignment-json-file'));
  const results = await alterReassignments(client, plan.map((p) => ({ topic: p.topic, partition: p.partition, replicas: null })));
  const cancelled = [...results].filter(([, r]) => r.ok || r.error.errorCode === 85).map(([k]) => k);
  const failed = [...results].filter(([, r]) => !r.ok && r.error.errorCode !== 85);
  if (cancelled.length > 0) ctx.stdout(`Successfully cancelled partition reassignments for: ${cancelled.join(',')}\n`);
  for (const [k, r] of failed) ctx.stdout(`Error cancelling partition reassignment for ${k}: ${r.ok ? '' : describeError(r.error)}\n`);
  return failed.length > 0 ? 1 : 0;
}

async function list(ctx: ToolContext, client: KafkaClient): Promise<number> {
  const ongoing = [...(await listReassignments(client))].sort(([a], [b]) => (a < b ? -1 : 1));
  if (ongoing.length === 0) ctx.stdout('No partition reassignments found.\n');
  else ctx.stdout(`Current partition reassignments:\n${ongoing.map(([k, r]) => `${k}: replicas: ${r.replicas.join(',')}. adding: ${r.adding.join(',')}. removing: ${r.removing.join(',')}.`).join('\n')}\n`);
  return 0;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const action = exactlyOneAction(args, ['generate', 'execute', 'verify', 'cancel', 'list']);
  return withClient(adminClient(args, 'reassign-partitions-tool'), async (client) => {
    try {
      if (action === 'generate') return await generate(ctx, client, args);
      if (action === 'execute') return await execute(ctx, client, args);
      if (action === 'verify') return await verify(ctx, client, args);
      if (action === 'cancel') return await cancel(ctx, client, args);
      return await list(ctx, client);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      ctx.stdout(`Error: ${describeError(e)}\n`);
      return 1;
    }
  });
}

/** `tributary reassign-partitions`: Kafka's `kafka-reassign-partitions.sh`. */
export const reassignPartitions: Tool = { spec, run };
