import type { ParsedArgs } from '../args.js';
import { describeCluster, describeLogDirs } from '../kafka/admin.js';
import { describeError } from '../kafka/errors.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { adminClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG, bool, exactlyOneAction, parseIntValue, str } from './support/flags.js';

const spec: ToolSpec = {
  name: 'log-dirs',
  summary: 'Describe the log directories of brokers and the replicas they hold',
  kafkaName: 'kafka-log-dirs.sh',
  description: [
    'Prints, after two status lines, one JSON document with every log dir of every broker queried and the size ' +
      'and offset lag of each replica, with the keys in the order Kafka prints them: brokers (broker, logDirs ' +
      '(partitions (partition, size, offsetLag, isFuture), error, logDir)), then version.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    COMMAND_CONFIG_FLAG,
    bool('describe', 'Describe the specified log directories on the specified brokers.'),
    str('topic-list', 't1,t2', 'The topics to include (default: all).'),
    str('broker-list', '0,1,2', 'The brokers to query (default: every broker of the cluster).'),
  ],
};

/** Kafka's exception class name of a log-dir error code, as the JSON's "error" field shows it. */
function errorClass(code: number): string | null {
  if (code === 0) return null;
  return code === 57 ? 'org.apache.kafka.common.errors.KafkaStorageException' : 'org.apache.kafka.common.errors.UnknownServerException';
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  exactlyOneAction(args, ['describe']);
  const topics = new Set((args.string('topic-list') ?? '').split(',').filter((t) => t !== ''));
  const asked = (args.string('broker-list') ?? '').split(',').filter((b) => b !== '').map((b) => parseIntValue(b, '--broker-list'));
  return withClient(adminClient(args, 'log-dirs-tool'), async (client) => {
    try {
      const cluster = (await describeCluster(client)).brokers.map((b) => b.id);
      const missing = asked.filter((b) => !cluster.includes(b));
      if (missing.length > 0) {
        ctx.stderr(`ERROR: The given brokers do not exist from --broker-list: ${missing.join(',')}. Current existent brokers: ${cluster.join(',')}\n`);
        return 1;
      }
      const brokers = asked.length > 0 ? [...new Set(asked)].sort((a, b) => a - b) : cluster;
      ctx.stdout('Querying brokers for log directories information\n');
      const described = await Promise.all(brokers.map(async (b) => ({ b, dirs: await describeLogDirs(client, b) })));
      ctx.stdout(`Received log directory information from brokers ${brokers.join(',')}\n`);
      // Kafka builds these objects as HashMaps; their key order is what Java's HashMap iterates.
      const doc = {
        brokers: described.map(({ b, dirs }) => ({
          broker: b,
          logDirs: dirs.map((d) => ({
            partitions: d.replicas
              .filter((r) => topics.size === 0 || topics.has(r.topic))
              .map((r) => ({ partition: `${r.topic}-${r.partition}`, size: r.size, offsetLag: r.offsetLag, isFuture: r.isFuture })),
            error: errorClass(d.errorCode),
            logDir: d.logDir,
          })),
        })),
        version: 1,
      };
      ctx.stdout(`${JSON.stringify(doc)}\n`);
      return 0;
    } catch (e) {
      ctx.stderr(`${describeError(e)}\n`);
      return 1;
    }
  });
}

/** `tributary log-dirs`: Kafka's `kafka-log-dirs.sh`. */
export const logDirs: Tool = { spec, run };
