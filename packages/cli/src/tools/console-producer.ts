import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { UsageError, type ParsedArgs } from '../args.js';
import { describeError } from '../kafka/errors.js';
import { Producer } from '../kafka/producer.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { clientSettings, loadProperties, openClient, parsePairs, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, bool, required, str } from './support/flags.js';
import { LineFormatError, lineReaderSettings, parseLine } from './support/line-reader.js';
import { acksValue, compressionCodec, producerSettings } from './support/producer-config.js';
import { progressBar } from './support/progress.js';

const spec: ToolSpec = {
  name: 'console-producer',
  summary: 'Read records from standard input (or a file) and send them to a topic',
  kafkaName: 'kafka-console-producer.sh',
  description: [
    'Each line is one record. With --property parse.key=true the key comes before key.separator (default a ' +
      'tab); with parse.headers=true, headers (h1:v1,h2:v2) come first, before headers.delimiter (default a tab). ' +
      'Other reader properties: ignore.error, null.marker, headers.separator, headers.key.separator.',
    'Keyed records go to the partition Kafka\'s default partitioner picks (murmur2 of the key); keyless ones stick ' +
      'to a partition per batch. --sync sends each record and waits for it. A line that cannot be parsed stops ' +
      "the producer with Kafka's message. Ctrl-C stops reading, sends what was read, and exits.",
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    str('broker-list', 'host:port', 'Deprecated alias of --bootstrap-server.'),
    str('topic', 'topic', 'REQUIRED: The topic to produce messages to.'),
    str('input-file', 'file', 'Read lines from this file instead of standard input (progress shows on a terminal).'),
    bool('sync', 'Send each message synchronously, one at a time as it arrives.'),
    { ...str('compression-codec', 'codec', 'Compression codec: none, gzip, snappy, lz4 or zstd; alone it means gzip.'), bareValue: 'gzip' },
    str('batch-size', 'bytes', 'Batch size in bytes when not sending synchronously (default 16384).'),
    str('timeout', 'ms', 'Linger time: how long a batch may wait for more messages (default 1000).'),
    str('request-required-acks', 'acks', 'Acknowledgements the leader must receive: all, -1, 0 or 1 (default -1).'),
    str('request-timeout-ms', 'ms', 'How long the leader may take to acknowledge (default 1500).'),
    str('message-send-max-retries', 'n', 'Accepted for compatibility; retries run until delivery.timeout.ms.'),
    str('retry-backoff-ms', 'ms', 'Wait between retries (default 100).'),
    str('property', 'key=value', 'A reader property: parse.key, key.separator, parse.headers, ignore.error, null.marker, ...', true),
    str('reader-config', 'file', 'A properties file of reader properties.'),
    str('producer-property', 'key=value', 'A producer config (acks, compression.type, linger.ms, client.id, ...).', true),
    str('producer.config', 'file', 'A properties file of producer configs.'),
    str('command-config', 'file', 'Same as --producer.config (Kafka 4 name).'),
  ],
};

/** Producer configs: the config files, then --producer-property, then the explicit flags (as Kafka merges them). */
function producerProps(args: ParsedArgs): Map<string, string> {
  const props = new Map<string, string>([['linger.ms', '1000'], ['request.timeout.ms', '1500']]);
  for (const flag of ['producer.config', 'command-config']) {
    const file = args.string(flag);
    if (file !== undefined) for (const [k, v] of loadProperties(file, `--${flag}`)) props.set(k, v);
  }
  for (const [k, v] of parsePairs(args.strings('producer-property'), '--producer-property')) props.set(k, v);
  const explicit: Array<[string, string]> = [
    ['compression-codec', 'compression.type'],
    ['batch-size', 'batch.size'],
    ['timeout', 'linger.ms'],
    ['request-required-acks', 'acks'],
    ['request-timeout-ms', 'request.timeout.ms'],
    ['retry-backoff-ms', 'retry.backoff.ms'],
  ];
  for (const [flag, key] of explicit) {
    const v = args.string(flag);
    if (v !== undefined) props.set(key, v);
  }
  if (args.flag('sync')) props.set('linger.ms', '0');
  compressionCodec(props.get('compression.type') ?? 'none', args.string('compression-codec') !== undefined ? '--compression-codec' : 'compression.type');
  acksValue(props.get('acks') ?? 'all', args.string('request-required-acks') !== undefined ? '--request-required-acks' : 'acks');
  return props;
}

function readerProps(args: ParsedArgs): Map<string, string> {
  const props = new Map<string, string>();
  const file = args.string('reader-config');
  if (file !== undefined) for (const [k, v] of loadProperties(file, '--reader-config')) props.set(k, v);
  for (const [k, v] of parsePairs(args.strings('property'), '--property')) props.set(k, v);
  return props;
}

function input(args: ParsedArgs, ctx: ToolContext): { stream: NodeJS.ReadableStream; size: number } {
  const file = args.string('input-file');
  if (file === undefined) return { stream: ctx.stdin ?? Readable.from([]), size: 0 };
  try {
    return { stream: createReadStream(file), size: statSync(file).size };
  } catch (e) {
    throw new UsageError(`cannot read ${file} given to --input-file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, '--input-file');
  }
}

/** Records sent but not yet acknowledged; reading pauses above this many. */
const MAX_PENDING = 10_000;

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const topic = required(args, 'topic');
  const props = producerProps(args);
  const reader = lineReaderSettings(readerProps(args));
  const settings = clientSettings(args.string('bootstrap-server') ?? args.string('broker-list'), props, 'console-producer');
  const { stream, size } = input(args, ctx);
  const sync = args.flag('sync');
  return withClient(openClient(settings), async (client) => {
    const producer = new Producer(client, producerSettings(props));
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    const stopListening = ctx.onStopSignal(() => lines.close());
    const progress = progressBar(ctx, `producing to ${topic}`, size, 'bytes');
    const prompt = ctx.isTTY?.stdin === true && args.string('input-file') === undefined;
    const pending = new Set<Promise<unknown>>();
    let failures = 0;
    let lineNumber = 0;
    let bytes = 0;
    const onError = (e: unknown, key: Buffer | null, value: Buffer | null): void => {
      failures++;
      ctx.stderr(`[ERROR] Error when sending message to topic ${topic} with key: ${key ? `${key.length} bytes` : 'null'}, value: ${value ? `${value.length} bytes` : 'null'} with error: ${describeError(e)}\n`);
    };
    try {
      if (prompt) ctx.stdout('>');
      for await (const line of lines) {
        lineNumber++;
        bytes += Buffer.byteLength(line) + 1;
        const rec = parseLine(line, lineNumber, reader);
        const sent = producer.send({ topic, key: rec.key, value: rec.value, headers: rec.headers });
        if (sync) await sent.catch((e: unknown) => onError(e, rec.key, rec.value));
        else {
          const p = sent.catch((e: unknown) => onError(e, rec.key, rec.value)).finally(() => pending.delete(p));
          pending.add(p);
          if (pending.size >= MAX_PENDING) await Promise.race(pending);
        }
        progress.update(bytes);
        if (prompt) ctx.stdout('>');
      }
      await producer.flush();
      await Promise.all(pending);
      return failures > 0 ? 1 : 0;
    } catch (e) {
      await producer.flush().catch(() => undefined);
      await Promise.all(pending);
      ctx.stderr(`${e instanceof LineFormatError ? 'org.apache.kafka.common.KafkaException' : 'ERROR'}: ${describeError(e)}\n`);
      return 1;
    } finally {
      progress.stop();
      stopListening();
      lines.close();
    }
  });
}

/** `tributary console-producer`: Kafka's `kafka-console-producer.sh`. */
export const consoleProducer: Tool = { spec, run };
