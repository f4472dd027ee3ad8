/**
 * The topic-level log configs of Apache Kafka 3.9: Kafka name, type, default, valid range and the broker-level
 * synonym that supplies the default for every topic (`server.properties`). One row per config; the parser
 * and the README are driven by this table.
 */

/** Kafka's `Long.MAX_VALUE`, which JS numbers cannot hold exactly; parsed to this and printed back as the long. */
export const KAFKA_LONG_MAX = Number.MAX_SAFE_INTEGER;
export const KAFKA_LONG_MAX_STRING = '9223372036854775807';

export type ConfigType = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list';

export interface ConfigRow {
  /** Kafka's topic config name, e.g. `segment.bytes`. */
  readonly name: string;
  /** The {@link LogConfig} property it fills. */
  readonly prop: string;
  readonly type: ConfigType;
  /** Kafka's default, as Kafka prints it. */
  readonly default: string;
  readonly min?: number;
  readonly max?: number;
  /** Allowed values of a string config, or of each list element. */
  readonly oneOf?: readonly string[];
  /** Broker config(s) that set the default for all topics, first one preferred (`log.retention.ms` ...). */
  readonly brokerSynonyms: readonly string[];
  /** True if the storage engine acts on it (the rest are carried for the broker). */
  readonly usedByStorage: boolean;
}

const INT_MAX = 2147483647;
const LONG = KAFKA_LONG_MAX_STRING;
const COMPRESSION = ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'];

function row(
  name: string,
  prop: string,
  type: ConfigType,
  def: string,
  brokerSynonyms: readonly string[],
  usedByStorage: boolean,
  extra: { min?: number; max?: number; oneOf?: readonly string[] } = {},
): ConfigRow {
  return { name, prop, type, default: def, brokerSynonyms, usedByStorage, ...extra };
}

export const CONFIG_TABLE: readonly ConfigRow[] = [
  row('cleanup.policy', 'cleanupPolicy', 'list', 'delete', ['log.cleanup.policy'], true, { oneOf: ['delete', 'compact'] }),
  row('compression.type', 'compressionType', 'string', 'producer', ['compression.type'], false, { oneOf: COMPRESSION }),
  row('compression.gzip.level', 'compressionGzipLevel', 'int', '-1', ['compression.gzip.level'], false, { min: -1, max: 9 }),
  row('compression.lz4.level', 'compressionLz4Level', 'int', '9', ['compression.lz4.level'], false, { min: 1, max: 17 }),
  row('compression.zstd.level', 'compressionZstdLevel', 'int', '3', ['compression.zstd.level'], false, { min: -131072, max: 22 }),
  row('delete.retention.ms', 'deleteRetentionMs', 'long', '86400000', ['log.cleaner.delete.retention.ms'], true, { min: 0 }),
  row('file.delete.delay.ms', 'fileDeleteDelayMs', 'long', '60000', ['log.segment.delete.delay.ms'], true, { min: 0 }),
  row('flush.messages', 'flushMessages', 'long', LONG, ['log.flush.interval.messages'], true, { min: 1 }),
  row('flush.ms', 'flushMs', 'long', LONG, ['log.flush.interval.ms'], true, { min: 0 }),
  row('follower.replication.throttled.replicas', 'followerReplicationThrottledReplicas', 'list', '', [], false),
  row('index.interval.bytes', 'indexIntervalBytes', 'int', '4096', ['log.index.interval.bytes'], true, { min: 0 }),
  row('leader.replication.throttled.replicas', 'leaderReplicationThrottledReplicas', 'list', '', [], false),
  row('local.retention.bytes', 'localRetentionBytes', 'long', '-2', ['log.local.retention.bytes'], false, { min: -2 }),
  row('local.retention.ms', 'localRetentionMs', 'long', '-2', ['log.local.retention.ms'], false, { min: -2 }),
  row('max.compaction.lag.ms', 'maxCompactionLagMs', 'long', LONG, ['log.cleaner.max.compaction.lag.ms'], true, { min: 1 }),
  row('max.message.bytes', 'maxMessageBytes', 'int', '1048588', ['message.max.bytes'], true, { min: 0 }),
  row('message.downconversion.enable', 'messageDownconversionEnable', 'boolean', 'true', ['log.message.downconversion.enable'], false),
  row('message.format.version', 'messageFormatVersion', 'string', '3.0-IV1', ['log.message.format.version'], false),
  row('message.timestamp.after.max.ms', 'messageTimestampAfterMaxMs', 'long', LONG, ['log.message.timestamp.after.max.ms'], false, { min: 0 }),
  row('message.timestamp.before.max.ms', 'messageTimestampBeforeMaxMs', 'long', LONG, ['log.message.timestamp.before.max.ms'], false, { min: 0 }),
  row('message.timestamp.difference.max.ms', 'messageTimestampDifferenceMaxMs', 'long', LONG, ['log.message.timestamp.difference.max.ms'], false, { min: 0 }),
  row('message.timestamp.type', 'messageTimestampType', 'string', 'CreateTime', ['log.message.timestamp.type'], false, {
    oneOf: ['CreateTime', 'LogAppendTime'],
  }),
  row('min.cleanable.dirty.ratio', 'minCleanableDirtyRatio', 'double', '0.5', ['log.cleaner.min.cleanable.ratio'], true, { min: 0, max: 1 }),
  row('min.compaction.lag.ms', 'minCompactionLagMs', 'long', '0', ['log.cleaner.min.compaction.lag.ms'], true, { min: 0 }),
  row('min.insync.replicas', 'minInsyncReplicas', 'int', '1', ['min.insync.replicas'], false, { min: 1 }),
  row('preallocate', 'preallocate', 'boolean', 'false', ['log.preallocate'], true),
  row('remote.log.copy.disable', 'remoteLogCopyDisable', 'boolean', 'false', [], false),
  row('remote.log.delete.on.disable', 'remoteLogDeleteOnDisable', 'boolean', 'false', [], false),
  row('remote.storage.enable', 'remoteStorageEnable', 'boolean', 'false', [], false),
  row('retention.bytes', 'retentionBytes', 'long', '-1', ['log.retention.bytes'], true),
  row('retention.ms', 'retentionMs', 'long', '604800000', ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'], true, { min: -1 }),
  // Kafka 3.9 accepts segments down to 14 bytes (one legacy record); we keep that so tests can roll often.
  row('segment.bytes', 'segmentBytes', 'int', '1073741824', ['log.segment.bytes'], true, { min: 14 }),
  row('segment.index.bytes', 'segmentIndexBytes', 'int', '10485760', ['log.index.size.max.bytes'], true, { min: 4 }),
  row('segment.jitter.ms', 'segmentJitterMs', 'long', '0', ['log.roll.jitter.ms', 'log.roll.jitter.hours'], true, { min: 0 }),
  row('segment.ms', 'segmentMs', 'long', '604800000', ['log.roll.ms', 'log.roll.hours'], true, { min: 1 }),
  row('unclean.leader.election.enable', 'uncleanLeaderElectionEnable', 'boolean', 'false', ['unclean.leader.election.enable'], false),
];

/** Multipliers of the broker synonyms given in coarser units (`log.retention.hours` ...). */
export const SYNONYM_UNIT_MS: Readonly<Record<string, number>> = {
  'log.retention.minutes': 60_000,
  'log.retention.hours': 3_600_000,
  'log.roll.hours': 3_600_000,
  'log.roll.jitter.hours': 3_600_000,
};

export const INT32_MAX = INT_MAX;
