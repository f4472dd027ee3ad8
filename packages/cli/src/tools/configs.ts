import { UsageError, type ParsedArgs } from '../args.js';
import { alterConfigs, ConfigOp, describeCluster, describeConfigs, ResourceType, type ConfigEntry } from '../kafka/admin.js';
import { listGroups } from '../kafka/admin-groups.js';
import type { KafkaClient } from '../kafka/client.js';
import { describeError } from '../kafka/errors.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { adminClient, loadProperties, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG, bool, exactlyOneAction, str } from './support/flags.js';

const spec: ToolSpec = {
  name: 'configs',
  summary: 'Describe or change the configs of topics, brokers, broker loggers and groups',
  kafkaName: 'kafka-configs.sh',
  description: [
    'Exactly one of --describe or --alter, for --entity-type topics|brokers|broker-loggers|groups with ' +
      '--entity-name (or --entity-default for the cluster-wide broker defaults); --topic, --broker, --broker-defaults ' +
      'and --group are shortcuts. --describe lists the dynamic configs (--all: every config) as ' +
      '"  name=value sensitive=false synonyms={SOURCE:name=value, ...}".',
    '--alter sends IncrementalAlterConfigs: --delete-config names first, then --add-config k=v,k2=v2 (values with ' +
      'commas in square brackets: k=[a,b]) or --add-config-file.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    COMMAND_CONFIG_FLAG,
    bool('describe', 'List configs for the given entity.'),
    bool('alter', 'Alter the configuration of the entity.'),
    bool('all', 'With --describe, list all configs, not only the dynamic ones.'),
    str('entity-type', 'type', 'Type of entity: topics, brokers, broker-loggers or groups.', true),
    str('entity-name', 'name', 'Name of entity: topic name, broker id, group id.', true),
    bool('entity-default', 'Default entity name for brokers (applies to every broker of the cluster).'),
    str('add-config', 'k=v,k2=v2', 'Configs to add or set, comma-separated; use [a,b] for a value with commas.'),
    str('add-config-file', 'file', 'A properties file of configs to add or set.'),
    str('delete-config', 'k1,k2', 'Config names to remove, comma-separated.', true),
    str('topic', 'topic', 'The topic whose config to describe or alter (--entity-type topics --entity-name <topic>).'),
    str('broker', 'id', 'The broker whose config to describe or alter (--entity-type brokers --entity-name <id>).'),
    bool('broker-defaults', 'The cluster-wide broker defaults (--entity-type brokers --entity-default).'),
    str('broker-logger', 'id', 'The broker whose loggers to describe or alter.'),
    str('group', 'group', 'The group whose config to describe or alter.'),
  ],
};

const TYPES: Readonly<Record<string, number>> = { topics: ResourceType.TOPIC, brokers: ResourceType.BROKER, 'broker-loggers': ResourceType.BROKER_LOGGER, groups: ResourceType.GROUP };
const DYNAMIC_SOURCE: Readonly<Record<string, string>> = { topics: 'DYNAMIC_TOPIC_CONFIG', brokers: 'DYNAMIC_BROKER_CONFIG', groups: 'GROUP_CONFIG' };

/** The entity named on the command line: its type (`topics`, ...) and name (`''` for the broker defaults). */
interface Entity {
  readonly type: string;
  readonly name: string | undefined;
}

function entityFrom(args: ParsedArgs): Entity {
  const shortcuts: Array<[string, string, string | undefined]> = [];
  if (args.string('topic') !== undefined) shortcuts.push(['topics', 'topic', args.string('topic')]);
  if (args.string('broker') !== undefined) shortcuts.push(['brokers', 'broker', args.string('broker')]);
  if (args.flag('broker-defaults')) shortcuts.push(['brokers', 'broker-defaults', '']);
  if (args.string('broker-logger') !== undefined) shortcuts.push(['broker-loggers', 'broker-logger', args.string('broker-logger')]);
  if (args.string('group') !== undefined) shortcuts.push(['groups', 'group', args.string('group')]);
  const types = args.strings('entity-type');
  if (shortcuts.length + types.length === 0) throw new UsageError('At least one entity type must be specified', '--entity-type');
  if (shortcuts.length + types.length > 1) throw new UsageError('Only one entity type may be specified', '--entity-type');
  if (shortcuts.length === 1) return { type: shortcuts[0]![0], name: shortcuts[0]![2] };
  const type = types[0]!;
  if (TYPES[type] === undefined) {
    throw new UsageError(`Invalid entity type ${type}, the entity type must be one of topics, brokers, broker-loggers, groups`, '--entity-type');
  }
  const names = args.strings('entity-name');
  if (names.length > 1) throw new UsageError('Only one entity name may be specified', '--entity-name');
  if (args.flag('entity-default')) {
    if (type !== 'brokers') throw new UsageError('--entity-default is only valid with --entity-type brokers here', '--entity-default');
    return { type, name: '' };
  }
  return { type, name: names[0] };
}

/** Kafka's split of `--add-config`: commas separate pairs except inside [ ], brackets are then dropped. */
export function parseAddConfig(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const pairs = text.split(/,(?=[^\]]*(?:\[|$))/);
  for (const pair of pairs) {
    const parts = pair.split(/\s*=\s*(?=[^\]]*(?:\[|$))/);
    if (parts.length !== 2) {
      throw new UsageError('Invalid entity config: all configs to be added must be in the format "key=val" or "key=[val1,val2]" to group values which contain commas.', '--add-config');
    }
    const key = parts[0]!.trim();
    if (!/^[$a-zA-Z0-9._-]*$/.test(key)) throw new UsageError(`Invalid character found for config key: ${key}`, '--add-config');
    out.set(key, parts[1]!.replace(/[[\]]/g, '').trim());
  }
  return out;
}

function synonymsText(e: ConfigEntry): string {
  return `{${e.synonyms.map((s) => `${s.source}:${s.name}=${s.value ?? 'null'}`).join(', ')}}`;
}

async function describe(ctx: ToolContext, client: KafkaClient, entity: Entity, all: boolean): Promise<number> {
  const singular = entity.type.slice(0, -1);
  let names: string[];
  if (entity.name !== undefined) {
    if (!all && entity.name !== '' && !(await entityExists(client, entity))) {
      ctx.stdout(`The ${singular} '${entity.name}' doesn't exist and doesn't have dynamic config.\n`);
      return 0;
    }
    names = [entity.name];
  } else if (entity.type === 'topics') {
    names = [...(await client.refresh()).topics.keys()];
  } else if (entity.type === 'groups') {
    names = (await listGroups(client)).map((g) => g.groupId);
  } else {
    names = [...(await describeCluster(client)).brokers.map((b) => String(b.id)), ...(entity.type === 'brokers' ? [''] : [])];
  }
  for (const name of names) {
    ctx.stdout(name === '' ? `Default configs for ${entity.type} in the cluster are:\n` : `${all ? 'All' : 'Dynamic'} configs for ${singular} ${name} are:\n`);
    const source = name === '' ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : DYNAMIC_SOURCE[entity.type];
    const entries = (await describeConfigs(client, TYPES[entity.type]!, name))
      .filter((e) => all || source === undefined || e.source === source)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) ctx.stdout(`  ${e.name}=${e.value ?? 'null'} sensitive=${e.isSensitive} synonyms=${synonymsText(e)}\n`);
  }
  return 0;
}

async function entityExists(client: KafkaClient, entity: Entity): Promise<boolean> {
  if (entity.type === 'topics') return (await client.refresh()).topics.has(entity.name!);
  if (entity.type === 'groups') return (await listGroups(client)).some((g) => g.groupId === entity.name);
  return (await describeCluster(client)).brokers.some((b) => String(b.id) === entity.name);
}

async function alter(ctx: ToolContext, client: KafkaClient, args: ParsedArgs, entity: Entity): Promise<number> {
  if (entity.name === undefined) throw new UsageError('An entity name must be specified for every entity type', '--entity-name');
  const adds = new Map<string, string>();
  const file = args.string('add-config-file');
  if (file !== undefined) for (const [k, v] of loadProperties(file, '--add-config-file')) adds.set(k, v);
  const addText = args.string('add-config');
  if (addText !== undefined) for (const [k, v] of parseAddConfig(addText)) adds.set(k, v);
  const deletes = args.strings('delete-config').flatMap((d) => d.split(',')).map((d) => d.trim()).filter((d) => d !== '');
  if (adds.size === 0 && deletes.length === 0) throw new UsageError('At least one of --add-config, --add-config-file or --delete-config must be specified with --alter', '--alter');
  const type = TYPES[entity.type]!;
  if (deletes.length > 0) {
    const current = new Set((await describeConfigs(client, type, entity.name)).filter((e) => entity.type === 'broker-loggers' || e.source === (entity.name === '' ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : DYNAMIC_SOURCE[entity.type])).map((e) => e.name));
    const invalid = deletes.filter((d) => !current.has(d));
    if (invalid.length > 0) {
      ctx.stderr(`Invalid config(s): ${invalid.join(',')}\n`);
      return 1;
    }
  }
  const ops = [
    ...deletes.map((name) => ({ name, op: ConfigOp.DELETE, value: null })),
    ...[...adds].map(([name, value]) => ({ name, op: ConfigOp.SET, value })),
  ];
  await alterConfigs(client, type, entity.name, ops);
  ctx.stdout(entity.name === '' ? `Completed updating default config for ${entity.type} in the cluster.\n` : `Completed updating config for ${entity.type.slice(0, -1)} ${entity.name}.\n`);
  return 0;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const action = exactlyOneAction(args, ['describe', 'alter']);
  const entity = entityFrom(args);
  if (entity.type === 'brokers' && entity.name !== undefined && entity.name !== '' && !/^\d+$/.test(entity.name)) {
    throw new UsageError(`The entity name for brokers must be a valid integer broker id, found: ${entity.name}`, '--entity-name');
  }
  return withClient(adminClient(args, 'configs-tool'), async (client) => {
    try {
      return action === 'describe' ? await describe(ctx, client, entity, args.flag('all')) : await alter(ctx, client, args, entity);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      ctx.stderr(`${describeError(e)}\n`);
      return 1;
    }
  });
}

/** `tributary configs`: Kafka's `kafka-configs.sh`. */
export const configs: Tool = { spec, run };
