import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrokerConfig, ConfigError, parseProperties } from '@tributary/broker';
import { UsageError, type ParsedArgs } from '../args.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { bool, required, str } from './support/flags.js';

/** The metadata version a fresh Tributary cluster starts at (Kafka 3.9's latest production version). */
const METADATA_VERSION = '3.9-IV0';

const spec: ToolSpec = {
  name: 'storage',
  summary: 'Format log directories for a cluster id, or generate a cluster id',
  kafkaName: 'kafka-storage.sh',
  description: [
    '`storage random-uuid` prints a new cluster id. `storage format -t <cluster-id> -c <server.properties>` writes ' +
      "meta.properties (cluster.id, node.id, a new directory.id) into every log dir of the configuration, as KRaft's " +
      'format does; server-start then uses that cluster id. An already formatted dir stops the format unless ' +
      '--ignore-formatted. `storage info -c <server.properties>` prints what each dir holds.',
  ],
  positionals: [{ name: 'command', description: 'format, random-uuid or info.' }],
  flags: [
    { ...str('cluster-id', 'id', 'With format: the cluster id (from random-uuid).'), short: 't' },
    { ...str('config', 'file', 'With format and info: the server.properties file.'), short: 'c' },
    { ...bool('ignore-formatted', 'With format: skip dirs already formatted instead of failing.'), short: 'g' },
    str('release-version', 'version', `With format: the metadata version (only ${METADATA_VERSION}).`),
    bool('standalone', 'With format: accepted for KRaft compatibility (a single combined node is always standalone).'),
  ],
};

/** Kafka's `Uuid.randomUuid().toString()`: 16 random bytes, URL-safe base64, never starting with '-'. */
export function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function checkClusterId(id: string): void {
  const bytes = /^[A-Za-z0-9_-]{22}$/.test(id) ? Buffer.from(id, 'base64url') : null;
  if (!bytes || bytes.length !== 16) {
    throw new UsageError(`Cluster ID string ${id} does not appear to be a valid UUID: Input string with prefix \`${id.slice(0, 22)}\` is too short or malformed to be decoded`, '--cluster-id');
  }
}

function loadConfig(path: string): BrokerConfig {
  try {
    return BrokerConfig.fromFile(path);
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`invalid configuration in ${path}: ${e.message}`, '--config');
    throw e;
  }
}

function writeMeta(dir: string, clusterId: string, nodeId: number): void {
  mkdirSync(dir, { recursive: true });
  const text = `#\n#${new Date().toUTCString()}\ncluster.id=${clusterId}\ndirectory.id=${randomClusterId()}\nnode.id=${nodeId}\nversion=1\n`;
  writeFileSync(join(dir, 'meta.properties.tmp'), text, { flush: true });
  renameSync(join(dir, 'meta.properties.tmp'), join(dir, 'meta.properties'));
}

function format(ctx: ToolContext, args: ParsedArgs): number {
  const clusterId = required(args, 'cluster-id');
  checkClusterId(clusterId);
  const release = args.string('release-version');
  if (release !== undefined && release !== METADATA_VERSION && release !== '3.9') throw new UsageError(`Unknown metadata.version ${release}. Supported metadata.version is ${METADATA_VERSION}`, '--release-version');
  const config = loadConfig(required(args, 'config'));
  const dirs = config.logDirs;
  const formatted = dirs.filter((d) => existsSync(join(d, 'meta.properties')));
  if (formatted.length > 0 && !args.flag('ignore-formatted')) {
    ctx.stderr(`Log directory ${formatted[0]} is already formatted. Use --ignore-formatted to ignore this directory and format the others.\n`);
    return 1;
  }
  const empty = dirs.filter((d) => !formatted.includes(d));
  if (empty.length === 0) {
    ctx.stdout('All of the log directories are already formatted.\n');
    return 0;
  }
  for (const dir of empty) {
    writeMeta(dir, clusterId, config.nodeId);
    ctx.stdout(`Formatting ${dir === dirs[0] ? 'metadata' : 'data'} directory ${dir} with metadata.version ${METADATA_VERSION}.\n`);
  }
  return 0;
}

function info(ctx: ToolContext, args: ParsedArgs): number {
  const config = loadConfig(required(args, 'config'));
  const found = config.logDirs.filter((d) => existsSync(join(d, 'meta.properties')));
  const missing = config.logDirs.filter((d) => !found.includes(d));
  let out = `Found log director${found.length === 1 ? 'y' : 'ies'}:\n${found.map((d) => `  ${d}\n`).join('')}`;
  for (const d of found) {
    const p = parseProperties(readFileSync(join(d, 'meta.properties'), 'utf8'));
    out += `\nFound metadata: {cluster.id=${p.get('cluster.id') ?? ''}, directory.id=${p.get('directory.id') ?? ''}, node.id=${p.get('node.id') ?? ''}, version=${p.get('version') ?? ''}}\n`;
  }
  if (missing.length > 0) out += `\nFound problem${missing.length === 1 ? '' : 's'}:\n${missing.map((d) => `  ${d} is not formatted.\n`).join('')}`;
  ctx.stdout(out);
  return missing.length > 0 ? 1 : 0;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const command = args.positionals[0]!;
  if (command === 'random-uuid') {
    ctx.stdout(`${randomClusterId()}\n`);
    return 0;
  }
  if (command === 'format') return format(ctx, args);
  if (command === 'info') return info(ctx, args);
  throw new UsageError(`invalid choice: '${command}' (choose from 'info', 'format', 'random-uuid')`);
}

/** `tributary storage`: Kafka's `kafka-storage.sh` (format, random-uuid, info). */
export const storage: Tool = { spec, run };
