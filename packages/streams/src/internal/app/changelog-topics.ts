import type { StoreBuilder } from '../../processor/state-store.js';
import { changelogTopic } from '../processor-state/task-state-manager.js';
import type { InternalTopologyBuilder } from '../topology/internal-topology-builder.js';
import { CHANGELOG_TOPIC_CONFIGS, WINDOWED_CHANGELOG_ADDITIONAL_RETENTION_MS } from './client-configs.js';
import type { TopicGroup } from './topic-groups.js';

/** A changelog topic to create: name, the sub-topology whose partition count it takes, and its configs. */
export interface ChangelogSpec {
  readonly topic: string;
  readonly groupId: number;
  readonly configs: Readonly<{ [key: string]: string }>;
}

/**
 * The changelog topic configs of a store (Kafka's UnwindowedChangelogTopicConfig / WindowedChangelogTopicConfig):
 * `cleanup.policy=compact`; a windowed store (one whose builder reports a `retentionPeriod()`) gets
 * `compact,delete` and keeps its records for the retention plus one day. The builder's `logConfig()` wins.
 */
export function changelogConfigs(builder: StoreBuilder, props: Readonly<{ [key: string]: unknown }>): { [key: string]: string } {
  const logConfig = typeof builder.logConfig === 'function' ? builder.logConfig() : {};
  const retention = (builder as { retentionPeriod?: () => number }).retentionPeriod?.();
  if (retention === undefined) return { ...CHANGELOG_TOPIC_CONFIGS, ...logConfig };
  const extra = typeof props['windowstore.changelog.additional.retention.ms'] === 'number' ? props['windowstore.changelog.additional.retention.ms'] : WINDOWED_CHANGELOG_ADDITIONAL_RETENTION_MS;
  return { ...CHANGELOG_TOPIC_CONFIGS, 'cleanup.policy': 'compact,delete', 'retention.ms': String(retention + extra), ...logConfig };
}

/** The changelog topics of the logged stores of every task-generating sub-topology. */
export function changelogTopics(builder: InternalTopologyBuilder, groups: readonly TopicGroup[], appId: string, props: Readonly<{ [key: string]: unknown }>): ChangelogSpec[] {
  const out: ChangelogSpec[] = [];
  for (const group of groups) {
    const seen = new Set<string>();
    for (const name of group.nodeNames) {
      const def = builder.nodeFactories.get(name);
      if (def?.kind !== 'processor') continue;
      for (const storeName of def.stores) {
        const store = builder.stateFactories.get(storeName)?.builder;
        if (store === undefined || seen.has(storeName) || !(typeof store.loggingEnabled === 'function' && store.loggingEnabled())) continue;
        seen.add(storeName);
        out.push({ topic: changelogTopic(appId, storeName), groupId: group.id, configs: changelogConfigs(store, props) });
      }
    }
  }
  return out;
}
