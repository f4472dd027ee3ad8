import { UsageError, type ParsedArgs } from '../args.js';
import { electLeaders, ElectionType } from '../kafka/admin.js';
import { describeError } from '../kafka/errors.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { clientSettings, loadProperties, openClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, bool, parseIntValue, required, str } from './support/flags.js';
import { jsonInt, jsonObjects, jsonString, readJsonFile } from './support/json-file.js';

const spec: ToolSpec = {
  name: 'leader-election',
  summary: 'Elect the preferred (or any, unclean) leader of partitions',
  kafkaName: 'kafka-leader-election.sh',
  description: [
    'Partitions come from one of --topic with --partition, --all-topic-partitions, or --path-to-json-file ' +
      '({"partitions":[{"topic":"foo","partition":1}]}). Prints "Successfully completed leader election (TYPE) for ' +
      'partitions ..." and "Valid replica already elected for partitions ..." as Kafka does; failures exit 1.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    str('admin.config', 'file', 'A properties file of admin client configs.'),
    str('election-type', 'type', 'REQUIRED: preferred or unclean.'),
    str('topic', 'topic', 'The topic whose partition to elect a leader for (with --partition).'),
    str('partition', 'partition', 'The partition to elect a leader for (with --topic).'),
    bool('all-topic-partitions', 'Elect leaders for every partition of every topic.'),
    str('path-to-json-file', 'file', 'A JSON file of the partitions to elect leaders for.'),
  ],
};

const ELECTION_NOT_NEEDED = 84;

function partitionsFrom(args: ParsedArgs): Array<{ topic: string; partition: number }> | null {
  const sources = [args.string('topic') !== undefined, args.flag('all-topic-partitions'), args.string('path-to-json-file') !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new UsageError('One and only one of the following options is required: --all-topic-partitions, --topic, --path-to-json-file', '--topic');
  if (args.flag('all-topic-partitions')) return null;
  if (args.string('topic') !== undefined) {
    const partition = args.string('partition');
    if (partition === undefined) throw new UsageError('Missing required option(s) [partition]', '--partition');
    return [{ topic: args.string('topic')!, partition: parseIntValue(partition, '--partition') }];
  }
  const path = args.string('path-to-json-file')!;
  return jsonObjects(readJsonFile(path, '--path-to-json-file'), 'partitions', path).map((p) => ({ topic: jsonString(p, 'topic', path), partition: jsonInt(p, 'partition', path) }));
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const typeName = required(args, 'election-type').toUpperCase();
  if (typeName !== 'PREFERRED' && typeName !== 'UNCLEAN') throw new UsageError(`Invalid election type: ${args.string('election-type')}`, '--election-type');
  if (args.string('partition') !== undefined && args.string('topic') === undefined) throw new UsageError('Missing required option(s) [topic]', '--topic');
  const partitions = partitionsFrom(args);
  const props = args.string('admin.config') !== undefined ? loadProperties(args.string('admin.config')!, '--admin.config') : new Map<string, string>();
  return withClient(openClient(clientSettings(args.string('bootstrap-server'), props, 'leader-election-tool')), async (client) => {
    let results;
    try {
      results = await electLeaders(client, typeName === 'PREFERRED' ? ElectionType.PREFERRED : ElectionType.UNCLEAN, partitions);
    } catch (e) {
      ctx.stdout(`Error while making request\n${describeError(e)}\n`);
      return 1;
    }
    const sorted = [...results].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const succeeded = sorted.filter(([, r]) => r.ok).map(([k]) => k);
    const noop = sorted.filter(([, r]) => !r.ok && r.error.errorCode === ELECTION_NOT_NEEDED).map(([k]) => k);
    const failed = sorted.filter(([, r]) => !r.ok && r.error.errorCode !== ELECTION_NOT_NEEDED);
    let out = '';
    if (succeeded.length > 0) out += `Successfully completed leader election (${typeName}) for partitions ${succeeded.join(', ')}\n`;
    if (noop.length > 0) out += `Valid replica already elected for partitions ${noop.join(', ')}\n`;
    for (const [k, r] of failed) out += `Error completing leader election (${typeName}) for partition: ${k}: ${r.ok ? '' : describeError(r.error)}\n`;
    ctx.stdout(out);
    if (failed.length > 0) {
      ctx.stderr(`Error: ${failed.length} replica(s) could not be elected\n`);
      return 1;
    }
    return 0;
  });
}

/** `tributary leader-election`: Kafka's `kafka-leader-election.sh`. */
export const leaderElection: Tool = { spec, run };
