import { readFileSync } from 'node:fs';
import { KafkaProtocolError } from '@tributary/protocol';
import { UsageError, type ParsedArgs } from '../args.js';
import { listOffsets, OffsetSpec } from '../kafka/admin.js';
import { alterGroupOffsets, describeGroup, fetchGroupOffsets } from '../kafka/admin-groups.js';
import type { KafkaClient } from '../kafka/client.js';
import type { ToolContext } from '../tool.js';
import { isInactive } from './consumer-groups-describe.js';
import { parseIntValue } from './support/flags.js';
import { padRight } from './support/format.js';

type TP = { topic: string; partition: number };
type Plan = Map<string, Array<TP & { offset: number }>>;

/** The reset scenarios, in the order Kafka lists them. */
export const SCENARIOS = ['to-offset', 'to-earliest', 'to-latest', 'to-current', 'shift-by', 'to-datetime', 'by-duration', 'from-file'] as const;

const tpKey = (p: TP): string => `${p.topic}-${p.partition}`;
const byTp = (a: TP, b: TP): number => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);

/** Kafka's `Utils.getDateTime`: `yyyy-MM-ddTHH:mm:SS.sss`, with an optional zone (`Z`, `+hh:mm`); local time without. */
export function parseDateTime(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text.trim());
  if (!m) throw new UsageError(`Error parsing timestamp ${text}: expected the format 'YYYY-MM-DDTHH:mm:SS.sss'`, '--to-datetime');
  const [, y, mo, d, h, mi, s, ms = '0', zone] = m;
  const local = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  if (zone === undefined) return local.getTime();
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  if (zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/** Java's `Duration.parse` for `PnDTnHnMn.nS` (days, hours, minutes, seconds; an optional leading minus). */
export function parseDuration(text: string): number {
  const m = /^([-+]?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!m || text.trim().toUpperCase().endsWith('T') || /^[-+]?P$/i.test(text.trim())) {
    throw new UsageError(`Text cannot be parsed to a Duration: ${text}`, '--by-duration');
  }
  const [, sign, d = '0', h = '0', mi = '0', s = '0'] = m;
  const ms = ((Number(d) * 24 + Number(h)) * 60 + Number(mi)) * 60_000 + Number(s) * 1000;
  return sign === '-' ? -ms : ms;
}

/** `t`, `t:0,1` topic arguments into partitions (topics without partitions: every partition). */
async function partitionsToReset(client: KafkaClient, args: ParsedArgs, groupId: string): Promise<TP[]> {
  if (args.flag('all-topics')) return [...(await fetchGroupOffsets(client, groupId)).values()].map((c) => ({ topic: c.topic, partition: c.partition }));
  const out: TP[] = [];
  const md = await client.refresh();
  for (const arg of args.strings('topic')) {
    if (arg.includes(':')) {
      const [topic, parts, ...extra] = arg.split(':');
      if (extra.length > 0 || !parts) throw new UsageError(`Invalid topic arg '${arg}', expected topic name and partitions`, '--topic');
      for (const p of parts.split(',')) out.push({ topic: topic!, partition: parseIntValue(p, `partition in topic arg '${arg}'`) });
    } else {
      const t = md.topics.get(arg);
      if (!t || t.errorCode !== 0) throw new KafkaProtocolError(3, `This server does not host this topic-partition: ${arg}`);
      for (const p of t.partitions) out.push({ topic: arg, partition: p.partition });
    }
  }
  const missing = out.filter((p) => !md.topics.get(p.topic)?.partitions.some((x) => x.partition === p.partition));
  if (missing.length > 0) throw new KafkaProtocolError(3, `The partitions "${missing.map(tpKey).join(',')}" do not exist`);
  return out;
}

async function offsetsAt(client: KafkaClient, parts: readonly TP[], timestamp: bigint): Promise<Map<string, number>> {
  const found = await listOffsets(client, parts.map((p) => ({ ...p, timestamp })));
  const out = new Map<string, number>();
  for (const p of parts) {
    const r = found.get(tpKey(p));
    if (!r || !r.ok) throw r && !r.ok ? r.error : new Error(`Error getting offset of topic partition: ${tpKey(p)}`);
    out.set(tpKey(p), r.value.offset);
  }
  return out;
}

/** Kafka's `checkOffsetsRange`: requested offsets are clamped to [log start, log end], with a warning. */
async function clamp(ctx: ToolContext, client: KafkaClient, requested: ReadonlyArray<TP & { offset: number }>): Promise<Array<TP & { offset: number }>> {
  const starts = await offsetsAt(client, requested, OffsetSpec.EARLIEST);
  const ends = await offsetsAt(client, requested, OffsetSpec.LATEST);
  return requested.map((r) => {
    const end = ends.get(tpKey(r))!;
    const start = starts.get(tpKey(r))!;
    if (r.offset > end) {
      ctx.stderr(`WARN New offset (${r.offset}) is higher than latest offset for topic partition ${tpKey(r)}. Value will be set to ${end}\n`);
      return { ...r, offset: end };
    }
    if (r.offset < start) {
      ctx.stderr(`WARN New offset (${r.offset}) is lower than earliest offset for topic partition ${tpKey(r)}. Value will be set to ${start}\n`);
      return { ...r, offset: start };
    }
    return r;
  });
}

/** Reads a `--from-file` plan: `topic,partition,offset` lines (single group) or `group,topic,partition,offset`. */
function planFromFile(path: string, groups: readonly string[]): Plan {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path} given to --from-file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, '--from-file');
  }
  const plan: Plan = new Map();
  for (const line of text.split('\n').map((l) => l.trim()).filter((l) => l !== '')) {
    const cols = line.split(',');
    const [group, topic, partition, offset] = cols.length === 3 && groups.length === 1 ? [groups[0]!, ...cols] : cols;
    if (cols.length < 3 || cols.length > 4 || topic === undefined || partition === undefined || offset === undefined) {
      throw new UsageError(`invalid line in --from-file: ${line}`, '--from-file');
    }
    plan.set(group!, [...(plan.get(group!) ?? []), { topic, partition: parseIntValue(partition, '--from-file partition'), offset: parseIntValue(offset, '--from-file offset') }]);
  }
  return plan;
}

async function prepare(ctx: ToolContext, client: KafkaClient, args: ParsedArgs, groupId: string, parts: readonly TP[], filePlan: Plan | null): Promise<Array<TP & { offset: number }>> {
  const current = async () => fetchGroupOffsets(client, groupId);
  if (args.string('to-offset') !== undefined) {
    const offset = parseIntValue(args.string('to-offset')!, '--to-offset');
    return clamp(ctx, client, parts.map((p) => ({ ...p, offset })));
  }
  if (args.flag('to-earliest') || args.flag('to-latest')) {
    const at = await offsetsAt(client, parts, args.flag('to-earliest') ? OffsetSpec.EARLIEST : OffsetSpec.LATEST);
    return parts.map((p) => ({ ...p, offset: at.get(tpKey(p))! }));
  }
  if (args.string('shift-by') !== undefined) {
    const shift = parseIntValue(args.string('shift-by')!, '--shift-by');
    const committed = await current();
    return clamp(ctx, client, parts.map((p) => {
      const c = committed.get(tpKey(p));
      if (!c) throw new UsageError(`Cannot shift offset for partition ${tpKey(p)} since there is no current committed offset`, '--shift-by');
      return { ...p, offset: c.offset + shift };
    }));
  }
  if (args.string('to-datetime') !== undefined || args.string('by-duration') !== undefined) {
    const ts = args.string('to-datetime') !== undefined ? parseDateTime(args.string('to-datetime')!) : Date.now() - parseDuration(args.string('by-duration')!);
    const found = await listOffsets(client, parts.map((p) => ({ ...p, timestamp: BigInt(ts) })));
    const empty = parts.filter((p) => { const r = found.get(tpKey(p)); return !r || !r.ok || r.value.offset < 0; });
    for (const p of empty) ctx.stdout(`\nWarn: Partition ${p.partition} from topic ${p.topic} is empty. Falling back to latest known offset.\n`);
    const ends = await offsetsAt(client, empty, OffsetSpec.LATEST);
    return parts.map((p) => { const r = found.get(tpKey(p)); return { ...p, offset: r?.ok && r.value.offset >= 0 ? r.value.offset : ends.get(tpKey(p))! }; });
  }
  if (filePlan) {
    const forGroup = filePlan.get(groupId);
    if (!forGroup) {
      ctx.stdout(`\nError: No reset plan for group ${groupId} found.\n`);
      return [];
    }
    return clamp(ctx, client, forGroup);
  }
  const committed = await current();
  const missing = parts.filter((p) => !committed.has(tpKey(p)));
  const ends = await offsetsAt(client, missing, OffsetSpec.LATEST);
  return parts.map((p) => ({ ...p, offset: committed.get(tpKey(p))?.offset ?? ends.get(tpKey(p))! }));
}

/** Kafka's `printOffsetsToReset`: `GROUP TOPIC PARTITION NEW-OFFSET`, widths from the longest group and topic. */
function printPlan(ctx: ToolContext, plan: Plan): void {
  const groupWidth = Math.max(15, ...[...plan.keys()].map((g) => g.length));
  const topicWidth = Math.max(15, ...[...plan.values()].flat().map((p) => p.topic.length));
  const row = (g: string, t: string, p: string, o: string): string => `\n${padRight(g, groupWidth)} ${padRight(t, topicWidth)} ${padRight(p, 10)} ${o}`;
  let out = plan.size > 0 ? row('GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET') : '';
  for (const [g, offsets] of plan) for (const o of [...offsets].sort(byTp)) out += row(g, o.topic, String(o.partition), String(o.offset));
  ctx.stdout(`${out}\n`);
}

/** Kafka's `--export`: CSV lines, with the group column only when more than one group was named. */
function exportPlan(ctx: ToolContext, plan: Plan, singleGroup: boolean): void {
  let out = '';
  for (const [g, offsets] of plan) for (const o of [...offsets].sort(byTp)) out += `${singleGroup ? '' : `${g},`}${o.topic},${o.partition},${o.offset}\n`;
  ctx.stdout(`${out}\n`);
}

/**
 * `--reset-offsets`: plans new offsets per scenario for inactive groups only (an active group gets Kafka's
 * refusal), prints the plan (or CSV with --export), and commits it with --execute. Returns the exit code.
 */
export async function resetOffsets(ctx: ToolContext, client: KafkaClient, args: ParsedArgs, groups: readonly string[]): Promise<number> {
  if (!args.flag('dry-run') && !args.flag('execute')) {
    ctx.stdout(
      'WARN: No action will be performed as the --execute option is missing. In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.\n',
    );
  }
  const filePlan = args.string('from-file') !== undefined ? planFromFile(args.string('from-file')!, groups) : null;
  const plan: Plan = new Map();
  let refused = false;
  for (const groupId of groups) {
    const g = await describeGroup(client, groupId);
    const state = g.errorCode === 69 ? 'Dead' : g.state;
    if (!isInactive(state)) {
      ctx.stdout(`\nError: Assignments can only be reset if the group '${groupId}' is inactive, but the current state is ${state}.\n`);
      plan.set(groupId, []);
      refused = true;
      continue;
    }
    const parts = filePlan ? [] : await partitionsToReset(client, args, groupId);
    const offsets = await prepare(ctx, client, args, groupId, parts, filePlan);
    if (args.flag('execute') && !args.flag('dry-run') && offsets.length > 0) {
      const results = await alterGroupOffsets(client, groupId, offsets);
      for (const r of results.values()) if (!r.ok) throw r.error;
    }
    plan.set(groupId, offsets);
  }
  if (args.flag('export')) exportPlan(ctx, plan, args.strings('group').length === 1);
  else printPlan(ctx, plan);
  return refused ? 1 : 0;
}
