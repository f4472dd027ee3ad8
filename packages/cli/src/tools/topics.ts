import { UsageError, type ParsedArgs } from '../args.js';
import { createPartitions, createTopic, deleteTopics } from '../kafka/admin.js';
import type { KafkaClient } from '../kafka/client.js';
import { describeError } from '../kafka/errors.js';
import { kafkaUuid, type TopicInfo } from '../kafka/metadata.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { adminClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG, bool, exactlyOneAction, intFlag, onlyWith, str } from './support/flags.js';
import { IncludeList } from './support/format.js';
import { describeTopics } from './topics-describe.js';

const ACTIONS = ['list', 'describe', 'create', 'alter', 'delete'] as const;

const spec: ToolSpec = {
  name: 'topics',
  summary: 'Create, delete, describe, or change a topic',
  kafkaName: 'kafka-topics.sh',
  description: [
    'Exactly one action: --list, --describe, --create, --alter or --delete. --topic takes a regular expression ' +
      'except with --create. --describe prints Kafka\'s layout: a "Topic: ... PartitionCount: ... ' +
      'ReplicationFactor: ... Configs: ..." line (configs that differ from the defaults) and one line per partition ' +
      'with Leader, Replicas and Isr.',
    '--alter only raises the partition count; asking for fewer partitions is refused by the cluster with its ' +
      'message. Topic configs are changed with the configs tool.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    COMMAND_CONFIG_FLAG,
    bool('list', 'List all available topics.'),
    bool('describe', 'List details for the given topics.'),
    bool('create', 'Create a new topic.'),
    bool('alter', 'Alter the number of partitions of a topic.'),
    bool('delete', 'Delete a topic.'),
    str('topic', 'topic', 'The topic to create, alter, describe or delete. A regular expression, except with --create.'),
    str('topic-id', 'topic-id', 'The topic id to describe.'),
    str('config', 'name=value', 'A topic configuration override for the topic being created (only with --create).', true),
    str('partitions', 'count', 'The number of partitions for the topic being created or altered (default: the cluster default).'),
    str('replication-factor', 'count', 'The replication factor for each partition of the topic being created (default: the cluster default).'),
    bool('under-replicated-partitions', 'With --describe, only show under-replicated partitions.'),
    bool('unavailable-partitions', 'With --describe, only show partitions whose leader is not available.'),
    bool('under-min-isr-partitions', 'With --describe, only show partitions whose ISR count is less than the configured minimum.'),
    bool('at-min-isr-partitions', 'With --describe, only show partitions whose ISR count is equal to the configured minimum.'),
    bool('topics-with-overrides', 'With --describe, only show topics that have overridden configs.'),
    bool('if-exists', 'With --alter, --delete or --describe, only act if the topic exists.'),
    bool('if-not-exists', 'With --create, do not fail if the topic already exists.'),
    bool('exclude-internal', 'Exclude internal topics when listing or describing topics.'),
    str('partition-size-limit-per-response', 'count', 'Accepted for compatibility (DescribeTopicPartitions paging); not needed here.'),
  ],
};

const TOPIC_ALREADY_EXISTS = 36;

/** `kafka-topics.sh` prints failures from the cluster this way, on stdout. */
function commandError(ctx: ToolContext, e: unknown): number {
  ctx.stdout(`Error while executing topic command : ${describeError(e)}\n`);
  return 1;
}

function checkArgs(args: ParsedArgs, action: string): void {
  if (action !== 'list' && action !== 'describe' && args.string('topic') === undefined) {
    throw new UsageError('Missing required argument "[topic]"', '--topic');
  }
  if (action === 'alter' && args.string('partitions') === undefined) throw new UsageError('Missing required argument "[partitions]"', '--partitions');
  onlyWith(args, 'config', 'string', ['create']);
  onlyWith(args, 'partitions', 'string', ['create', 'alter']);
  onlyWith(args, 'replication-factor', 'string', ['create']);
  onlyWith(args, 'if-not-exists', 'boolean', ['create']);
  onlyWith(args, 'if-exists', 'boolean', ['alter', 'delete', 'describe']);
  onlyWith(args, 'exclude-internal', 'boolean', ['list', 'describe']);
  for (const f of ['under-replicated-partitions', 'unavailable-partitions', 'under-min-isr-partitions', 'at-min-isr-partitions', 'topics-with-overrides']) {
    onlyWith(args, f, 'boolean', ['describe']);
  }
}

/** Every topic name matching `--topic` (all topics without it), sorted, internal ones dropped on request. */
async function matchingTopics(client: KafkaClient, args: ParsedArgs): Promise<TopicInfo[]> {
  const md = await client.refresh();
  const pattern = args.string('topic');
  const filter = pattern === undefined ? null : new IncludeList(pattern);
  const exclude = args.flag('exclude-internal');
  return [...md.topics.values()]
    .filter((t) => t.errorCode === 0)
    .filter((t) => (filter ? filter.allows(t.name, exclude) : !(exclude && t.isInternal)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Kafka's check that a named topic exists (unless `--if-exists`). */
function ensureExists(ctx: ToolContext, args: ParsedArgs, found: readonly TopicInfo[]): boolean {
  const topic = args.string('topic');
  if (topic !== undefined && topic !== '' && found.length === 0 && !args.flag('if-exists')) {
    ctx.stderr(`Topic '${topic}' does not exist as expected\n`);
    return false;
  }
  return true;
}

function topicConfigs(args: ParsedArgs): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of args.strings('config')) {
    const parts = c.split(/\s*=\s*/);
    if (parts.length !== 2) throw new UsageError('Invalid topic config: all configs to be added must be in the format "key=val".', '--config');
    out.set(parts[0]!.trim(), parts[1]!.trim());
  }
  return out;
}

async function create(ctx: ToolContext, client: KafkaClient, args: ParsedArgs): Promise<number> {
  const name = args.string('topic')!;
  const partitions = intFlag(args, 'partitions', -1);
  const rf = intFlag(args, 'replication-factor', -1);
  if (args.string('replication-factor') !== undefined && (rf < 1 || rf > 32767)) throw new UsageError('The replication factor must be between 1 and 32767 inclusive', '--replication-factor');
  if (args.string('partitions') !== undefined && partitions < 1) throw new UsageError('The partitions must be greater than 0', '--partitions');
  const configs = topicConfigs(args);
  if (name.includes('.') || name.includes('_')) {
    ctx.stdout("WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.\n");
  }
  const r = await createTopic(client, { name, numPartitions: partitions, replicationFactor: rf, configs });
  if (!r.ok) {
    if (r.error.errorCode === TOPIC_ALREADY_EXISTS && args.flag('if-not-exists')) return 0;
    return commandError(ctx, r.error);
  }
  ctx.stdout(`Created topic ${name}.\n`);
  return 0;
}

async function alter(ctx: ToolContext, client: KafkaClient, args: ParsedArgs): Promise<number> {
  const count = intFlag(args, 'partitions', 0);
  const topics = await matchingTopics(client, args);
  if (!ensureExists(ctx, args, topics)) return 1;
  if (topics.length === 0) return 0;
  const results = await createPartitions(client, new Map(topics.map((t) => [t.name, count])));
  for (const r of results.values()) if (!r.ok) return commandError(ctx, r.error);
  return 0;
}

async function remove(ctx: ToolContext, client: KafkaClient, args: ParsedArgs): Promise<number> {
  const topics = await matchingTopics(client, args);
  if (!ensureExists(ctx, args, topics)) return 1;
  if (topics.length === 0) return 0;
  const results = await deleteTopics(client, topics.map((t) => t.name));
  for (const r of results.values()) if (!r.ok) return commandError(ctx, r.error);
  return 0;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const action = exactlyOneAction(args, ACTIONS);
  checkArgs(args, action);
  return withClient(adminClient(args, 'topics-tool'), async (client) => {
    try {
      if (action === 'create') return await create(ctx, client, args);
      if (action === 'alter') return await alter(ctx, client, args);
      if (action === 'delete') return await remove(ctx, client, args);
      const topics = await matchingTopics(client, args);
      if (action === 'list') {
        ctx.stdout(`${topics.map((t) => t.name).join('\n')}\n`);
        return 0;
      }
      const topicId = args.string('topic-id');
      const wanted = topicId === undefined ? topics : topics.filter((t) => kafkaUuid(t.topicId) === topicId);
      if (topicId !== undefined && wanted.length === 0 && !args.flag('if-exists')) {
        ctx.stderr(`TopicId '${topicId}' does not exist as expected\n`);
        return 1;
      }
      if (!ensureExists(ctx, args, wanted)) return 1;
      const lines = await describeTopics(client, args, wanted);
      ctx.stdout(lines.map((l) => `${l}\n`).join(''));
      return 0;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      return commandError(ctx, e);
    }
  });
}

/** `tributary topics`: Kafka's `kafka-topics.sh`. */
export const topics: Tool = { spec, run };
