import { kafkaErrorByCode } from '@tributary/protocol';
import { UsageError, type ParsedArgs } from '../args.js';
import { deleteGroupOffsets, deleteGroups, listGroups } from '../kafka/admin-groups.js';
import type { KafkaClient } from '../kafka/client.js';
import { describeError } from '../kafka/errors.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { printMembers, printOffsets, printStateView } from './consumer-groups-describe.js';
import { resetOffsets, SCENARIOS } from './consumer-groups-reset.js';
import { clientSettings, loadProperties, openClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG, bool, exactlyOneAction, intFlag, parseIntValue, str } from './support/flags.js';
import { padRight } from './support/format.js';

const ACTIONS = ['list', 'describe', 'delete', 'reset-offsets', 'delete-offsets'] as const;
const STATES = ['PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead', 'Empty'];

const spec: ToolSpec = {
  name: 'consumer-groups',
  summary: 'List, describe, delete consumer groups and reset their offsets',
  kafkaName: 'kafka-consumer-groups.sh',
  description: [
    'Exactly one action: --list, --describe, --delete, --reset-offsets or --delete-offsets. --describe shows ' +
      'GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID, where CURRENT-OFFSET is ' +
      "the group's committed offset and LAG = LOG-END-OFFSET - CURRENT-OFFSET; --members and --state show the " +
      'members and the group state instead.',
    '--reset-offsets plans new offsets with one scenario (--to-earliest, --to-latest, --to-offset, --shift-by, ' +
      '--to-datetime, --by-duration, --to-current, --from-file) for --all-topics or --topic t[:p,q]; it prints the plan ' +
      '(--dry-run, the default) or commits it (--execute). Like Kafka, it refuses a group that has active members; ' +
      'unlike Kafka, that refusal exits with status 1.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    COMMAND_CONFIG_FLAG,
    bool('list', 'List all consumer groups.'),
    bool('describe', 'Describe consumer group(s) and list the offset lag of their partitions.'),
    bool('delete', 'Delete consumer group(s) (only groups without active members).'),
    bool('reset-offsets', 'Reset the offsets of consumer group(s).'),
    bool('delete-offsets', 'Delete the offsets of a consumer group for the given topics or partitions.'),
    str('group', 'group', 'The consumer group to act on.', true),
    bool('all-groups', 'Apply to all consumer groups.'),
    str('topic', 'topic[:p,q]', 'The topic (optionally with partitions) whose offsets to reset or delete.', true),
    bool('all-topics', 'Reset offsets of every topic the group has offsets for.'),
    str('to-offset', 'offset', 'Reset to this offset.'),
    bool('to-earliest', 'Reset to the earliest offset.'),
    bool('to-latest', 'Reset to the latest offset.'),
    bool('to-current', 'Reset to the current committed offset.'),
    str('shift-by', 'n', 'Shift the committed offset by n (may be negative).'),
    str('to-datetime', 'datetime', "Reset to the offset of this time: 'YYYY-MM-DDTHH:mm:SS.sss' (local, or with Z or +hh:mm)."),
    str('by-duration', 'duration', "Reset to the offset of this long ago: 'PnDTnHnMnS'."),
    str('from-file', 'file', 'Reset to the offsets of a CSV file (topic,partition,offset).'),
    bool('dry-run', 'Only show what would be reset (the default).'),
    bool('execute', 'Commit the new offsets.'),
    bool('export', 'With --reset-offsets, print the plan as CSV (for --from-file).'),
    bool('members', 'With --describe, show the members of the group.'),
    bool('offsets', 'With --describe, show the offsets of the group (the default view).'),
    { ...str('state', 'states', 'With --describe, show the group state; with --list, a filter (Stable,Empty,...) or all states.'), bareValue: '' },
    bool('verbose', 'With --describe, more detail (leader epochs, assignments).'),
    str('timeout', 'ms', 'How long an admin request may take (default 5000).'),
  ],
};

function checkArgs(args: ParsedArgs, action: string): void {
  if (action !== 'list' && args.strings('group').length === 0 && !args.flag('all-groups')) {
    throw new UsageError(`Option [${action}] takes one of these options: [all-groups], [group]`, '--group');
  }
  if (action === 'reset-offsets') {
    const scenarios = SCENARIOS.filter((s) => (s === 'to-earliest' || s === 'to-latest' || s === 'to-current' ? args.flag(s) : args.string(s) !== undefined));
    if (scenarios.length !== 1) {
      throw new UsageError(`Option [reset-offsets] takes exactly one of these options: ${SCENARIOS.map((s) => `[${s}]`).join(', ')}`, '--reset-offsets');
    }
    if (!args.flag('all-topics') && args.strings('topic').length === 0 && scenarios[0] !== 'from-file') {
      throw new UsageError('One of the reset scopes should be defined: --all-topics, --topic.', '--topic');
    }
    if (args.flag('dry-run') && args.flag('execute')) throw new UsageError('Option [reset-offsets] only accepts one of [execute], [dry-run]', '--execute');
  }
  if (action === 'delete-offsets') {
    if (args.strings('group').length !== 1) throw new UsageError('Option [delete-offsets] takes exactly one group: [group]', '--group');
    if (args.strings('topic').length === 0) throw new UsageError('Option [delete-offsets] takes the following options: [topic]', '--topic');
  }
}

/** The groups an action applies to: --all-groups, or each --group. */
async function targetGroups(client: KafkaClient, args: ParsedArgs): Promise<string[]> {
  if (!args.flag('all-groups')) return [...args.strings('group')];
  return (await listGroups(client)).filter((g) => g.protocolType === 'consumer' || g.protocolType === '').map((g) => g.groupId);
}

async function list(ctx: ToolContext, client: KafkaClient, args: ParsedArgs): Promise<void> {
  const stateArg = args.string('state');
  const filter = stateArg === undefined || stateArg === '' ? [] : stateArg.split(',').map((s) => s.trim());
  const bad = filter.find((s) => !STATES.some((x) => x.toLowerCase() === s.toLowerCase()));
  if (bad !== undefined) throw new UsageError(`Invalid state list '${stateArg}'. Valid states are: ${STATES.join(', ')}`, '--state');
  const groups = (await listGroups(client)).filter((g) => g.protocolType === 'consumer' || g.protocolType === '');
  if (stateArg === undefined) {
    ctx.stdout(groups.map((g) => `${g.groupId}\n`).join(''));
    return;
  }
  const wanted = groups.filter((g) => filter.length === 0 || filter.some((s) => s.toLowerCase() === g.state.toLowerCase()));
  const width = Math.max(15, ...wanted.map((g) => g.groupId.length)) + 10;
  ctx.stdout([`${padRight('GROUP', width)} STATE`, ...wanted.map((g) => `${padRight(g.groupId, width)} ${g.state === '' ? 'Unknown' : g.state}`)].map((l) => `${l}\n`).join(''));
}

/** Kafka's messages (`Errors`) for the group-level errors these commands print. */
const GROUP_ERROR_TEXT: ReadonlyMap<number, string> = new Map([
  [24, 'The configured groupId is invalid.'],
  [30, 'Group authorization failed.'],
  [68, 'The group is not empty.'],
  [69, 'The group id does not exist.'],
]);

function errorText(code: number): string {
  return GROUP_ERROR_TEXT.get(code) ?? kafkaErrorByCode(code).message;
}

/** Kafka's exception text for a group-level error code (class name, then Kafka's message). */
function exceptionText(code: number): string {
  const name = kafkaErrorByCode(code).name.toLowerCase().replace(/(^|_)([a-z])/g, (_m, _u, c: string) => c.toUpperCase());
  return `org.apache.kafka.common.errors.${name}Exception: ${errorText(code)}`;
}

async function remove(ctx: ToolContext, client: KafkaClient, groups: readonly string[]): Promise<number> {
  const results = await deleteGroups(client, groups);
  const ok = [...results].filter(([, r]) => r.ok).map(([g]) => `'${g}'`);
  const failed = [...results].filter(([, r]) => !r.ok);
  if (failed.length === 0) {
    ctx.stdout(`Deletion of requested consumer groups (${ok.join(', ')}) was successful.\n`);
    return 0;
  }
  let out = '\nError: Deletion of some consumer groups failed:\n';
  for (const [g, r] of failed) out += `* Group '${g}' could not be deleted due to: ${exceptionText(r.ok ? 0 : r.error.errorCode)}\n`;
  if (ok.length > 0) out += `\nThese consumer groups were deleted successfully: ${ok.join(', ')}\n`;
  ctx.stdout(out);
  return 1;
}

async function removeOffsets(ctx: ToolContext, client: KafkaClient, args: ParsedArgs): Promise<number> {
  const groupId = args.strings('group')[0]!;
  const md = await client.refresh();
  const parts = args.strings('topic').flatMap((arg) => {
    if (!arg.includes(':')) return (md.topics.get(arg)?.partitions ?? []).map((p) => ({ topic: arg, partition: p.partition }));
    const [topic, list] = arg.split(':');
    return (list ?? '').split(',').map((p) => ({ topic: topic!, partition: parseIntValue(p, `partition in topic arg '${arg}'`) }));
  });
  const result = await deleteGroupOffsets(client, groupId, parts);
  const code = result.errorCode;
  if (code === 0) ctx.stdout(`Request succeeded for deleting offsets from group ${groupId}.\n`);
  else if ([24, 69, 30, 68].includes(code)) ctx.stdout(`\nError: ${errorText(code)}\n`);
  else if ([86, 29, 3].includes(code)) ctx.stdout('\nError: Encountered some partition-level error, see the follow-up details.\n');
  else ctx.stdout(`\nError: Encountered some unknown error: ${kafkaErrorByCode(code).name}\n`);
  const rows = [...result.partitions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(15, ...parts.map((p) => p.topic.length));
  let out = `\n${padRight('TOPIC', width)} ${padRight('PARTITION', 10)} ${padRight('STATUS', 15)}`;
  for (const [key, r] of rows) {
    const i = key.lastIndexOf('-');
    out += `\n${padRight(key.slice(0, i), width)} ${padRight(key.slice(i + 1), 10)} ${padRight(r.ok ? 'Successful' : `Error: ${describeError(r.error)}`, 15)}`;
  }
  ctx.stdout(`${out}\n`);
  return code === 0 && rows.every(([, r]) => r.ok) ? 0 : 1;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const action = exactlyOneAction(args, ACTIONS);
  checkArgs(args, action);
  const props = args.string('command-config') !== undefined ? loadProperties(args.string('command-config')!, '--command-config') : new Map<string, string>();
  const timeout = intFlag(args, 'timeout', 5000);
  const settings = { ...clientSettings(args.string('bootstrap-server'), props, 'consumer-groups-tool'), apiTimeoutMs: timeout };
  return withClient(openClient(settings), async (client) => {
    try {
      if (action === 'list') {
        await list(ctx, client, args);
        return 0;
      }
      const groups = await targetGroups(client, args);
      if (action === 'delete') return await remove(ctx, client, groups);
      if (action === 'delete-offsets') return await removeOffsets(ctx, client, args);
      if (action === 'reset-offsets') return await resetOffsets(ctx, client, args, groups);
      for (const g of [...groups].sort()) {
        if (args.flag('members')) await printMembers(ctx, client, g, args.flag('verbose'));
        else if (args.string('state') !== undefined && !args.flag('offsets')) await printStateView(ctx, client, g);
        else await printOffsets(ctx, client, g, args.flag('verbose'));
      }
      return 0;
    } catch (e) {
      if (e instanceof UsageError) throw e;
      ctx.stdout(`\nError: Executing consumer group command failed due to ${describeError(e)}\n`);
      return 1;
    }
  });
}

/** `tributary consumer-groups`: Kafka's `kafka-consumer-groups.sh`. */
export const consumerGroups: Tool = { spec, run };
