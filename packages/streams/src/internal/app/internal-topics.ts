import type { Admin, Transport } from '@tributary/client';
import { KafkaProtocolError } from '@tributary/protocol';
import type { StreamsProps } from '../../config/streams-config.js';
import { fullMatch } from '../topology/node-factories.js';
import type { ChangelogSpec } from './changelog-topics.js';
import { adminConfig, REPARTITION_TOPIC_CONFIGS } from './client-configs.js';
import { enforceCopartitioning, sizeRepartitionTopics, type RepartitionTopics, type TopicGroup } from './topic-groups.js';

/** Creates the repartition topics that do not exist yet, with Kafka's repartition-topic configs. */
export async function createRepartitionTopics(admin: Admin, counts: ReadonlyMap<string, number>, replicationFactor: unknown): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [...counts].filter(([t]) => !existing.has(t));
  if (missing.length === 0) return;
  try {
    await admin.createTopics(
      missing.map(([name, numPartitions]) => ({
        name,
        numPartitions,
        ...(typeof replicationFactor === 'number' && replicationFactor > 0 ? { replicationFactor } : {}),
        configs: REPARTITION_TOPIC_CONFIGS,
      })),
    );
  } catch (e) {
    // Another instance (or thread) created them first.
    if (!(e instanceof KafkaProtocolError && e.errorName === 'TOPIC_ALREADY_EXISTS')) throw e;
  }
}

/**
 * Creates the changelog topics that do not exist yet (Kafka's InternalTopicManager for changelogs): each with
 * the partition count of its sub-topology's input and its store's configs.
 */
export async function createChangelogTopics(admin: Admin, specs: readonly ChangelogSpec[], counts: ReadonlyMap<string, number>, replicationFactor: unknown): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.topic) && counts.has(s.topic));
  if (missing.length === 0) return;
  try {
    await admin.createTopics(
      missing.map((s) => ({
        name: s.topic,
        numPartitions: counts.get(s.topic)!,
        ...(typeof replicationFactor === 'number' && replicationFactor > 0 ? { replicationFactor } : {}),
        configs: s.configs,
      })),
    );
  } catch (e) {
    if (!(e instanceof KafkaProtocolError && e.errorName === 'TOPIC_ALREADY_EXISTS')) throw e;
  }
}

/** A changelog's partition count: the largest partition count among its sub-topology's source topics. */
export function changelogCounts(specs: readonly ChangelogSpec[], groups: readonly TopicGroup[], sourcesOf: (g: TopicGroup) => readonly string[], countOf: (topic: string) => number | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const spec of specs) {
    const group = groups.find((g) => g.id === spec.groupId);
    if (group === undefined) continue;
    const sizes = sourcesOf(group).map(countOf).filter((n): n is number => n !== undefined);
    if (sizes.length > 0) out.set(spec.topic, Math.max(...sizes));
  }
  return out;
}

export interface InternalTopicsPlan {
  readonly groups: readonly TopicGroup[];
  readonly repartition: RepartitionTopics;
  readonly copartitionGroups: readonly (readonly string[])[];
  readonly changelogs: readonly ChangelogSpec[];
}

/**
 * Sizes and creates the repartition and changelog topics before the first subscription, from the source topics' metadata -
 * the same computation the assignor's leader makes. Kafka creates them during the first assignment; creating
 * them up front also lets clients that cannot subscribe to missing topics (kafkajs) subscribe. Missing source
 * topics are left for the assignment to report.
 */
export async function prepareInternalTopics(transport: Transport, props: StreamsProps, clientId: string, plan: InternalTopicsPlan): Promise<void> {
  if (plan.repartition.size === 0 && plan.changelogs.length === 0) return;
  const admin = transport.admin(adminConfig(props, `${clientId}-admin`));
  try {
    const all = await admin.listTopics();
    const sourcesOf = (g: TopicGroup) => [...g.sourceTopics, ...all.filter((t) => !g.sourceTopics.includes(t) && g.patterns.some((p) => fullMatch(p, t)))];
    const external = [...new Set(plan.groups.flatMap(sourcesOf))].filter((t) => !plan.repartition.has(t) && all.includes(t));
    const described = external.length === 0 ? [] : await admin.describeTopics(external);
    const known = new Map(described.map((d) => [d.name, d.partitions.length]));
    const { counts, unresolved } = sizeRepartitionTopics(plan.groups, plan.repartition, sourcesOf, (t) => known.get(t));
    if (unresolved.length > 0) return;
    enforceCopartitioning(plan.copartitionGroups, plan.repartition, counts, (t) => known.get(t));
    await createRepartitionTopics(admin, counts, props['replication.factor']);
    const countOf = (t: string) => (plan.repartition.has(t) ? counts.get(t) : known.get(t));
    await createChangelogTopics(admin, plan.changelogs, changelogCounts(plan.changelogs, plan.groups, sourcesOf, countOf), props['replication.factor']);
  } finally {
    await admin.close();
  }
}
