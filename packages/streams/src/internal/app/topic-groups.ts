import { TopologyException } from '../../common/errors.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { fullMatch } from '../topology/node-factories.js';

/** One sub-topology as the runtime sees it (Kafka's TopicsInfo): what it reads and writes, decorated. */
export interface TopicGroup {
  readonly id: number;
  readonly nodeNames: ReadonlySet<string>;
  /** Topics named by its sources (internal ones as `<application.id>-<name>`). */
  readonly sourceTopics: readonly string[];
  readonly patterns: readonly RegExp[];
  /** Fixed topics its sinks write. */
  readonly sinkTopics: readonly string[];
}

/** Internal (repartition) topics: decorated name -> fixed partition count, if any. */
export type RepartitionTopics = ReadonlyMap<string, number | undefined>;

/** The sub-topologies that generate tasks (global stores' do not), with their ids. */
export function topicGroups(builder: InternalTopologyBuilder, appId: string): TopicGroup[] {
  const groups: TopicGroup[] = [];
  for (const [id, names] of builder.nodeGroups()) {
    if (builder.isGlobalGroup(names)) continue;
    const sourceTopics: string[] = [];
    const patterns: RegExp[] = [];
    const sinkTopics: string[] = [];
    for (const name of names) {
      const def = builder.nodeFactories.get(name)!;
      if (def.kind === 'source') {
        for (const t of def.topics ?? []) sourceTopics.push(builder.decorateTopic(t, appId));
        if (def.pattern !== undefined) patterns.push(def.pattern);
      } else if (def.kind === 'sink' && def.topic !== undefined) {
        sinkTopics.push(builder.decorateTopic(def.topic, appId));
      }
    }
    groups.push({ id, nodeNames: new Set(names), sourceTopics, patterns, sinkTopics });
  }
  return groups;
}

export function repartitionTopics(builder: InternalTopologyBuilder, appId: string): RepartitionTopics {
  const out = new Map<string, number | undefined>();
  for (const [name, props] of builder.internalTopics) out.set(`${appId}-${name}`, props.numberOfPartitions);
  return out;
}

/** What the main consumer subscribes to: every source topic, or one pattern when a source uses a pattern. */
export function subscription(groups: readonly TopicGroup[]): readonly string[] | RegExp {
  const topics = [...new Set(groups.flatMap((g) => g.sourceTopics))].sort();
  const patterns = groups.flatMap((g) => g.patterns);
  if (patterns.length === 0) return topics;
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parts = [...topics.map(escape), ...patterns.map((p) => `(?:${p.source})`)];
  return new RegExp(`^(?:${parts.join('|')})$`);
}

/** The sub-topology reading a topic (by name or by a fully matching pattern). */
export function groupOfTopic(groups: readonly TopicGroup[], topic: string): TopicGroup | undefined {
  for (const g of groups) if (g.sourceTopics.includes(topic)) return g;
  for (const g of groups) if (g.patterns.some((p) => fullMatch(p, topic))) return g;
  return undefined;
}

/**
 * Partition counts of the repartition topics (Kafka's RepartitionTopics): a fixed count, else the largest
 * partition count among the source topics of the sub-topologies writing into it, resolved until stable.
 * Returns the topics it could not size (their upstream source topics are missing).
 */
export function sizeRepartitionTopics(
  groups: readonly TopicGroup[],
  repartition: RepartitionTopics,
  sourcesOf: (g: TopicGroup) => readonly string[],
  partitionCount: (topic: string) => number | undefined,
): { counts: Map<string, number>; unresolved: string[] } {
  const counts = new Map<string, number>();
  for (const [t, n] of repartition) if (n !== undefined) counts.set(t, n);
  const countOf = (t: string) => (repartition.has(t) ? counts.get(t) : partitionCount(t));
  for (let progress = true; progress; ) {
    progress = false;
    for (const topic of repartition.keys()) {
      if (counts.has(topic)) continue;
      let max: number | undefined;
      let known = true;
      for (const g of groups) {
        if (!g.sinkTopics.includes(topic)) continue;
        for (const s of sourcesOf(g)) {
          const n = countOf(s);
          if (n === undefined) known = false;
          else max = Math.max(max ?? 0, n);
        }
      }
      if (known && max !== undefined) {
        counts.set(topic, max);
        progress = true;
      }
    }
  }
  return { counts, unresolved: [...repartition.keys()].filter((t) => !counts.has(t)) };
}

/**
 * Kafka's CopartitionedTopicsEnforcer: topics joined together must have equal partition counts; repartition
 * topics without a fixed count take the group's count.
 */
export function enforceCopartitioning(
  copartitionGroups: readonly (readonly string[])[],
  repartition: RepartitionTopics,
  counts: Map<string, number>,
  partitionCount: (topic: string) => number | undefined,
): void {
  for (const group of copartitionGroups) {
    const external = group.filter((t) => !repartition.has(t) || repartition.get(t) !== undefined);
    const sizes = new Set(external.map((t) => (repartition.has(t) ? counts.get(t) : partitionCount(t))).filter((n): n is number => n !== undefined));
    if (sizes.size > 1) {
      throw new TopologyException(`Topics not co-partitioned: [${group.join(',')}]`);
    }
    const target = sizes.size === 1 ? [...sizes][0]! : Math.max(...group.map((t) => counts.get(t) ?? 0));
    for (const t of group) if (repartition.has(t) && repartition.get(t) === undefined) counts.set(t, target);
  }
}
