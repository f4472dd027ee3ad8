import { UsageError, type ParsedArgs } from '../args.js';
import { listOffsets, OffsetSpec } from '../kafka/admin.js';
import { describeError } from '../kafka/errors.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { adminClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG, bool, parseIntValue, str } from './support/flags.js';
import { IncludeList } from './support/format.js';

const spec: ToolSpec = {
  name: 'get-offsets',
  summary: 'Print the offsets of topic partitions at a time (latest, earliest, a timestamp)',
  kafkaName: 'kafka-get-offsets.sh',
  description: [
    'Prints one topic:partition:offset line per partition, sorted. --time is latest (-1, the default), earliest (-2), ' +
      'max-timestamp (-3), or a timestamp in ms: the earliest offset whose timestamp is at or after it (partitions ' +
      'without one are left out).',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    str('broker-list', 'host:port', 'Deprecated alias of --bootstrap-server.'),
    COMMAND_CONFIG_FLAG,
    str('topic', 'regex', 'The topic(s) to get offsets for, a regular expression (default: all topics).'),
    str('partitions', 'p1,p2', 'Comma-separated partition ids (default: all partitions).'),
    str('topic-partitions', 'patterns', "Topic-partition patterns 'topic:p', 'topic:a-b', 'topic:a-', 'topic:-b' (not with --topic/--partitions)."),
    str('time', 'time', 'latest or -1 (default), earliest or -2, max-timestamp or -3, or a timestamp in ms.'),
    bool('exclude-internal-topics', 'Leave out internal topics.'),
  ],
};

const NAMED: Readonly<Record<string, bigint>> = { latest: OffsetSpec.LATEST, earliest: OffsetSpec.EARLIEST, 'max-timestamp': OffsetSpec.MAX_TIMESTAMP };

function timeSpec(text: string): bigint {
  const named = NAMED[text];
  if (named !== undefined) return named;
  if (!/^-?\d+$/.test(text)) {
    throw new UsageError(`Malformed time argument ${text}. Please use -1 or latest / -2 or earliest / -3 or max-timestamp, or a specified long format timestamp`, '--time');
  }
  return BigInt(text);
}

type Filter = (topic: string, partition: number) => boolean;

/** Kafka's partition patterns: `N`, `N-M` (upper exclusive), `N-`, `-M`, or empty for all. */
function partitionPattern(p: string | undefined): (partition: number) => boolean {
  if (p === undefined || p === '') return () => true;
  const m = /^(\d+)?(-)?(\d+)?$/.exec(p);
  if (!m || (m[1] === undefined && m[3] === undefined)) throw new UsageError(`Invalid rule specification: ${p}`, '--topic-partitions');
  if (m[2] === undefined) return (x) => x === Number(m[1]);
  const lo = m[1] === undefined ? 0 : Number(m[1]);
  const hi = m[3] === undefined ? Number.MAX_SAFE_INTEGER : Number(m[3]);
  return (x) => x >= lo && x < hi;
}

function filterFrom(args: ParsedArgs): Filter {
  const tp = args.string('topic-partitions');
  if (tp !== undefined) {
    if (args.string('topic') !== undefined || args.string('partitions') !== undefined) {
      throw new UsageError('--topic-partitions cannot be used with --topic or --partitions', '--topic-partitions');
    }
    const rules = tp.split(',').map((rule) => {
      const i = rule.lastIndexOf(':');
      const topic = i < 0 ? rule : rule.slice(0, i);
      const include = new IncludeList(topic === '' ? '.*' : topic);
      const part = partitionPattern(i < 0 ? undefined : rule.slice(i + 1));
      return (t: string, p: number) => include.allows(t, false) && part(p);
    });
    return (t, p) => rules.some((r) => r(t, p));
  }
  const include = new IncludeList(args.string('topic') ?? '.*');
  const parts = args.string('partitions');
  const set = parts === undefined || parts === '' ? null : new Set(parts.split(',').map((x) => parseIntValue(x, '--partitions')));
  return (t, p) => include.allows(t, false) && (set === null || set.has(p));
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const time = timeSpec(args.string('time') ?? 'latest');
  const filter = filterFrom(args);
  return withClient(adminClient(args, 'GetOffsetShell'), async (client) => {
    try {
      const md = await client.refresh();
      const exclude = args.flag('exclude-internal-topics');
      const parts = [...md.topics.values()]
        .filter((t) => t.errorCode === 0 && !(exclude && t.isInternal))
        .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })))
        .filter((p) => filter(p.topic, p.partition));
      if (parts.length === 0) {
        ctx.stderr('Error occurred: Could not match any topic-partitions with the specified filters\n');
        return 1;
      }
      const found = await listOffsets(client, parts.map((p) => ({ ...p, timestamp: time })));
      // Kafka sorts by TopicPartition.toString(): "topic-partition" as a string.
      const keys = parts.map((p) => ({ ...p, key: `${p.topic}-${p.partition}` })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      let out = '';
      for (const p of keys) {
        const r = found.get(p.key);
        if (!r) continue;
        if (!r.ok) ctx.stderr(`Skip getting offsets for topic-partition ${p.key} due to error: ${describeError(r.error)}\n`);
        else if (r.value.offset >= 0) out += `${p.topic}:${p.partition}:${r.value.offset}\n`;
      }
      ctx.stdout(out);
      return 0;
    } catch (e) {
      ctx.stderr(`Error occurred: ${describeError(e)}\n`);
      return 1;
    }
  });
}

/** `tributary get-offsets`: Kafka's `kafka-get-offsets.sh` (GetOffsetShell). */
export const getOffsets: Tool = { spec, run };
