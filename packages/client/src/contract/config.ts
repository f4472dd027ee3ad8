import type { ConsumerPartitionAssignor } from './assignor.js';

/**
 * Settings every client takes. Keys are Kafka's client config names, so Kafka's documentation applies.
 * Transports ignore keys they have no use for (the in-process transport needs no `bootstrap.servers`).
 */
export interface CommonClientConfig {
  /** `host:port[,host:port...]`; required by network transports, ignored in-process. */
  readonly 'bootstrap.servers'?: string;
  /** Identifies the client in broker logs and quotas (default: generated, e.g. `consumer-group-1`). */
  readonly 'client.id'?: string;
  /** How long to wait for any one response before failing it (Kafka default 30000). */
  readonly 'request.timeout.ms'?: number;
  /** Backoff between retries of a retriable failure (Kafka default 100). */
  readonly 'retry.backoff.ms'?: number;
}

/** Kafka's `acks`: `0` fire and forget, `1` the leader has it, `'all'` (= `-1`) every in-sync replica has it. */
export type Acks = 0 | 1 | -1 | 'all';

/** Kafka's `compression.type` values for a producer. */
export type CompressionTypeName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** Producer settings (Kafka's `ProducerConfig` names and defaults). */
export interface ProducerConfig extends CommonClientConfig {
  /** Default `'all'` (Kafka 3.x). */
  readonly acks?: Acks;
  /** Upper bound of one partition's batch in bytes (default 16384). A larger single record gets its own batch. */
  readonly 'batch.size'?: number;
  /** How long a batch waits for more records before it is sent (default 0: send as soon as the sender is free). */
  readonly 'linger.ms'?: number;
  /** Idempotent producer: a producer id and sequence numbers, so retries never duplicate (default true). */
  readonly 'enable.idempotence'?: boolean;
  /** Batch compression (default `'none'`). */
  readonly 'compression.type'?: CompressionTypeName;
  /** The largest request, and so the largest record, the producer sends (default 1048576); larger: MESSAGE_TOO_LARGE. */
  readonly 'max.request.size'?: number;
  /** Upper bound on the time from `send` to success or failure, retries included (default 120000). */
  readonly 'delivery.timeout.ms'?: number;
  /** Requests in flight per broker connection (default 5; at most 5 with idempotence). */
  readonly 'max.in.flight.requests.per.connection'?: number;
  /** When true, the default partitioner ignores keys and always uses the sticky partitioner (default false). */
  readonly 'partitioner.ignore.keys'?: boolean;
}

/** Kafka's `auto.offset.reset`. */
export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

/** Kafka's `isolation.level`. */
export type IsolationLevel = 'read_uncommitted' | 'read_committed';

/** Consumer settings (Kafka's `ConsumerConfig` names and defaults). */
export interface ConsumerConfig extends CommonClientConfig {
  /** The consumer group; required for `subscribe` and for commits. */
  readonly 'group.id'?: string;
  /** Static membership (KIP-345): a stable id that survives restarts without a rebalance. */
  readonly 'group.instance.id'?: string;
  /** Default 45000. */
  readonly 'session.timeout.ms'?: number;
  /** Default 3000. */
  readonly 'heartbeat.interval.ms'?: number;
  /** Also the rebalance timeout sent in JoinGroup (default 300000). */
  readonly 'max.poll.interval.ms'?: number;
  /** Records one poll returns at most (default 500). */
  readonly 'max.poll.records'?: number;
  /** Where to start without a committed offset (default `'latest'`). */
  readonly 'auto.offset.reset'?: AutoOffsetReset;
  /** Default `'read_uncommitted'`. */
  readonly 'isolation.level'?: IsolationLevel;
  /** Commit the positions in the background every `auto.commit.interval.ms` (default true, as Kafka). */
  readonly 'enable.auto.commit'?: boolean;
  /** Default 5000. */
  readonly 'auto.commit.interval.ms'?: number;
  /** Default 1. */
  readonly 'fetch.min.bytes'?: number;
  /** Default 52428800. */
  readonly 'fetch.max.bytes'?: number;
  /** Default 500. */
  readonly 'fetch.max.wait.ms'?: number;
  /** Default 1048576. */
  readonly 'max.partition.fetch.bytes'?: number;
  /** Verify batch CRCs (default true). */
  readonly 'check.crcs'?: boolean;
  /**
   * The assignors offered in JoinGroup, preferred first (Kafka takes class names; here, assignor objects).
   * Default: `[new RangeAssignor()]`.
   */
  readonly 'partition.assignment.strategy'?: readonly ConsumerPartitionAssignor[];
  /** How often a pattern subscription looks for new matching topics (default 300000, as Kafka). */
  readonly 'metadata.max.age.ms'?: number;
  /** Whether subscribing to a missing topic may create it through Metadata (default true). */
  readonly 'allow.auto.create.topics'?: boolean;
}

/** Admin client settings (Kafka's `AdminClientConfig`). */
export interface AdminConfig extends CommonClientConfig {
  /** How long an admin call keeps retrying retriable coordinator errors before failing (Kafka default 60000). */
  readonly 'default.api.timeout.ms'?: number;
}
