import type { ParsedArgs } from '../args.js';
import { describeCluster, describeConfigs, listReassignments, ResourceType, type ConfigEntry } from '../kafka/admin.js';
import type { KafkaClient } from '../kafka/client.js';
import { ZERO_TOPIC_ID, kafkaUuid, type PartitionInfo, type TopicInfo } from '../kafka/metadata.js';
import { ids } from './support/format.js';

type Reassignment = { replicas: number[]; adding: number[]; removing: number[] };

/** Which partitions `--describe` prints, from the report flags (Kafka's `DescribeOptions`). */
interface DescribeFilter {
  readonly underReplicated: boolean;
  readonly unavailable: boolean;
  readonly underMinIsr: boolean;
  readonly atMinIsr: boolean;
  readonly withOverrides: boolean;
}

function filterFrom(args: ParsedArgs): DescribeFilter {
  return {
    underReplicated: args.flag('under-replicated-partitions'),
    unavailable: args.flag('unavailable-partitions'),
    underMinIsr: args.flag('under-min-isr-partitions'),
    atMinIsr: args.flag('at-min-isr-partitions'),
    withOverrides: args.flag('topics-with-overrides'),
  };
}

/** Replication factor as Kafka computes it: replicas minus those being added by an ongoing reassignment. */
function replicationFactor(p: PartitionInfo, r: Reassignment | undefined): number {
  const changing = new Set([...(r?.adding ?? []), ...(r?.removing ?? [])]);
  const inProgress = r !== undefined && p.replicas.some((id) => changing.has(id));
  return inProgress ? r.replicas.length - r.adding.length : p.replicas.length;
}

/** `Topic: t\tTopicId: ...\tPartitionCount: n\tReplicationFactor: r\tConfigs: k=v,...` (the id only when the broker knows it). */
export function topicLine(t: TopicInfo, rf: number, configs: readonly ConfigEntry[]): string {
  const overrides = configs.filter((c) => c.source !== 'DEFAULT_CONFIG').map((c) => `${c.name}=${c.value ?? ''}`);
  const id = t.topicId !== ZERO_TOPIC_ID && t.topicId !== '' ? `\tTopicId: ${kafkaUuid(t.topicId)}` : '';
  return `Topic: ${t.name}${id}\tPartitionCount: ${t.partitions.length}\tReplicationFactor: ${rf}\tConfigs: ${overrides.join(',')}`;
}

/**
 * `\tTopic: t\tPartition: p\tLeader: l\tReplicas: ..\tIsr: ..` then the reassignment columns when one is in
 * progress and the ELR columns. ELRs come only from DescribeTopicPartitions; from Metadata they are unknown
 * and Kafka's tool prints `N/A`, as here.
 */
export function partitionLine(topic: string, p: PartitionInfo, r: Reassignment | undefined): string {
  let line = `\tTopic: ${topic}\tPartition: ${p.partition}\tLeader: ${p.leader >= 0 ? p.leader : 'none'}\tReplicas: ${ids(p.replicas)}\tIsr: ${ids(p.isr)}`;
  if (r) line += `\tAdding Replicas: ${ids(r.adding)}\tRemoving Replicas: ${ids(r.removing)}`;
  return `${line}\tElr: N/A\tLastKnownElr: N/A`;
}

function minIsr(configs: readonly ConfigEntry[]): number {
  return Number(configs.find((c) => c.name === 'min.insync.replicas')?.value ?? '1');
}

function selected(f: DescribeFilter, p: PartitionInfo, rf: number, configs: readonly ConfigEntry[], live: ReadonlySet<number>): boolean {
  const anyReport = f.underReplicated || f.unavailable || f.underMinIsr || f.atMinIsr;
  if (!anyReport) return true;
  const hasLeader = p.leader >= 0;
  return (
    (f.underReplicated && rf - p.isr.length > 0) ||
    (f.unavailable && (!hasLeader || !live.has(p.leader))) ||
    (f.underMinIsr && (!hasLeader || p.isr.length < minIsr(configs))) ||
    (f.atMinIsr && p.isr.length === minIsr(configs))
  );
}

/** `kafka-topics.sh --describe` for the given topics: lines in Kafka's exact layout. */
export async function describeTopics(client: KafkaClient, args: ParsedArgs, topics: readonly TopicInfo[]): Promise<string[]> {
  const f = filterFrom(args);
  const [cluster, reassignments, configs] = await Promise.all([
    describeCluster(client),
    listReassignments(client),
    Promise.all(topics.map((t) => describeConfigs(client, ResourceType.TOPIC, t.name))),
  ]);
  const live = new Set(cluster.brokers.map((b) => b.id));
  const anyReport = f.underReplicated || f.unavailable || f.underMinIsr || f.atMinIsr;
  const lines: string[] = [];
  topics.forEach((t, i) => {
    const cfg = configs[i]!;
    const first = t.partitions[0];
    const rf = first ? replicationFactor(first, reassignments.get(`${t.name}-${first.partition}`)) : 0;
    const hasOverrides = cfg.some((c) => c.source !== 'DEFAULT_CONFIG');
    if (!anyReport && (!f.withOverrides || hasOverrides)) lines.push(topicLine(t, rf, cfg));
    if (f.withOverrides) return;
    for (const p of t.partitions) {
      const r = reassignments.get(`${t.name}-${p.partition}`);
      if (selected(f, p, replicationFactor(p, r), cfg, live)) lines.push(partitionLine(t.name, p, r));
    }
  });
  return lines;
}
