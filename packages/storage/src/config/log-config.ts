import { InvalidConfigError } from '../errors.js';
import { CONFIG_TABLE, INT32_MAX, KAFKA_LONG_MAX, KAFKA_LONG_MAX_STRING, type ConfigRow } from './config-table.js';

/** A value of `cleanup.policy`. */
export type CleanupPolicy = 'delete' | 'compact';

/**
 * The per-topic configuration of a partition log, Kafka's `LogConfig` with Kafka's defaults (3.9). Each
 * property names its Kafka config; `-1` means "no limit" where Kafka says so, and Kafka's `Long.MAX_VALUE`
 * is {@link KAFKA_LONG_MAX}. Build one with {@link logConfig} (typed) or {@link parseLogConfig} (Kafka's
 * string properties); a log takes a new one at run time with `Log.updateConfig`.
 *
 * @example
 * ```ts
 * const config = parseLogConfig({ 'cleanup.policy': 'compact', 'segment.bytes': '1048576' });
 * ```
 */
export interface LogConfig {
  /** `cleanup.policy`: `delete` (retention), `compact` (keep the latest record per key) or both. */
  readonly cleanupPolicy: readonly CleanupPolicy[];
  /** `compression.type` (enforced by the broker's validator, not here). */
  readonly compressionType: string;
  /** `compression.gzip.level` (broker). */
  readonly compressionGzipLevel: number;
  /** `compression.lz4.level` (broker). */
  readonly compressionLz4Level: number;
  /** `compression.zstd.level` (broker). */
  readonly compressionZstdLevel: number;
  /** `delete.retention.ms`: how long compaction keeps tombstones after first cleaning them. */
  readonly deleteRetentionMs: number;
  /** `file.delete.delay.ms`: how long a deleted segment's files live on as `.deleted` before removal. */
  readonly fileDeleteDelayMs: number;
  /** `flush.messages`: fsync after this many records since the last flush. */
  readonly flushMessages: number;
  /** `flush.ms`: fsync once data has been unflushed this long. */
  readonly flushMs: number;
  /** `follower.replication.throttled.replicas` (broker). */
  readonly followerReplicationThrottledReplicas: readonly string[];
  /** `index.interval.bytes`: bytes of batches between two offset index entries. */
  readonly indexIntervalBytes: number;
  /** `leader.replication.throttled.replicas` (broker). */
  readonly leaderReplicationThrottledReplicas: readonly string[];
  /** `local.retention.bytes` (tiered storage; not used). */
  readonly localRetentionBytes: number;
  /** `local.retention.ms` (tiered storage; not used). */
  readonly localRetentionMs: number;
  /** `max.compaction.lag.ms`: a record stays uncompacted at most this long (forces a cleaning). */
  readonly maxCompactionLagMs: number;
  /** `max.message.bytes`: the largest batch the log accepts. */
  readonly maxMessageBytes: number;
  /** `message.downconversion.enable` (broker). */
  readonly messageDownconversionEnable: boolean;
  /** `message.format.version` (deprecated in Kafka 3; carried for describe-configs). */
  readonly messageFormatVersion: string;
  /** `message.timestamp.after.max.ms` (broker validator). */
  readonly messageTimestampAfterMaxMs: number;
  /** `message.timestamp.before.max.ms` (broker validator). */
  readonly messageTimestampBeforeMaxMs: number;
  /** `message.timestamp.difference.max.ms` (deprecated; broker validator). */
  readonly messageTimestampDifferenceMaxMs: number;
  /** `message.timestamp.type`: `CreateTime` or `LogAppendTime` (the broker's validator stamps the batch). */
  readonly messageTimestampType: 'CreateTime' | 'LogAppendTime';
  /** `min.cleanable.dirty.ratio`: compact once dirty bytes exceed this share of the log. */
  readonly minCleanableDirtyRatio: number;
  /** `min.compaction.lag.ms`: a record stays uncompacted at least this long. */
  readonly minCompactionLagMs: number;
  /** `min.insync.replicas` (broker). */
  readonly minInsyncReplicas: number;
  /** `preallocate`: create segment files at full `segment.bytes` size. */
  readonly preallocate: boolean;
  /** `remote.log.copy.disable` (tiered storage; not used). */
  readonly remoteLogCopyDisable: boolean;
  /** `remote.log.delete.on.disable` (tiered storage; not used). */
  readonly remoteLogDeleteOnDisable: boolean;
  /** `remote.storage.enable` (tiered storage; not used). */
  readonly remoteStorageEnable: boolean;
  /** `retention.bytes`: delete old segments while the log is larger; `-1` keeps all. */
  readonly retentionBytes: number;
  /** `retention.ms`: delete segments whose newest record is older; `-1` keeps forever. */
  readonly retentionMs: number;
  /** `segment.bytes`: roll to a new segment before a segment would grow past this. */
  readonly segmentBytes: number;
  /** `segment.index.bytes`: size of each (preallocated) index file; a full index rolls the segment. */
  readonly segmentIndexBytes: number;
  /** `segment.jitter.ms`: random slack subtracted from `segment.ms` per segment. */
  readonly segmentJitterMs: number;
  /** `segment.ms`: roll a segment this long after its first record's timestamp. */
  readonly segmentMs: number;
  /** `unclean.leader.election.enable` (broker). */
  readonly uncleanLeaderElectionEnable: boolean;
}

const BY_NAME = new Map(CONFIG_TABLE.map((r) => [r.name, r]));

function fail(row: ConfigRow, value: string, why: string): never {
  throw new InvalidConfigError(`invalid value "${value}" for configuration ${row.name}: ${why}`);
}

function parseNumber(row: ConfigRow, raw: string): number {
  const s = raw.trim();
  if (row.type === 'double') {
    const v = Number(s);
    if (s === '' || !Number.isFinite(v)) fail(row, raw, 'not a number');
    return v;
  }
  if (!/^-?\d+$/.test(s)) fail(row, raw, 'not an integer');
  if (row.type === 'long') {
    const big = BigInt(s);
    if (big > 9223372036854775807n || big < -9223372036854775808n) fail(row, raw, 'out of the long range');
    // Values beyond what a JS number holds exactly are "practically forever": clamp to KAFKA_LONG_MAX.
    return big >= BigInt(KAFKA_LONG_MAX) ? KAFKA_LONG_MAX : Number(big);
  }
  const v = Number(s);
  if (v > INT32_MAX || v < -INT32_MAX - 1) fail(row, raw, 'out of the int range');
  return v;
}

/** Parses one Kafka config string to the typed value of its row (validating range and allowed values). */
export function parseConfigValue(row: ConfigRow, raw: string): unknown {
  switch (row.type) {
    case 'boolean': {
      const s = raw.trim().toLowerCase();
      if (s !== 'true' && s !== 'false') fail(row, raw, 'expected true or false');
      return s === 'true';
    }
    case 'string': {
      const s = raw.trim();
      if (row.oneOf && !row.oneOf.includes(s)) fail(row, raw, `expected one of ${row.oneOf.join(', ')}`);
      return s;
    }
    case 'list': {
      const items = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
      if (row.oneOf) {
        const bad = items.find((s) => !row.oneOf!.includes(s.toLowerCase()));
        if (bad !== undefined) fail(row, raw, `expected a list of ${row.oneOf.join(', ')}`);
        return [...new Set(items.map((s) => s.toLowerCase()))];
      }
      return items;
    }
    default: {
      const v = parseNumber(row, raw);
      if (row.min !== undefined && v < row.min) fail(row, raw, `must be at least ${row.min}`);
      if (row.max !== undefined && v > row.max) fail(row, raw, `must be at most ${row.max}`);
      return v;
    }
  }
}

/** Kafka's string form of a typed config value (the inverse of {@link parseConfigValue}). */
export function formatConfigValue(row: ConfigRow, value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'number' && row.type === 'long' && value >= KAFKA_LONG_MAX) return KAFKA_LONG_MAX_STRING;
  return String(value);
}

function buildDefaults(): LogConfig {
  const out: Record<string, unknown> = {};
  for (const r of CONFIG_TABLE) out[r.prop] = parseConfigValue(r, r.default);
  return Object.freeze(out) as unknown as LogConfig;
}

/** Kafka's defaults for every topic config (what a topic gets with no override and default broker settings). */
export const DEFAULT_LOG_CONFIG: LogConfig = buildDefaults();

function checkCrossField(config: LogConfig): void {
  if (config.minCompactionLagMs > config.maxCompactionLagMs) {
    throw new InvalidConfigError(
      `conflicting configuration: min.compaction.lag.ms (${config.minCompactionLagMs}) > max.compaction.lag.ms (${config.maxCompactionLagMs})`,
    );
  }
}

/**
 * Parses Kafka topic config strings (`{ 'retention.ms': '3600000' }`) over `base` (default: Kafka's
 * defaults). Unknown names and bad values raise {@link InvalidConfigError}, as Kafka's `LogConfig.validate`.
 */
export function parseLogConfig(props: Readonly<Record<string, string>>, base: LogConfig = DEFAULT_LOG_CONFIG): LogConfig {
  const out: Record<string, unknown> = { ...base };
  for (const [name, raw] of Object.entries(props)) {
    const r = BY_NAME.get(name);
    if (!r) throw new InvalidConfigError(`unknown topic config name: ${name}`);
    out[r.prop] = parseConfigValue(r, raw);
  }
  const config = Object.freeze(out) as unknown as LogConfig;
  checkCrossField(config);
  return config;
}

/** Builds a validated config from typed overrides over `base` (default: Kafka's defaults). */
export function logConfig(overrides: Partial<LogConfig> = {}, base: LogConfig = DEFAULT_LOG_CONFIG): LogConfig {
  const props: Record<string, string> = {};
  for (const r of CONFIG_TABLE) {
    const v = (overrides as Record<string, unknown>)[r.prop];
    if (v !== undefined) props[r.name] = formatConfigValue(r, v);
  }
  return parseLogConfig(props, base);
}

/** The config as Kafka's name → string map (what DescribeConfigs reports). */
export function logConfigToProps(config: LogConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of CONFIG_TABLE) out[r.name] = formatConfigValue(r, (config as unknown as Record<string, unknown>)[r.prop]);
  return out;
}

/** True if the log is compacted (`cleanup.policy` contains `compact`). */
export function isCompacted(config: LogConfig): boolean {
  return config.cleanupPolicy.includes('compact');
}

/** True if retention deletes old segments (`cleanup.policy` contains `delete`). */
export function hasDeleteRetention(config: LogConfig): boolean {
  return config.cleanupPolicy.includes('delete');
}
