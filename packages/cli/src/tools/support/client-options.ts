import { readFileSync } from 'node:fs';
import { parseProperties } from '@tributary/broker';
import { UsageError, type ParsedArgs } from '../../args.js';
import { cliVersion } from '../../version.js';
import { DEFAULT_CLIENT_SETTINGS, KafkaClient, type ClientSettings } from '../../kafka/client.js';

/** Reads a Java properties file; a usage error naming the flag when it cannot be read. */
export function loadProperties(path: string, flag: string): Map<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path} given to ${flag}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, flag);
  }
  return parseProperties(text);
}

/** `key=value` pairs (`--producer-property`, `--property`, ...) into a map; a usage error for a pair without `=`. */
export function parsePairs(pairs: readonly string[], flag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw new UsageError(`${flag} expects key=value, got "${pair}"`, flag);
    out.set(pair.slice(0, i).trim(), pair.slice(i + 1));
  }
  return out;
}

function numberProp(props: ReadonlyMap<string, string>, key: string, fallback: number): number {
  const v = props.get(key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`invalid value "${v}" for ${key}`);
  return n;
}

/**
 * Client settings from a tool's command line: `--bootstrap-server` (or `bootstrap.servers` in the given
 * properties) and Kafka's client configs `client.id`, `request.timeout.ms`, `default.api.timeout.ms`,
 * `socket.connection.setup.timeout.ms`, `retry.backoff.ms`.
 */
export function clientSettings(
  bootstrap: string | undefined,
  props: ReadonlyMap<string, string>,
  defaultClientId: string,
  flag = '--bootstrap-server',
): ClientSettings {
  const servers = bootstrap ?? props.get('bootstrap.servers');
  if (servers === undefined) throw new UsageError(`missing required flag ${flag}`, flag);
  const requestTimeoutMs = numberProp(props, 'request.timeout.ms', DEFAULT_CLIENT_SETTINGS.requestTimeoutMs);
  return {
    bootstrapServers: servers,
    clientId: props.get('client.id') ?? defaultClientId,
    requestTimeoutMs,
    apiTimeoutMs: numberProp(props, 'default.api.timeout.ms', Math.max(DEFAULT_CLIENT_SETTINGS.apiTimeoutMs, 0)),
    connectTimeoutMs: numberProp(props, 'socket.connection.setup.timeout.ms', DEFAULT_CLIENT_SETTINGS.connectTimeoutMs),
    retryBackoffMs: numberProp(props, 'retry.backoff.ms', DEFAULT_CLIENT_SETTINGS.retryBackoffMs),
    softwareVersion: cliVersion(),
  };
}

/**
 * Opens a client for an admin-style tool (`--bootstrap-server` plus `--command-config`). A malformed
 * bootstrap list is a usage error naming the flag.
 */
export function adminClient(args: ParsedArgs, defaultClientId: string): KafkaClient {
  const props = args.string('command-config') !== undefined ? loadProperties(args.string('command-config')!, '--command-config') : new Map<string, string>();
  return openClient(clientSettings(args.string('bootstrap-server'), props, defaultClientId));
}

/** A client for the settings; a malformed bootstrap list becomes a usage error naming `--bootstrap-server`. */
export function openClient(settings: ClientSettings): KafkaClient {
  try {
    return new KafkaClient(settings);
  } catch (e) {
    throw new UsageError((e as Error).message, '--bootstrap-server');
  }
}

/** Runs `fn` with the client and closes the client afterwards, whatever happens. */
export async function withClient<T>(client: KafkaClient, fn: (client: KafkaClient) => Promise<T>): Promise<T> {
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
