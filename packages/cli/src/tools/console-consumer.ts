import { UsageError, type ParsedArgs } from '../args.js';
import type { KafkaClient } from '../kafka/client.js';
import { Consumer, type StartOffset } from '../kafka/consumer.js';
import { describeError } from '../kafka/errors.js';
import type { ConsumedRecord } from '../kafka/fetcher.js';
import { logTimestamp } from '../server-log.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { clientSettings, loadProperties, openClient, parsePairs, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, bool, intFlag, parseIntValue, str } from './support/flags.js';
import { IncludeList } from './support/format.js';
import { formatterFor } from './support/message-formatter.js';
import { consumerSettings, groupSettings } from './support/consumer-config.js';
import { listenForStop } from './support/stop.js';

const spec: ToolSpec = {
  name: 'console-consumer',
  summary: 'Read records from topics and print them to standard output',
  kafkaName: 'kafka-console-consumer.sh',
  description: [
    'With --topic (or --include <regex>) the consumer joins a group: --group, or a random console-consumer-NNNNN ' +
      'group that commits nothing. It starts at the group\'s committed offsets, else at the end (--from-beginning: ' +
      'the start). --partition reads one partition without a group, from --offset earliest|latest|N (default latest).',
    'Records print through the formatter (DefaultMessageFormatter) with --property print.key, print.value, ' +
      'print.timestamp, print.partition, print.offset, print.headers, key.separator, line.separator, null.literal. ' +
      'On Ctrl-C, --max-messages or --timeout-ms it stops, commits what it printed (with --group), and reports ' +
      '"Processed a total of N messages" on stderr.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    str('topic', 'topic', 'The topic to consume.'),
    str('include', 'regex', 'A regular expression of topics to consume (instead of --topic).'),
    str('whitelist', 'regex', 'Deprecated alias of --include.'),
    str('group', 'group', 'The consumer group id.'),
    str('partition', 'partition', 'Read only this partition (no group), from --offset.'),
    str('offset', 'offset', 'With --partition: earliest, latest, or an offset (default latest).'),
    bool('from-beginning', 'Start with the earliest message when the group has no committed offset.'),
    str('max-messages', 'n', 'Exit after consuming this many messages.'),
    str('timeout-ms', 'ms', 'Exit if no message arrives for this long.'),
    str('isolation-level', 'level', 'read_committed or read_uncommitted (default).'),
    str('formatter', 'class', 'DefaultMessageFormatter (default), LoggingMessageFormatter or NoOpMessageFormatter.'),
    str('formatter-config', 'file', 'A properties file of formatter properties.'),
    str('property', 'key=value', 'A formatter property: print.key=true, key.separator=:, print.timestamp=true, ...', true),
    str('key-deserializer', 'class', 'Deserializer of keys (StringDeserializer, IntegerDeserializer, LongDeserializer, ...).'),
    str('value-deserializer', 'class', 'Deserializer of values.'),
    bool('skip-message-on-error', 'If a message cannot be printed, skip it instead of stopping.'),
    str('consumer-property', 'key=value', 'A consumer config (auto.offset.reset, fetch.max.wait.ms, client.id, ...).', true),
    str('consumer.config', 'file', 'A properties file of consumer configs.'),
    str('command-config', 'file', 'Same as --consumer.config (Kafka 4 name).'),
    bool('enable-systest-events', 'Log lifecycle events (startup_complete, shutdown_complete) to stdout.'),
  ],
};

function checkArgs(args: ParsedArgs): void {
  const include = args.string('include') ?? args.string('whitelist');
  if ((args.string('topic') === undefined) === (include === undefined)) throw new UsageError('Exactly one of --include/--topic is required.', '--topic');
  if (args.string('partition') !== undefined && args.string('topic') === undefined) throw new UsageError('The topic is required when partition is specified.', '--partition');
  if (args.string('offset') !== undefined && args.string('partition') === undefined) throw new UsageError('The partition is required when offset is specified.', '--offset');
  if (args.string('offset') !== undefined && args.flag('from-beginning')) throw new UsageError("Options from-beginning and offset can't be used together", '--offset');
  if (args.string('partition') !== undefined && args.string('group') !== undefined) throw new UsageError('Options group and partition cannot be specified together.', '--group');
}

function consumerProps(args: ParsedArgs): Map<string, string> {
  const props = new Map<string, string>();
  for (const flag of ['consumer.config', 'command-config']) {
    const file = args.string(flag);
    if (file !== undefined) for (const [k, v] of loadProperties(file, `--${flag}`)) props.set(k, v);
  }
  for (const [k, v] of parsePairs(args.strings('consumer-property'), '--consumer-property')) props.set(k, v);
  if (args.string('group') !== undefined) props.set('group.id', args.string('group')!);
  if (args.string('isolation-level') !== undefined) props.set('isolation.level', args.string('isolation-level')!);
  if (args.flag('from-beginning')) props.set('auto.offset.reset', 'earliest');
  return props;
}

function formatterProps(args: ParsedArgs): Map<string, string> {
  const props = new Map<string, string>();
  const file = args.string('formatter-config');
  if (file !== undefined) for (const [k, v] of loadProperties(file, '--formatter-config')) props.set(k, v);
  for (const [k, v] of parsePairs(args.strings('property'), '--property')) props.set(k, v);
  if (args.string('key-deserializer') !== undefined) props.set('key.deserializer', args.string('key-deserializer')!);
  if (args.string('value-deserializer') !== undefined) props.set('value.deserializer', args.string('value-deserializer')!);
  return props;
}

function startOffset(args: ParsedArgs): StartOffset {
  const o = args.string('offset') ?? 'latest';
  if (o === 'earliest' || o === 'latest') return o;
  const n = parseIntValue(o, '--offset');
  if (n < 0) throw new UsageError(`The offset must be earliest, latest or a non-negative number, got ${o}`, '--offset');
  return n;
}

async function openConsumer(client: KafkaClient, args: ParsedArgs, props: ReadonlyMap<string, string>): Promise<Consumer> {
  const fetch = consumerSettings(props);
  const partition = args.string('partition');
  if (partition !== undefined) {
    return Consumer.assign(client, [{ topic: args.string('topic')!, partition: parseIntValue(partition, '--partition'), start: startOffset(args) }], fetch);
  }
  const include = args.string('include') ?? args.string('whitelist');
  const topics = include === undefined ? [args.string('topic')!] : [...(await client.refresh()).topics.keys()].filter((t) => new IncludeList(include).allows(t, true));
  const groupId = props.get('group.id') ?? `console-consumer-${Math.floor(Math.random() * 100000)}`;
  return Consumer.subscribe(client, topics, groupSettings(props, groupId), fetch);
}

function timeoutLine(): string {
  return (
    `[${logTimestamp(new Date())}] ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)\n` +
    'org.apache.kafka.common.errors.TimeoutException\n'
  );
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  checkArgs(args);
  const props = consumerProps(args);
  const format = formatterFor(args.string('formatter'), formatterProps(args));
  const maxMessages = intFlag(args, 'max-messages', -1);
  const timeoutMs = intFlag(args, 'timeout-ms', -1);
  const autoCommit = args.string('group') !== undefined && (props.get('enable.auto.commit') ?? 'true') === 'true';
  const commitEveryMs = Number(props.get('auto.commit.interval.ms') ?? 5000);
  const client = openClient(clientSettings(args.string('bootstrap-server'), props, 'console-consumer'));
  return withClient(client, async () => {
    let count = 0;
    const stop = listenForStop(ctx);
    const consumer = await openConsumer(client, args, props);
    const consumed = new Map<string, { topic: string; partition: number; offset: number }>();
    const commit = async (): Promise<void> => {
      if (autoCommit && consumed.size > 0) await consumer.commit([...consumed.values()]).catch(() => undefined);
    };
    let code = 0;
    try {
      if (args.flag('enable-systest-events')) ctx.stdout('startup_complete\n');
      let lastRecordAt = Date.now();
      let lastCommitAt = Date.now();
      while (!stop.requested() && (maxMessages < 0 || count < maxMessages)) {
        for (const p of consumer.positions()) if (!consumed.has(`${p.topic}-${p.partition}`)) consumed.set(`${p.topic}-${p.partition}`, p);
        const records: ConsumedRecord[] = (await stop.race(consumer.poll())) ?? [];
        if (records.length > 0) lastRecordAt = Date.now();
        // Like Kafka's consumer, commit a position for every assigned partition: where its printing stopped,
        // or where the fetcher stands for partitions that returned nothing this round.
        const returned = new Set(records.map((r) => `${r.topic}-${r.partition}`));
        for (const p of consumer.positions()) {
          const key = `${p.topic}-${p.partition}`;
          if (!returned.has(key)) consumed.set(key, p);
        }
        let out = '';
        for (const r of records) {
          if (stop.requested() || (maxMessages >= 0 && count >= maxMessages)) {
            // Not printed: commit this partition from here (Kafka's resetUnconsumedOffsets).
            if (!consumed.has(`${r.topic}-${r.partition}`)) consumed.set(`${r.topic}-${r.partition}`, { topic: r.topic, partition: r.partition, offset: r.offset });
            continue;
          }
          count++;
          consumed.set(`${r.topic}-${r.partition}`, { topic: r.topic, partition: r.partition, offset: r.offset + 1 });
          try {
            out += format(r);
          } catch (e) {
            if (!args.flag('skip-message-on-error')) throw e;
            ctx.stderr(`[${logTimestamp(new Date())}] ERROR Error processing message, skipping this message:  (org.apache.kafka.tools.consumer.ConsoleConsumer)\n${describeError(e)}\n`);
          }
        }
        if (out !== '') ctx.stdout(out);
        if (Date.now() - lastCommitAt >= commitEveryMs) {
          await commit();
          lastCommitAt = Date.now();
        }
        if (timeoutMs >= 0 && records.length === 0 && Date.now() - lastRecordAt > timeoutMs) {
          ctx.stderr(timeoutLine());
          break;
        }
      }
    } catch (e) {
      ctx.stderr(`[${logTimestamp(new Date())}] ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)\n${describeError(e)}\n`);
      code = 1;
    } finally {
      stop.dispose();
      await commit();
      await consumer.close();
      ctx.stderr(`Processed a total of ${count} messages\n`);
      if (args.flag('enable-systest-events')) ctx.stdout('shutdown_complete\n');
    }
    return code;
  });
}

/** `tributary console-consumer`: Kafka's `kafka-console-consumer.sh`. */
export const consoleConsumer: Tool = { spec, run };
