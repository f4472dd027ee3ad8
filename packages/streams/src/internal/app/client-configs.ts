import type { AdminConfig, ConsumerConfig, ProducerConfig } from '@tributary/client';
import type { StreamsProps } from '../../config/streams-config.js';

// Kafka Streams passes client settings through: unprefixed keys reach every client, `consumer.`/`main.consumer.`,
// `producer.` and `admin.` reach one kind. Streams' own keys stay behind.

const STREAMS_ONLY = new Set([
  'application.id', 'client.id', 'default.key.serde', 'default.value.serde', 'default.timestamp.extractor',
  'deserialization.exception.handler', 'default.deserialization.exception.handler', 'production.exception.handler',
  'default.production.exception.handler', 'commit.interval.ms', 'processing.guarantee', 'num.stream.threads', 'state.dir',
  'replication.factor', 'poll.ms', 'buffered.records.per.partition', 'max.task.idle.ms', 'topology.optimization',
  'cache.max.bytes.buffering', 'statestore.cache.max.bytes', 'application.server',
]);

const PREFIXES = ['consumer.', 'main.consumer.', 'restore.consumer.', 'global.consumer.', 'producer.', 'admin.'];

function pick(props: StreamsProps, prefixes: readonly string[]): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || STREAMS_ONLY.has(key) || PREFIXES.some((p) => key.startsWith(p))) continue;
    out[key] = value;
  }
  // Later prefixes win (main.consumer. over consumer.), as in Kafka.
  for (const prefix of prefixes) {
    for (const [key, value] of Object.entries(props)) if (key.startsWith(prefix) && value !== undefined) out[key.slice(prefix.length)] = value;
  }
  return out;
}

/** The main consumer's settings: Kafka Streams' defaults, the user's, then what Streams insists on. */
export function mainConsumerConfig(props: StreamsProps, applicationId: string, clientId: string, forced: Partial<ConsumerConfig>): ConsumerConfig {
  return {
    'auto.offset.reset': 'earliest',
    'max.poll.records': 1000,
    ...pick(props, ['consumer.', 'main.consumer.']),
    'group.id': applicationId,
    'client.id': clientId,
    'enable.auto.commit': false,
    'allow.auto.create.topics': false,
    ...forced,
  } as ConsumerConfig;
}

/**
 * The restore consumer's settings (Kafka's `getRestoreConsumerConfigs`): no group, no commits; `consumer.`, then
 * `restore.consumer.` settings apply.
 */
export function restoreConsumerConfig(props: StreamsProps, clientId: string): ConsumerConfig {
  return {
    'max.poll.records': 1000,
    ...pick(props, ['consumer.', 'restore.consumer.']),
    'client.id': clientId,
    'enable.auto.commit': false,
    'auto.offset.reset': 'earliest',
  } as ConsumerConfig;
}

/** The global consumer's settings (Kafka's `getGlobalConsumerConfigs`): `consumer.`, then `global.consumer.`. */
export function globalConsumerConfig(props: StreamsProps, clientId: string): ConsumerConfig {
  return {
    'max.poll.records': 1000,
    ...pick(props, ['consumer.', 'global.consumer.']),
    'client.id': clientId,
    'enable.auto.commit': false,
    'auto.offset.reset': 'earliest',
  } as ConsumerConfig;
}

export function producerConfig(props: StreamsProps, clientId: string): ProducerConfig {
  return { 'linger.ms': 100, ...pick(props, ['producer.']), 'client.id': clientId } as ProducerConfig;
}

export function adminConfig(props: StreamsProps, clientId: string): AdminConfig {
  return { ...pick(props, ['admin.']), 'client.id': clientId } as AdminConfig;
}

/** Kafka's UnwindowedChangelogTopicConfig defaults (plus CreateTime timestamps). */
export const CHANGELOG_TOPIC_CONFIGS: Readonly<{ [key: string]: string }> = {
  'cleanup.policy': 'compact',
  'message.timestamp.type': 'CreateTime',
};

/** Kafka's `windowstore.changelog.additional.retention.ms` default: a windowed changelog keeps one day more. */
export const WINDOWED_CHANGELOG_ADDITIONAL_RETENTION_MS = 86_400_000;

/** Kafka's RepartitionTopicConfig defaults (plus CreateTime timestamps, as InternalTopicManager sets). */
export const REPARTITION_TOPIC_CONFIGS: Readonly<{ [key: string]: string }> = {
  'cleanup.policy': 'delete',
  'segment.bytes': '52428800',
  'retention.ms': '-1',
  'message.timestamp.type': 'CreateTime',
};
