import type { ParsedArgs } from '../args.js';
import { describeError } from '../kafka/errors.js';
import type { GroupStatus } from '../lag/evaluator.js';
import { startBurrowHttp } from '../lag/http.js';
import { LagMonitor } from '../lag/monitor.js';
import { LagStore } from '../lag/store.js';
import { logTimestamp } from '../server-log.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { adminClient, withClient } from './support/client-options.js';
import { BOOTSTRAP_FLAG, COMMAND_CONFIG_FLAG, bool, intFlag, str } from './support/flags.js';
import { padRight } from './support/format.js';
import { listenForStop } from './support/stop.js';

const spec: ToolSpec = {
  name: 'lag',
  summary: "Evaluate consumer lag the way Burrow does: OK, WARN or ERR from a window of each group's commits",
  kafkaName: 'Burrow (LinkedIn)',
  description: [
    "Reads every offset commit from __consumer_offsets (with its commit time) and the partitions' log-end offsets, " +
      "keeps the last --intervals commits per partition, and applies Burrow's rules in Burrow 1.2's order: a consumer " +
      'caught up now is OK; no commit for longer than the window spans is STOP (unless a log-end offset seen in the ' +
      'last refreshes shows it caught up moments ago); a zero lag in the window is OK; an offset that went back is ' +
      'REWIND; the same offset with lag is STALL; offsets moving while the lag never shrinks is WARN. A group is the ' +
      'worst of its partitions, capped at ERR.',
    'One report by default; --watch repeats it every --interval-ms; --http-port serves Burrow\'s HTTP API ' +
      '(/v3/kafka/<cluster>/consumer/<group>/lag and /status) until Ctrl-C. --json prints Burrow\'s status objects.',
  ],
  positionals: [],
  flags: [
    BOOTSTRAP_FLAG,
    COMMAND_CONFIG_FLAG,
    str('group', 'group', 'The group to evaluate (default: every group with commits).', true),
    str('cluster', 'name', 'The cluster name in reports and HTTP paths (default local).'),
    str('intervals', 'n', 'Commits kept per partition (Burrow intervals, default 10).'),
    str('min-distance-ms', 'ms', 'Commits closer than this replace the newest one (Burrow min-distance, default 1000).'),
    bool('watch', 'Repeat the report every --interval-ms until Ctrl-C.'),
    str('interval-ms', 'ms', 'How often to refresh log-end offsets and report (default 10000).'),
    str('http-port', 'port', "Serve Burrow's HTTP API on this port (0: any free port) until Ctrl-C."),
    str('http-host', 'host', 'The address the HTTP API listens on (default 127.0.0.1).'),
    bool('json', "Print Burrow's JSON status object per group instead of tables."),
  ],
};

function fixed(n: number): string {
  return n.toFixed(2);
}

/** The report: a summary row per group, then a row per partition. */
export function lagReport(statuses: ReadonlyArray<GroupStatus | { group: string; status: 'NOTFOUND' }>): string {
  const gw = Math.max(15, ...statuses.map((s) => s.group.length));
  let out = `${padRight('GROUP', gw)} ${padRight('STATUS', 8)} ${padRight('TOTAL-LAG', 10)} ${padRight('PARTITIONS', 10)} COMPLETE\n`;
  for (const s of statuses) {
    out += 'partitions' in s ? `${padRight(s.group, gw)} ${padRight(s.status, 8)} ${padRight(String(s.totallag), 10)} ${padRight(String(s.partition_count), 10)} ${fixed(s.complete)}\n` : `${padRight(s.group, gw)} NOTFOUND\n`;
  }
  const rows = statuses.flatMap((s) => ('partitions' in s ? s.partitions.map((p) => ({ group: s.group, ...p })) : []));
  if (rows.length === 0) return out;
  const tw = Math.max(15, ...rows.map((r) => r.topic.length));
  const ow = Math.max(15, ...rows.map((r) => r.owner.length));
  const line = (c: string[]): string =>
    `${padRight(c[0]!, gw)} ${padRight(c[1]!, tw)} ${padRight(c[2]!, 10)} ${padRight(c[3]!, 8)} ${padRight(c[4]!, 13)} ${padRight(c[5]!, 13)} ${padRight(c[6]!, 12)} ${padRight(c[7]!, 9)} ${padRight(c[8]!, ow)} ${c[9]!}\n`;
  out += `\n${line(['GROUP', 'TOPIC', 'PARTITION', 'STATUS', 'START-OFFSET', 'END-OFFSET', 'CURRENT-LAG', 'COMPLETE', 'OWNER', 'CLIENT-ID'])}`;
  for (const r of rows) {
    out += line([r.group, r.topic, String(r.partition), r.status, String(r.start?.offset ?? '-'), String(r.end?.offset ?? '-'), String(r.current_lag), fixed(r.complete), r.owner || '-', r.client_id || '-']);
  }
  return out;
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const cluster = args.string('cluster') ?? 'local';
  const store = new LagStore({ intervals: intFlag(args, 'intervals', 10), minDistanceMs: intFlag(args, 'min-distance-ms', 1000) });
  const intervalMs = intFlag(args, 'interval-ms', 10_000);
  const httpPort = intFlag(args, 'http-port');
  const wanted = args.strings('group');
  return withClient(adminClient(args, 'tributary-lag'), async (client) => {
    const monitor = new LagMonitor(client, store);
    const groups = (): string[] => (wanted.length > 0 ? [...wanted] : store.groupNames());
    const evaluate = (group: string): GroupStatus | null => store.evaluate(cluster, group, Date.now());
    const report = (): void => {
      const statuses = groups().map((g) => evaluate(g) ?? { group: g, status: 'NOTFOUND' as const });
      if (args.flag('json')) ctx.stdout(statuses.map((s) => `${JSON.stringify(s)}\n`).join(''));
      else ctx.stdout(lagReport(statuses));
    };
    const refresh = async (): Promise<void> => {
      await monitor.refreshBrokerOffsets();
      await monitor.catchUp(client.deadline());
      await monitor.refreshBrokerOffsets();
    };
    try {
      await refresh();
    } catch (e) {
      ctx.stderr(`Error: ${describeError(e)}\n`);
      return 1;
    }
    if (!args.flag('watch') && httpPort === undefined) {
      report();
      return 0;
    }
    const stop = listenForStop(ctx);
    const http = httpPort === undefined ? null : await startBurrowHttp({ cluster, groups: () => groups(), evaluate }, args.string('http-host') ?? '127.0.0.1', httpPort);
    if (http) ctx.stderr(`Serving Burrow's HTTP API on http://${args.string('http-host') ?? '127.0.0.1'}:${http.port}/v3/kafka/${cluster}/consumer\n`);
    try {
      while (!stop.requested()) {
        if (args.flag('watch')) {
          ctx.stdout(`\n[${logTimestamp(new Date())}] cluster ${cluster}\n`);
          report();
        }
        const until = Date.now() + intervalMs;
        // Between reports, keep reading commits as they arrive (each poll waits at most 250 ms).
        while (!stop.requested() && Date.now() < until) await stop.race(monitor.pollOnce().catch(() => new Promise<void>((r) => setTimeout(r, 250))));
        if (!stop.requested()) await stop.race(refresh().catch((e: unknown) => ctx.stderr(`Error: ${describeError(e)}\n`)));
      }
    } finally {
      stop.dispose();
      if (http) {
        const closed = new Promise<void>((r) => http.server.close(() => r()));
        http.server.closeAllConnections();
        await closed;
      }
    }
    return 0;
  });
}

/** `tributary lag`: consumer-lag evaluation by Burrow's rules, with Burrow's HTTP API. */
export const lag: Tool = { spec, run };
