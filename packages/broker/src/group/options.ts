import type { Clock } from './clock.js';
import type { CoordinatorLog } from './coordinator-log.js';
import type { PendingOffsetsProbe } from './offsets.js';

/**
 * The broker configuration keys the group coordinator reads, by their Kafka names, with Kafka's defaults.
 * The broker passes the values it parsed from `server.properties`; tests pass just what they vary.
 */
export interface GroupCoordinatorConfig {
  /** `group.initial.rebalance.delay.ms`: how long the first rebalance of an empty group waits for more members. */
  readonly 'group.initial.rebalance.delay.ms': number;
  /** `group.min.session.timeout.ms`: the smallest session timeout a member may ask for. */
  readonly 'group.min.session.timeout.ms': number;
  /** `group.max.session.timeout.ms`: the largest session timeout a member may ask for. */
  readonly 'group.max.session.timeout.ms': number;
  /** `group.max.size`: the most members one group may have. */
  readonly 'group.max.size': number;
  /** `offsets.topic.num.partitions`: partitions of `__consumer_offsets`; a group lives in exactly one. */
  readonly 'offsets.topic.num.partitions': number;
  /** `offsets.retention.minutes`: committed offsets of an empty group expire after this long. */
  readonly 'offsets.retention.minutes': number;
  /** `offsets.retention.check.interval.ms`: how often expired offsets are looked for. */
  readonly 'offsets.retention.check.interval.ms': number;
  /** `offset.metadata.max.bytes`: the longest metadata string an offset commit may carry. */
  readonly 'offset.metadata.max.bytes': number;
}

/** Kafka's defaults for {@link GroupCoordinatorConfig} (Kafka 3.x `server.properties` documentation). */
export const defaultGroupCoordinatorConfig: GroupCoordinatorConfig = Object.freeze({
  'group.initial.rebalance.delay.ms': 3000,
  'group.min.session.timeout.ms': 6000,
  'group.max.session.timeout.ms': 1_800_000,
  'group.max.size': 2_147_483_647,
  'offsets.topic.num.partitions': 50,
  'offsets.retention.minutes': 10_080,
  'offsets.retention.check.interval.ms': 600_000,
  'offset.metadata.max.bytes': 4096,
});

/** The keys of {@link GroupCoordinatorConfig}, for copying them out of a broker configuration. */
export const groupCoordinatorConfigKeys = Object.freeze(
  Object.keys(defaultGroupCoordinatorConfig) as Array<keyof GroupCoordinatorConfig>,
);

/**
 * Reads every {@link GroupCoordinatorConfig} key through `read`.
 *
 * @example
 * ```ts
 * const config = groupCoordinatorConfigFrom((key) => brokerConfig.int(key));
 * ```
 */
export function groupCoordinatorConfigFrom(read: (key: keyof GroupCoordinatorConfig) => number): GroupCoordinatorConfig {
  return Object.fromEntries(groupCoordinatorConfigKeys.map((k) => [k, read(k)])) as unknown as GroupCoordinatorConfig;
}

/** The coordinator's settings in the units it works in. */
export interface ResolvedGroupConfig {
  readonly initialRebalanceDelayMs: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly maxSize: number;
  readonly numPartitions: number;
  readonly offsetsRetentionMs: number;
  readonly retentionCheckIntervalMs: number;
  readonly maxMetadataSize: number;
}

/** Applies defaults to `config` and converts minutes to milliseconds. */
export function resolveGroupConfig(config: Partial<GroupCoordinatorConfig> = {}): ResolvedGroupConfig {
  const c = { ...defaultGroupCoordinatorConfig, ...config };
  return {
    initialRebalanceDelayMs: c['group.initial.rebalance.delay.ms'],
    minSessionTimeoutMs: c['group.min.session.timeout.ms'],
    maxSessionTimeoutMs: c['group.max.session.timeout.ms'],
    maxSize: c['group.max.size'],
    numPartitions: c['offsets.topic.num.partitions'],
    offsetsRetentionMs: c['offsets.retention.minutes'] * 60_000,
    retentionCheckIntervalMs: c['offsets.retention.check.interval.ms'],
    maxMetadataSize: c['offset.metadata.max.bytes'],
  };
}

/** What a {@link GroupCoordinator} is built from. */
export interface GroupCoordinatorOptions {
  /** The `__consumer_offsets` partitions, as the broker provides them. */
  readonly log: CoordinatorLog;
  /** Broker configuration values (Kafka's keys); Kafka's defaults for the rest. */
  readonly config?: Partial<GroupCoordinatorConfig>;
  /** Time and timers; the system clock by default. */
  readonly clock?: Clock;
  /**
   * Whether a topic partition exists. When given, OffsetCommit and OffsetDelete answer
   * UNKNOWN_TOPIC_OR_PARTITION for others without storing anything, as Kafka's request handlers do.
   */
  readonly partitionExists?: (topic: string, partition: number) => boolean;
  /** The transaction coordinator's hook for OffsetFetch's `requireStable` (UNSTABLE_OFFSET_COMMIT). */
  readonly pendingTransactionalOffsets?: PendingOffsetsProbe;
  /** Receives unexpected failures of the coordinator's own logic (the request gets UNKNOWN_SERVER_ERROR). */
  readonly onError?: (err: unknown) => void;
}
