import type { Admin, Transport } from '@tributary/client';
import { KafkaProtocolError } from '@tributary/protocol';
import type { StreamsProps } from '../../config/streams-config.js';
import { fullMatch } from '../topology/node-factories.js';
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

export interface InternalTopicsPlan {
  readonly groups: readonly TopicGroup[];
  readonly repartition: RepartitionTopics;
  readonly copartitionGroups: readonly (readonly string[])[];
}

/**
 * Sizes and creates the repartition topics before the first subscription, from the source topics' metadata -
 * the same computation the assignor's leader makes. Kafka creates them during the first assignment; creating
 * them up front also lets clients that cannot subscribe to missing topics (kafkajs) subscribe. Missing source
 * topics are left for the assignment to report.
 */
export async function prepareInternalTopics(transport: Transport, props: StreamsProps, clientId: string, plan: InternalTopicsPlan): Promise<void> {
  if (plan.repartition.size === 0) return;
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
  } finally {
    await admin.close();
  }
}
