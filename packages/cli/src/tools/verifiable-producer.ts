import type { ParsedArgs } from '../args.js';
import { describeError } from '../kafka/errors.js';
import { Producer } from '../kafka/producer.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { clientSettings, loadProperties, openClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, intFlag, required, str } from './support/flags.js';
import { acksValue, producerSettings } from './support/producer-config.js';
import { progressBar } from './support/progress.js';

const spec: ToolSpec = {
  name: 'verifiable-producer',
  summary: 'Produce increasing integers and print a JSON event for every acknowledged or failed send',
  kafkaName: 'kafka-verifiable-producer.sh',
  description: [
    'Prints one JSON object per line, as Kafka\'s system tests read them: startup_complete, producer_send_success ' +
      '(key, value, offset, topic, partition) or producer_send_error for each message, then shutdown_complete and ' +
      'tool_data (sent, acked, target_throughput, avg_throughput). Values are 0, 1, 2, ... (prefixed with ' +
      '--value-prefix and a dot); keys are null unless --repeating-keys. Stops after --max-messages or on Ctrl-C.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    str('topic', 'topic', 'REQUIRED: Produce messages to this topic.'),
    str('max-messages', 'n', 'Produce this many messages (-1, the default: until stopped).'),
    str('throughput', 'msgs/s', 'Throttle to about this many messages per second (-1, the default: no throttle).'),
    str('acks', 'acks', 'Acks required on each produced message: -1 (default), 0 or 1.'),
    str('producer.config', 'file', 'A properties file of producer configs.'),
    str('command-config', 'file', 'A properties file of producer configs (Kafka 4 name).'),
    str('message-create-time', 'ms', 'Send messages with creation times starting here, in ms since epoch.'),
    str('value-prefix', 'n', 'Prefix every value with this integer and a dot.'),
    str('repeating-keys', 'n', 'Give records keys 0, 1, ... n-1, then 0 again.'),
  ],
};

/** One JSON event line, its keys in the order Kafka's verifiable tools write them. */
export function event(name: string, fields: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ timestamp: Date.now(), name, ...fields })}\n`;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const topic = required(args, 'topic');
  const maxMessages = intFlag(args, 'max-messages', -1);
  const throughput = intFlag(args, 'throughput', -1);
  const valuePrefix = intFlag(args, 'value-prefix');
  const repeatingKeys = intFlag(args, 'repeating-keys');
  let createTime = intFlag(args, 'message-create-time', -1);
  const props = new Map<string, string>();
  for (const flag of ['producer.config', 'command-config']) {
    const file = args.string(flag);
    if (file !== undefined) for (const [k, v] of loadProperties(file, `--${flag}`)) props.set(k, v);
  }
  props.set('acks', String(acksValue(args.string('acks') ?? '-1', '--acks')));
  if (!props.has('linger.ms')) props.set('linger.ms', '0');
  return withClient(openClient(clientSettings(args.string('bootstrap-server'), props, 'verifiable-producer')), async (client) => {
    const producer = new Producer(client, producerSettings(props));
    let stopped = false;
    const stopListening = ctx.onStopSignal(() => (stopped = true));
    const progress = progressBar(ctx, `producing to ${topic}`, maxMessages, 'messages');
    const started = Date.now();
    let sent = 0;
    let acked = 0;
    const pending = new Set<Promise<void>>();
    ctx.stdout(event('startup_complete'));
    try {
      for (let i = 0; !stopped && (maxMessages < 0 || i < maxMessages); i++) {
        const key = repeatingKeys === undefined ? null : String(i % repeatingKeys);
        const value = valuePrefix === undefined ? String(i) : `${valuePrefix}.${i}`;
        const timestamp = createTime >= 0 ? createTime : undefined;
        if (createTime >= 0) createTime += Date.now() - started;
        sent++;
        const p = producer
          .send({ topic, key: key === null ? null : Buffer.from(key), value: Buffer.from(value), ...(timestamp !== undefined ? { timestamp } : {}) })
          .then(
            (m) => {
              acked++;
              progress.update(acked);
              ctx.stdout(event('producer_send_success', { key, value, offset: m.offset, topic: m.topic, partition: m.partition }));
            },
            (e: unknown) => ctx.stdout(event('producer_send_error', { key, value, topic, exception: `class ${(e as Error).constructor?.name ?? 'Error'}`, message: describeError(e) })),
          )
          .finally(() => pending.delete(p));
        pending.add(p);
        if (pending.size >= 1000) await Promise.race(pending);
        if (throughput > 0) {
          const due = started + ((i + 1) * 1000) / throughput;
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        } else if (i % 100 === 99) await new Promise((r) => setImmediate(r));
      }
      await producer.flush();
      await Promise.all(pending);
    } finally {
      stopListening();
      progress.stop();
    }
    ctx.stdout(event('shutdown_complete'));
    const elapsed = Math.max(1, Date.now() - started);
    ctx.stdout(event('tool_data', { sent, acked, target_throughput: throughput, avg_throughput: (1000 * acked) / elapsed }));
    return 0;
  });
}

/** `tributary verifiable-producer`: Kafka's `kafka-verifiable-producer.sh`. */
export const verifiableProducer: Tool = { spec, run };
