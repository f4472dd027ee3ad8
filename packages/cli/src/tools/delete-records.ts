import { UsageError, type ParsedArgs } from '../args.js';
import { deleteRecords } from '../kafka/admin.js';
import { describeError } from '../kafka/errors.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { adminClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG, required, str } from './support/flags.js';
import { checkVersion, jsonInt, jsonObjects, jsonString, readJsonFile } from './support/json-file.js';

const spec: ToolSpec = {
  name: 'delete-records',
  summary: 'Delete records of partitions below given offsets',
  kafkaName: 'kafka-delete-records.sh',
  description: [
    'The JSON file lists partitions and the offset below which their records go: ' +
      '{"partitions":[{"topic":"foo","partition":1,"offset":1}],"version":1}; offset -1 means the high watermark. ' +
      'Each partition then reports its new low watermark (log start offset).',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    str('offset-json-file', 'file', 'REQUIRED: The JSON file with the offset per partition.'),
    COMMAND_CONFIG_FLAG,
  ],
};

function readPlan(path: string): Array<{ topic: string; partition: number; offset: number }> {
  const json = readJsonFile(path, '--offset-json-file');
  checkVersion(json, path);
  const plan = jsonObjects(json, 'partitions', path).map((p) => ({ topic: jsonString(p, 'topic', path), partition: jsonInt(p, 'partition', path), offset: jsonInt(p, 'offset', path) }));
  const seen = new Set<string>();
  const dups = plan.map((p) => `${p.topic}-${p.partition}`).filter((k) => (seen.has(k) ? true : (seen.add(k), false)));
  if (dups.length > 0) throw new UsageError(`Offset json file contains duplicate topic partitions: ${[...new Set(dups)].join(',')}`, '--offset-json-file');
  return plan;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const plan = readPlan(required(args, 'offset-json-file'));
  return withClient(adminClient(args, 'delete-records-tool'), async (client) => {
    ctx.stdout('Executing records delete operation\n');
    let results;
    try {
      results = await deleteRecords(client, plan);
    } catch (e) {
      ctx.stderr(`Error: ${describeError(e)}\n`);
      return 1;
    }
    let out = 'Records delete operation completed:\n';
    let failed = false;
    for (const p of plan) {
      const key = `${p.topic}-${p.partition}`;
      const r = results.get(key);
      if (r?.ok) out += `partition: ${key}\tlow_watermark: ${r.value}\n`;
      else {
        failed = true;
        out += `partition: ${key}\terror: ${r ? describeError(r.error) : 'no result'}\n`;
      }
    }
    ctx.stdout(out);
    return failed ? 1 : 0;
  });
}

/** `tributary delete-records`: Kafka's `kafka-delete-records.sh`. */
export const deleteRecordsTool: Tool = { spec, run };
