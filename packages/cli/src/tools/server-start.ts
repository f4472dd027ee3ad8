import { Broker, BrokerConfig, ConfigError, type Endpoint } from '@tributary/broker';
import type { ParsedArgs } from '../args.js';
import { logLine, type LogLevel } from '../server-log.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';

const spec: ToolSpec = {
  name: 'server-start',
  summary: 'Start a broker from a server.properties file and run it until SIGTERM or SIGINT',
  kafkaName: 'kafka-server-start.sh',
  description: [
    'The broker formats its log dirs on first start (meta.properties with a new cluster id), then reopens ' +
      'them on every later start. It logs its listeners and cluster id once it serves requests.',
    'SIGTERM or SIGINT (Ctrl-C) shuts it down cleanly: listeners closed, logs flushed and checkpointed, ' +
      'the clean-shutdown marker written; the exit code is then 0. A second signal during shutdown exits ' +
      'at once with code 1.',
    'A bad configuration (an unknown key, a malformed value) prints one line naming the key and exits 1 ' +
      'before any log dir is written or any port opened.',
  ],
  positionals: [{ name: 'server.properties', description: 'The broker configuration file (Java properties, Kafka keys).' }],
  flags: [
    {
      name: 'override',
      type: 'string',
      multiple: true,
      valueName: 'property=value',
      description: 'Set a broker property, taking precedence over the file.',
    },
  ],
};

/** `PLAINTEXT://host:port`, with brackets around IPv6 hosts. */
function endpointUri(e: Endpoint): string {
  return `${e.name}://${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;
}

/** The listeners as bound: a configured port 0 shows the port the broker got (it advertises that one). */
function boundListeners(config: BrokerConfig, broker: Broker): string {
  return config
    .listeners()
    .map((l) => {
      const port = l.port !== 0 ? l.port : (broker.advertisedEndpoints.find((a) => a.name === l.name)?.port ?? 0);
      const uri = endpointUri({ ...l, port });
      return l.host === '' ? `${uri} (all interfaces, IPv4 and IPv6)` : uri;
    })
    .join(', ');
}

/** Resolves with the signal's name on the first stop signal; later signals go to `onRepeat`. */
function stopSignals(ctx: ToolContext, onRepeat: (signal: string) => void): { stopped: Promise<string>; dispose: () => void } {
  let first: ((signal: string) => void) | null = null;
  const stopped = new Promise<string>((resolve) => (first = resolve));
  const dispose = ctx.onStopSignal((signal) => {
    if (first) {
      first(signal);
      first = null;
    } else onRepeat(signal);
  });
  return { stopped, dispose };
}

/** One line for an error that stops the start: the key for configuration errors, the message otherwise. */
function startError(ctx: ToolContext, e: unknown): number {
  if (e instanceof ConfigError) ctx.stderr(`ERROR invalid configuration: ${e.message}\n`);
  else ctx.stderr(`ERROR the broker failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  return 1;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const path = args.positionals[0]!;
  let config: BrokerConfig;
  try {
    // Every key is parsed and checked here, before any dir is formatted or any port opened.
    config = BrokerConfig.fromFile(path, args.strings('override'));
  } catch (e) {
    return startError(ctx, e);
  }
  const component = `BrokerServer id=${config.nodeId}`;
  const log = (level: LogLevel, message: string): void => ctx.stdout(logLine(level, component, message));

  let forced: (code: number) => void = () => {};
  const forcedExit = new Promise<number>((resolve) => (forced = resolve));
  const signals = stopSignals(ctx, (signal) => {
    log('WARN', `received ${signal} again during shutdown: exiting without a clean shutdown`);
    forced(1);
  });
  try {
    const began = Date.now();
    log('INFO', `starting from ${path}`);
    let broker: Broker;
    try {
      broker = await Broker.start(config, { log: (m) => log('WARN', m) });
    } catch (e) {
      return startError(ctx, e);
    }
    log('INFO', `log dirs ${config.logDirs.join(', ')}; cluster id ${broker.clusterId}`);
    log('INFO', `listening on ${boundListeners(config, broker)}`);
    log('INFO', `advertised listeners ${broker.advertisedEndpoints.map(endpointUri).join(', ')}`);
    log('INFO', `started in ${Date.now() - began} ms; clients use bootstrap.servers=${broker.bootstrapServers()}`);

    const signal = await signals.stopped;
    log('INFO', `received ${signal}: shutting down`);
    const code = await Promise.race([broker.stop().then(() => 0), forcedExit]);
    if (code === 0) log('INFO', 'shut down cleanly');
    return code;
  } finally {
    signals.dispose();
  }
}

/** `tributary server-start`: Kafka's `kafka-server-start.sh`. */
export const serverStart: Tool = { spec, run };
