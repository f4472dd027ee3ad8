import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IllegalArgumentException } from '../common/errors.js';
import type { DeserializationExceptionHandler, ProductionExceptionHandler } from '../handlers/handlers.js';
import { DefaultProductionExceptionHandler, LogAndFailExceptionHandler } from '../handlers/handlers.js';
import { FailOnInvalidTimestamp, type TimestampExtractor } from '../processor/extractors.js';
import type { Serde } from '../serialization/serde.js';

/**
 * A Kafka Streams application's settings, keyed by Kafka's `StreamsConfig` names. Where Kafka takes a class name
 * (serdes, extractors, handlers), pass an instance. Client settings pass through with Kafka's prefixes
 * (`consumer.`, `producer.`, `admin.`, `main.consumer.`, ...), or unprefixed for all clients.
 *
 * @example
 * ```ts
 * const props: StreamsProps = {
 *   [StreamsConfig.APPLICATION_ID_CONFIG]: 'wordcount',
 *   [StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG]: Serdes.String(),
 * };
 * ```
 */
export interface StreamsProps {
  readonly 'application.id'?: string;
  readonly 'bootstrap.servers'?: string;
  /** `host:port` where this instance serves interactive queries, shared with the others (default none). */
  readonly 'application.server'?: string;
  readonly 'client.id'?: string;
  readonly 'default.key.serde'?: Serde<unknown>;
  readonly 'default.value.serde'?: Serde<unknown>;
  readonly 'default.timestamp.extractor'?: TimestampExtractor;
  readonly 'deserialization.exception.handler'?: DeserializationExceptionHandler;
  /** The pre-4.0 name of `deserialization.exception.handler`. */
  readonly 'default.deserialization.exception.handler'?: DeserializationExceptionHandler;
  readonly 'production.exception.handler'?: ProductionExceptionHandler;
  /** The pre-4.0 name of `production.exception.handler`. */
  readonly 'default.production.exception.handler'?: ProductionExceptionHandler;
  /** Default 30000 (100 under exactly-once). */
  readonly 'commit.interval.ms'?: number;
  /** `at_least_once` (default). */
  readonly 'processing.guarantee'?: 'at_least_once';
  /** Default 1. */
  readonly 'num.stream.threads'?: number;
  /** Default `${os.tmpdir()}/kafka-streams`. */
  readonly 'state.dir'?: string;
  /** Replication factor of internal topics; default -1 (the broker's default). */
  readonly 'replication.factor'?: number;
  /** Default 100. */
  readonly 'poll.ms'?: number;
  /** Default 1000. */
  readonly 'buffered.records.per.partition'?: number;
  /**
   * How long a task with an empty input partition waits, in wall-clock ms, for records of that partition before
   * it processes its other partitions' records anyway (Kafka's KIP-353/KIP-695). Default 0: wait only while the
   * broker is known to have records of that partition not yet fetched. -1: never wait.
   */
  readonly 'max.task.idle.ms'?: number;
  /** The record cache budget of all stream threads together, in bytes; default 10485760 (10 MiB). */
  readonly 'statestore.cache.max.bytes'?: number;
  /** The pre-3.4 name of `statestore.cache.max.bytes`. */
  readonly 'cache.max.bytes.buffering'?: number;
  readonly [key: string]: unknown;
}

/** Kafka's `StreamsConfig` key constants, so code ported from Java reads the same. */
export const StreamsConfig = {
  APPLICATION_ID_CONFIG: 'application.id',
  BOOTSTRAP_SERVERS_CONFIG: 'bootstrap.servers',
  APPLICATION_SERVER_CONFIG: 'application.server',
  CLIENT_ID_CONFIG: 'client.id',
  DEFAULT_KEY_SERDE_CLASS_CONFIG: 'default.key.serde',
  DEFAULT_VALUE_SERDE_CLASS_CONFIG: 'default.value.serde',
  DEFAULT_TIMESTAMP_EXTRACTOR_CLASS_CONFIG: 'default.timestamp.extractor',
  DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG: 'deserialization.exception.handler',
  DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG: 'default.deserialization.exception.handler',
  PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG: 'production.exception.handler',
  DEFAULT_PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG: 'default.production.exception.handler',
  COMMIT_INTERVAL_MS_CONFIG: 'commit.interval.ms',
  PROCESSING_GUARANTEE_CONFIG: 'processing.guarantee',
  NUM_STREAM_THREADS_CONFIG: 'num.stream.threads',
  STATE_DIR_CONFIG: 'state.dir',
  REPLICATION_FACTOR_CONFIG: 'replication.factor',
  POLL_MS_CONFIG: 'poll.ms',
  BUFFERED_RECORDS_PER_PARTITION_CONFIG: 'buffered.records.per.partition',
  MAX_TASK_IDLE_MS_CONFIG: 'max.task.idle.ms',
  STATESTORE_CACHE_MAX_BYTES_CONFIG: 'statestore.cache.max.bytes',
  CACHE_MAX_BYTES_BUFFERING_CONFIG: 'cache.max.bytes.buffering',
  AT_LEAST_ONCE: 'at_least_once',
  CONSUMER_PREFIX: 'consumer.',
  MAIN_CONSUMER_PREFIX: 'main.consumer.',
  RESTORE_CONSUMER_PREFIX: 'restore.consumer.',
  GLOBAL_CONSUMER_PREFIX: 'global.consumer.',
  PRODUCER_PREFIX: 'producer.',
  ADMIN_CLIENT_PREFIX: 'admin.',
} as const;

/** The settings the runtime and the test driver read, with Kafka's defaults filled in. */
export interface ResolvedStreamsConfig {
  readonly applicationId: string;
  readonly defaultKeySerde: Serde<unknown> | undefined;
  readonly defaultValueSerde: Serde<unknown> | undefined;
  readonly timestampExtractor: TimestampExtractor;
  readonly deserializationHandler: DeserializationExceptionHandler;
  readonly productionHandler: ProductionExceptionHandler;
  readonly commitIntervalMs: number;
  readonly numStreamThreads: number;
  readonly pollMs: number;
  readonly bufferedRecordsPerPartition: number;
  /** `max.task.idle.ms`: -1 (never wait), or the ms to wait for an empty partition once it is caught up. Default 0. */
  readonly maxTaskIdleMs: number;
  /** `state.dir`, default `${os.tmpdir()}/kafka-streams`. */
  readonly stateDir: string;
  /** `statestore.cache.max.bytes` (or the old `cache.max.bytes.buffering`), default 10485760. */
  readonly cacheMaxBytes: number;
  readonly props: Readonly<StreamsProps>;
}

const DEFAULT_CACHE_MAX_BYTES = 10 * 1024 * 1024;

function nonNegative(props: StreamsProps, key: string, fallback: number): number {
  const value = props[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new IllegalArgumentException(`Invalid value ${String(value)} for configuration ${key}: must be a non-negative number`);
  }
  return value;
}

/** `max.task.idle.ms`: -1 (disabled) or a non-negative number of ms. */
function maxTaskIdleMs(props: StreamsProps): number {
  const value = props['max.task.idle.ms'];
  if (value === -1) return -1;
  return nonNegative(props, 'max.task.idle.ms', 0);
}

/** Kafka's rule: the new name wins when both are set. */
function cacheMaxBytes(props: StreamsProps): number {
  if (props['statestore.cache.max.bytes'] !== undefined) return nonNegative(props, 'statestore.cache.max.bytes', DEFAULT_CACHE_MAX_BYTES);
  return nonNegative(props, 'cache.max.bytes.buffering', DEFAULT_CACHE_MAX_BYTES);
}

/** Fills Kafka's defaults; `application.id` is required unless `fallbackApplicationId` is given (test driver). */
export function resolveStreamsConfig(props: StreamsProps, fallbackApplicationId?: string): ResolvedStreamsConfig {
  const applicationId = props['application.id'] ?? fallbackApplicationId;
  if (applicationId === undefined || applicationId === '') {
    throw new IllegalArgumentException('Missing required configuration "application.id" which has no default value.');
  }
  const guarantee = props['processing.guarantee'] ?? 'at_least_once';
  if (guarantee !== 'at_least_once') {
    throw new IllegalArgumentException(`Invalid value ${String(guarantee)} for configuration processing.guarantee: only at_least_once is supported so far`);
  }
  return {
    applicationId,
    defaultKeySerde: props['default.key.serde'] as Serde<unknown> | undefined,
    defaultValueSerde: props['default.value.serde'] as Serde<unknown> | undefined,
    timestampExtractor: props['default.timestamp.extractor'] ?? new FailOnInvalidTimestamp(),
    deserializationHandler: props['deserialization.exception.handler'] ?? props['default.deserialization.exception.handler'] ?? new LogAndFailExceptionHandler(),
    productionHandler: props['production.exception.handler'] ?? props['default.production.exception.handler'] ?? new DefaultProductionExceptionHandler(),
    commitIntervalMs: nonNegative(props, 'commit.interval.ms', 30_000),
    numStreamThreads: Math.max(1, nonNegative(props, 'num.stream.threads', 1)),
    pollMs: nonNegative(props, 'poll.ms', 100),
    bufferedRecordsPerPartition: Math.max(1, nonNegative(props, 'buffered.records.per.partition', 1000)),
    maxTaskIdleMs: maxTaskIdleMs(props),
    stateDir: typeof props['state.dir'] === 'string' && props['state.dir'] !== '' ? props['state.dir'] : join(tmpdir(), 'kafka-streams'),
    cacheMaxBytes: cacheMaxBytes(props),
    props,
  };
}
