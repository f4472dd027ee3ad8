import { parseArgs } from 'node:util';

/** The word-count command line (`--help` prints it). */
export interface WordCountOptions {
  /** Kafka over TCP through the kafkajs transport; undefined: an embedded broker in this process, no port. */
  readonly bootstrapServer: string | undefined;
  /** A text file to feed line by line; undefined: the three lines of Kafka's quickstart. */
  readonly inputFile: string | undefined;
  /** Feed nothing: count what the input topic already holds. */
  readonly noFeed: boolean;
  readonly applicationId: string;
  readonly stateDir: string | undefined;
  /** The embedded broker's log directory (kept); undefined: a temporary one, removed at exit. */
  readonly dataDir: string | undefined;
  readonly cacheMaxBytes: number;
  readonly commitIntervalMs: number;
  readonly partitions: number;
  /** Print progress lines instead of every count update. */
  readonly quiet: boolean;
}

export const USAGE = `word-count [options]
  Kafka's WordCountDemo on Tributary: reads lines from ${'streams-plaintext-input'}, counts words, writes
  every count change to streams-wordcount-output, prints the changes, and exits once everything fed is counted.
  --bootstrap-server <host:port>  run against a Kafka broker over TCP (kafkajs) instead of the embedded one
  --input <file>                  feed this text file (default: the three lines of Kafka's quickstart)
  --no-feed                       feed nothing; count what the input topic already holds
  --application-id <id>           default streams-wordcount
  --state-dir <dir>               Kafka Streams' state.dir (default: beside the embedded broker's logs;
                                  over TCP <tmp>/kafka-streams)
  --data-dir <dir>                the embedded broker's log.dirs, kept (default: a temporary directory)
  --cache-max-bytes <n>           statestore.cache.max.bytes (default 0, as Kafka's WordCountDemo)
  --commit-interval-ms <n>        commit.interval.ms (default 100)
  --partitions <n>                partitions of the topics it creates (default 1)
  --quiet                         print progress instead of every update
  --help`;

function nonNegativeInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** Parses argv; throws an Error with a readable message on bad input. Returns undefined for --help. */
export function parseOptions(argv: readonly string[]): WordCountOptions | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'bootstrap-server': { type: 'string' },
      input: { type: 'string' },
      'no-feed': { type: 'boolean', default: false },
      'application-id': { type: 'string', default: 'streams-wordcount' },
      'state-dir': { type: 'string' },
      'data-dir': { type: 'string' },
      'cache-max-bytes': { type: 'string' },
      'commit-interval-ms': { type: 'string' },
      partitions: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  return {
    bootstrapServer: values['bootstrap-server'],
    inputFile: values.input,
    noFeed: values['no-feed'] ?? false,
    applicationId: values['application-id'] ?? 'streams-wordcount',
    stateDir: values['state-dir'],
    dataDir: values['data-dir'],
    cacheMaxBytes: nonNegativeInt(values['cache-max-bytes'], 'cache-max-bytes', 0),
    commitIntervalMs: nonNegativeInt(values['commit-interval-ms'], 'commit-interval-ms', 100),
    partitions: Math.max(1, nonNegativeInt(values.partitions, 'partitions', 1)),
    quiet: values.quiet ?? false,
  };
}
