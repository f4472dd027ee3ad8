import type { ParsedArgs } from '../args.js';
import { Consumer } from '../kafka/consumer.js';
import { describeError } from '../kafka/errors.js';
import type { ConsumedRecord } from '../kafka/fetcher.js';
import type { TopicPartition } from '../kafka/group-member.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { clientSettings, loadProperties, openClient, withClient } from './support/client-options.js';
import { consumerSettings, groupSettings } from './support/consumer-config.js';
import { BOOTSTRAP_FLAG, bool, intFlag, required, str } from './support/flags.js';
import { listenForStop } from './support/stop.js';
import { event } from './verifiable-producer.js';

const spec: ToolSpec = {
  name: 'verifiable-consumer',
  summary: 'Consume as a group member and print a JSON event for every assignment, batch and commit',
  kafkaName: 'kafka-verifiable-consumer.sh',
  description: [
    'Prints one JSON object per line: startup_complete, partitions_revoked / partitions_assigned on rebalances, ' +
      'records_consumed for each batch (count, and per partition count, minOffset, maxOffset), record_data per ' +
      'record with --verbose, offsets_committed after each commit (every batch unless --enable-autocommit), and ' +
      'shutdown_complete. Stops after --max-messages or on Ctrl-C.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    str('topic', 'topic', 'REQUIRED: Consume messages from this topic.'),
    str('group-id', 'group', 'REQUIRED: The consumer group id.'),
    str('group-instance-id', 'id', 'Accepted for compatibility (static membership is not used).'),
    str('max-messages', 'n', 'Consume this many messages (-1, the default: until stopped).'),
    str('session-timeout', 'ms', 'The group session timeout (default 30000).'),
    bool('verbose', 'Print a record_data event for every record.'),
    bool('enable-autocommit', 'Commit offsets every auto.commit.interval.ms instead of after every batch.'),
    str('reset-policy', 'policy', 'Where to start without a committed offset: earliest (default), latest or none.'),
    str('assignment-strategy', 'class', 'Accepted for compatibility; the range assignor is used.'),
    str('consumer.config', 'file', 'A properties file of consumer configs.'),
    str('command-config', 'file', 'A properties file of consumer configs (Kafka 4 name).'),
  ],
};

const tpList = (parts: readonly TopicPartition[]) => parts.map((p) => ({ topic: p.topic, partition: p.partition }));

function summary(records: readonly ConsumedRecord[]): Array<{ topic: string; partition: number; count: number; minOffset: number; maxOffset: number }> {
  const byTp = new Map<string, { topic: string; partition: number; count: number; minOffset: number; maxOffset: number }>();
  for (const r of records) {
    const key = `${r.topic}-${r.partition}`;
    const s = byTp.get(key) ?? { topic: r.topic, partition: r.partition, count: 0, minOffset: r.offset, maxOffset: r.offset };
    s.count++;
    s.minOffset = Math.min(s.minOffset, r.offset);
    s.maxOffset = Math.max(s.maxOffset, r.offset);
    byTp.set(key, s);
  }
  return [...byTp.values()];
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const topic = required(args, 'topic');
  const groupId = required(args, 'group-id');
  const maxMessages = intFlag(args, 'max-messages', -1);
  const props = new Map<string, string>();
  for (const flag of ['consumer.config', 'command-config']) {
    const file = args.string(flag);
    if (file !== undefined) for (const [k, v] of loadProperties(file, `--${flag}`)) props.set(k, v);
  }
  props.set('auto.offset.reset', args.string('reset-policy') ?? 'earliest');
  props.set('session.timeout.ms', String(intFlag(args, 'session-timeout', 30_000)));
  const autoCommit = args.flag('enable-autocommit');
  const commitEveryMs = Number(props.get('auto.commit.interval.ms') ?? 5000);
  return withClient(openClient(clientSettings(args.string('bootstrap-server'), props, 'verifiable-consumer')), async (client) => {
    const consumer = Consumer.subscribe(client, [topic], groupSettings(props, groupId), consumerSettings(props), {
      onRevoked: (parts) => {
        if (parts.length > 0) ctx.stdout(event('partitions_revoked', { partitions: tpList(parts) }));
      },
      onAssigned: (parts) => ctx.stdout(event('partitions_assigned', { partitions: tpList(parts) })),
    });
    const stop = listenForStop(ctx);
    let consumed = 0;
    let lastCommit = Date.now();
    const commit = async (): Promise<void> => {
      try {
        const offsets = await consumer.commit();
        if (offsets.length > 0) ctx.stdout(event('offsets_committed', { offsets, success: true }));
      } catch (e) {
        ctx.stdout(event('offsets_committed', { offsets: consumer.positions(), success: false, error: describeError(e) }));
      }
    };
    ctx.stdout(event('startup_complete'));
    try {
      while (!stop.requested() && (maxMessages < 0 || consumed < maxMessages)) {
        const records = (await stop.race(consumer.poll())) ?? [];
        if (records.length === 0) continue;
        consumed += records.length;
        ctx.stdout(event('records_consumed', { count: records.length, partitions: summary(records) }));
        if (args.flag('verbose')) {
          for (const r of records) ctx.stdout(event('record_data', { key: r.key?.toString('utf8') ?? null, value: r.value?.toString('utf8') ?? null, topic: r.topic, partition: r.partition, offset: r.offset }));
        }
        if (!autoCommit || Date.now() - lastCommit >= commitEveryMs) {
          await commit();
          lastCommit = Date.now();
        }
      }
      if (autoCommit) await commit();
    } finally {
      stop.dispose();
      await consumer.close();
    }
    ctx.stdout(event('shutdown_complete'));
    return 0;
  });
}

/** `tributary verifiable-consumer`: Kafka's `kafka-verifiable-consumer.sh`. */
export const verifiableConsumer: Tool = { spec, run };
