import type { ConsumerPartitionAssignor } from '../../contract/assignor.js';
import type { AutoOffsetReset, ConsumerConfig } from '../../contract/config.js';
import { ClientError } from '../../contract/errors.js';
import { RangeAssignor } from '../../assignors/range.js';
import type { FetchSettings } from './fetcher.js';

/** The consumer settings with Kafka's defaults applied. */
export interface ConsumerSettings {
  readonly groupId: string | null;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly maxPollRecords: number;
  readonly autoOffsetReset: AutoOffsetReset;
  readonly autoCommit: boolean;
  readonly autoCommitIntervalMs: number;
  readonly retryBackoffMs: number;
  readonly assignors: readonly ConsumerPartitionAssignor[];
  readonly allowAutoCreateTopics: boolean;
  readonly metadataMaxAgeMs: number;
  readonly fetch: FetchSettings;
}

/** Reads a {@link ConsumerConfig}, applying Kafka's defaults and checking values as Kafka's `ConsumerConfig` does. */
export function consumerSettings(c: ConsumerConfig): ConsumerSettings {
  const reset = c['auto.offset.reset'] ?? 'latest';
  if (!['earliest', 'latest', 'none'].includes(reset)) throw new ClientError('CLIENT_CONFIG', `auto.offset.reset ${reset} is not earliest, latest or none`);
  const isolation = c['isolation.level'] ?? 'read_uncommitted';
  if (isolation !== 'read_uncommitted' && isolation !== 'read_committed') throw new ClientError('CLIENT_CONFIG', `isolation.level ${isolation} is not read_uncommitted or read_committed`);
  const maxPollRecords = c['max.poll.records'] ?? 500;
  if (!(maxPollRecords >= 1)) throw new ClientError('CLIENT_CONFIG', 'max.poll.records must be at least 1');
  const assignors = c['partition.assignment.strategy'] ?? [new RangeAssignor()];
  if (assignors.length === 0) throw new ClientError('CLIENT_CONFIG', 'partition.assignment.strategy needs at least one assignor');
  return {
    groupId: c['group.id'] ?? null,
    groupInstanceId: c['group.instance.id'] ?? null,
    sessionTimeoutMs: c['session.timeout.ms'] ?? 45000,
    heartbeatIntervalMs: c['heartbeat.interval.ms'] ?? 3000,
    maxPollIntervalMs: c['max.poll.interval.ms'] ?? 300000,
    maxPollRecords,
    autoOffsetReset: reset,
    autoCommit: (c['enable.auto.commit'] ?? true) && c['group.id'] !== undefined,
    autoCommitIntervalMs: c['auto.commit.interval.ms'] ?? 5000,
    retryBackoffMs: c['retry.backoff.ms'] ?? 100,
    assignors,
    allowAutoCreateTopics: c['allow.auto.create.topics'] ?? true,
    metadataMaxAgeMs: c['metadata.max.age.ms'] ?? 300000,
    fetch: {
      minBytes: c['fetch.min.bytes'] ?? 1,
      maxBytes: c['fetch.max.bytes'] ?? 52428800,
      maxWaitMs: c['fetch.max.wait.ms'] ?? 500,
      partitionMaxBytes: c['max.partition.fetch.bytes'] ?? 1048576,
      isolationLevel: isolation === 'read_committed' ? 1 : 0,
      verifyCrc: c['check.crcs'] ?? true,
    },
  };
}
