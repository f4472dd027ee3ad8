import { allApis } from '@tributary/protocol';
import type { ParsedArgs } from '../args.js';
import { describeCluster } from '../kafka/admin.js';
import type { ApiVersionTable } from '../kafka/versions.js';
import { describeError } from '../kafka/errors.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { adminClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG } from './support/flags.js';

const spec: ToolSpec = {
  name: 'broker-api-versions',
  summary: 'Print the API versions every broker of the cluster supports',
  kafkaName: 'kafka-broker-api-versions.sh',
  description: [
    'For each broker: "host:port (id: N rack: null) -> (" then one line per API this client knows, ' +
      '"Name(key): min to max [usable: v]" (UNSUPPORTED when the broker lacks it), then APIs the broker advertises ' +
      'that this client has no codec for, as UNKNOWN(key).',
  ],
  positionals: [],
  flags: [BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG],
};

function range(min: number, max: number): string {
  return min === max ? String(min) : `${min} to ${max}`;
}

/** Kafka's `NodeApiVersions.toString(true)`. */
export function apiVersionsText(versions: ApiVersionTable): string {
  const lines: string[] = [];
  const known = new Set<number>();
  for (const api of allApis) {
    known.add(api.apiKey);
    const b = versions.range(api.apiKey);
    if (!b) {
      lines.push(`${api.name}(${api.apiKey}): UNSUPPORTED`);
      continue;
    }
    const client = api.request.validVersions;
    const usable = Math.min(b.maxVersion, client.max);
    const status = usable < Math.max(b.minVersion, client.min) ? (b.minVersion > client.max ? '[unusable: node too new]' : '[unusable: node too old]') : `[usable: ${usable}]`;
    lines.push(`${api.name}(${api.apiKey}): ${range(b.minVersion, b.maxVersion)} ${status}`);
  }
  for (const b of versions.all()) if (!known.has(b.apiKey)) lines.push(`UNKNOWN(${b.apiKey}): ${range(b.minVersion, b.maxVersion)}`);
  return `(\n\t${lines.join(',\n\t')}\n)`;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  return withClient(adminClient(args, 'broker-api-versions-tool'), async (client) => {
    try {
      const brokers = (await describeCluster(client)).brokers;
      for (const b of brokers) {
        const conn = await client.node(b.id);
        ctx.stdout(`${b.host}:${b.port} (id: ${b.id} rack: ${b.rack ?? 'null'}) -> ${apiVersionsText(conn.versions)}\n`);
      }
      return 0;
    } catch (e) {
      ctx.stderr(`${describeError(e)}\n`);
      return 1;
    }
  });
}

/** `tributary broker-api-versions`: Kafka's `kafka-broker-api-versions.sh`. */
export const brokerApiVersions: Tool = { spec, run };
