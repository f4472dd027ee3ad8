import { listOffsets, OffsetSpec } from '../kafka/admin.js';
import { describeGroup, fetchGroupOffsets, type GroupDescription } from '../kafka/admin-groups.js';
import type { KafkaClient } from '../kafka/client.js';
import type { ToolContext } from '../tool.js';
import { padRight } from './support/format.js';

/** Kafka's `ConsumerGroupCommand.MISSING_COLUMN_VALUE`. */
const MISSING = '-';

/** One row of `--describe --offsets` (Kafka's `PartitionAssignmentState`). */
export interface OffsetRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number | null;
  readonly offset: number | null;
  readonly logEndOffset: number | null;
  readonly leaderEpoch: number | null;
  readonly consumerId: string;
  readonly host: string;
  readonly clientId: string;
}

/** States in which a group has no running members to coordinate (resets are allowed). */
export function isInactive(state: string): boolean {
  return state === 'Empty' || state === 'Dead';
}

/**
 * Kafka's `shouldPrintMemberState`: a dead group is reported as missing (stdout), an empty or rebalancing one
 * gets a note on stderr; returns whether rows follow.
 */
function printState(ctx: ToolContext, group: string, state: string, rows: number): boolean {
  if (state === 'Dead') {
    ctx.stdout(`\nError: Consumer group '${group}' does not exist.\n`);
    return false;
  }
  if (state === 'Empty') ctx.stderr(`\nConsumer group '${group}' has no active members.\n`);
  if (state === 'PreparingRebalance' || state === 'CompletingRebalance' || state === 'Assigning' || state === 'Reconciling') {
    ctx.stderr(`\nWarning: Consumer group '${group}' is rebalancing.\n`);
  }
  return rows > 0;
}

/** A group, dead when the coordinator does not know it (Kafka's GroupIdNotFoundException from newer brokers). */
async function describeOrDead(client: KafkaClient, groupId: string): Promise<GroupDescription> {
  const g = await describeGroup(client, groupId);
  return g.errorCode === 69 ? { ...g, state: 'Dead', members: [] } : g;
}

/** The rows of `--describe --offsets`: assigned partitions (largest assignments first), then committed-only ones. */
export async function collectOffsets(client: KafkaClient, groupId: string): Promise<{ state: string; rows: OffsetRow[] }> {
  const g = await describeOrDead(client, groupId);
  if (g.state === 'Dead') return { state: g.state, rows: [] };
  const committed = await fetchGroupOffsets(client, groupId);
  const rows: Array<Omit<OffsetRow, 'logEndOffset'>> = [];
  const assigned = new Set<string>();
  const members = [...g.members].filter((m) => m.assignment.length > 0).sort((a, b) => b.assignment.length - a.assignment.length);
  for (const m of members) {
    const parts = [...m.assignment].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
    for (const p of parts) {
      const c = committed.get(`${p.topic}-${p.partition}`);
      assigned.add(`${p.topic}-${p.partition}`);
      rows.push({ group: groupId, topic: p.topic, partition: p.partition, offset: c?.offset ?? null, leaderEpoch: c && c.leaderEpoch >= 0 ? c.leaderEpoch : null, consumerId: m.memberId, host: m.host, clientId: m.clientId });
    }
  }
  const unassigned = [...committed.values()]
    .filter((c) => !assigned.has(`${c.topic}-${c.partition}`))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  for (const c of unassigned) {
    rows.push({ group: groupId, topic: c.topic, partition: c.partition, offset: c.offset, leaderEpoch: c.leaderEpoch >= 0 ? c.leaderEpoch : null, consumerId: MISSING, host: MISSING, clientId: MISSING });
  }
  const ends = await listOffsets(client, rows.map((r) => ({ topic: r.topic, partition: r.partition!, timestamp: OffsetSpec.LATEST })));
  return {
    state: g.state,
    rows: rows.map((r) => {
      const end = ends.get(`${r.topic}-${r.partition}`);
      return { ...r, logEndOffset: end?.ok ? end.value.offset : null };
    }),
  };
}

function text(v: number | null): string {
  return v === null ? MISSING : String(v);
}

/** `--describe` (offsets view): Kafka's column layout, widths from the longest group, topic, consumer id and host. */
export async function printOffsets(ctx: ToolContext, client: KafkaClient, groupId: string, verbose: boolean): Promise<void> {
  const { state, rows } = await collectOffsets(client, groupId);
  if (!printState(ctx, groupId, state, rows.length)) return;
  const w = {
    group: Math.max(15, ...rows.map((r) => r.group.length)),
    topic: Math.max(15, ...rows.map((r) => r.topic.length)),
    consumer: Math.max(15, ...rows.map((r) => r.consumerId.length)),
    host: Math.max(15, ...rows.map((r) => r.host.length)),
  };
  const line = (c: string[]): string => {
    const [group, topic, partition, ...rest] = c;
    const fixed = verbose ? rest.slice(0, 4) : rest.slice(0, 3);
    const [consumer, host, client] = verbose ? rest.slice(4) : rest.slice(3);
    return `\n${padRight(group!, w.group)} ${padRight(topic!, w.topic)} ${padRight(partition!, 10)} ${fixed.map((f) => padRight(f, 15)).join(' ')} ${padRight(consumer!, w.consumer)} ${padRight(host!, w.host)} ${client!}`;
  };
  const header = verbose
    ? ['GROUP', 'TOPIC', 'PARTITION', 'LEADER-EPOCH', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']
    : ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'];
  let out = line(header);
  for (const r of rows) {
    const lag = r.offset !== null && r.logEndOffset !== null ? r.logEndOffset - r.offset : null;
    const cols = [r.group, r.topic, text(r.partition), ...(verbose ? [text(r.leaderEpoch)] : []), text(r.offset), text(r.logEndOffset), text(lag), r.consumerId, r.host, r.clientId];
    out += line(cols);
  }
  ctx.stdout(`${out}\n`);
}

/** `--describe --members`: one line per member, with `#PARTITIONS` (and the assignment with --verbose). */
export async function printMembers(ctx: ToolContext, client: KafkaClient, groupId: string, verbose: boolean): Promise<void> {
  const g = await describeOrDead(client, groupId);
  if (!printState(ctx, groupId, g.state, g.state === 'Dead' ? 0 : 1)) return;
  const members = g.members;
  const withInstance = members.some((m) => m.groupInstanceId !== null && m.groupInstanceId !== '');
  const w = {
    group: Math.max(15, groupId.length),
    consumer: Math.max(15, ...members.map((m) => m.memberId.length)),
    instance: Math.max(17, ...members.map((m) => (m.groupInstanceId ?? '').length)),
    host: Math.max(15, ...members.map((m) => m.host.length)),
    client: Math.max(15, ...members.map((m) => m.clientId.length)),
  };
  const row = (group: string, consumer: string, instance: string, host: string, client: string, count: string): string =>
    `${padRight(group, w.group)} ${padRight(consumer, w.consumer)} ${withInstance ? `${padRight(instance, w.instance)} ` : ''}${padRight(host, w.host)} ${padRight(client, w.client)} ${padRight(count, 15)} `;
  let out = `\n${row('GROUP', 'CONSUMER-ID', 'GROUP-INSTANCE-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS')}${verbose ? 'ASSIGNMENT' : ''}\n`;
  for (const m of members) {
    out += row(groupId, m.memberId, m.groupInstanceId ?? '', m.host, m.clientId, String(m.assignment.length));
    if (verbose) out += assignmentText(m.assignment);
    out += '\n';
  }
  ctx.stdout(out);
}

function assignmentText(parts: ReadonlyArray<{ topic: string; partition: number }>): string {
  if (parts.length === 0) return MISSING;
  const byTopic = new Map<string, number[]>();
  for (const p of parts) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
  return [...byTopic]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([t, ps]) => `${t}(${ps.sort((a, b) => a - b).join(',')})`)
    .join(', ');
}

/** `--describe --state`: coordinator, assignment strategy, state and member count. */
export async function printStateView(ctx: ToolContext, client: KafkaClient, groupId: string): Promise<void> {
  const g = await describeOrDead(client, groupId);
  if (!printState(ctx, groupId, g.state, 1)) return;
  const coordinator = `${g.coordinator.host}:${g.coordinator.port}  (${g.coordinator.id})`;
  const cw = Math.max(25, coordinator.length);
  const gw = Math.max(15, groupId.length);
  const row = (a: string, b: string, c: string, d: string, e: string): string => `\n${padRight(a, gw)} ${padRight(b, cw)} ${padRight(c, 20)} ${padRight(d, 20)} ${e}`;
  ctx.stdout(`${row('GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', '#MEMBERS')}${row(groupId, coordinator, g.protocol === '' ? MISSING : g.protocol, g.state, String(g.members.length))}\n`);
}
