import { InvalidConfigError } from '../errors.js';
import { logConfigFromBrokerProps } from './broker-defaults.js';
import { KAFKA_LONG_MAX } from './config-table.js';
import type { LogConfig } from './log-config.js';

/**
 * Broker-level settings of the {@link LogManager} and its log cleaner, with Kafka's names and defaults.
 */
export interface LogManagerConfig {
  /** `log.dirs` (or `log.dir`): the folders partition logs live in. */
  readonly logDirs: readonly string[];
  /** `log.retention.check.interval.ms` (300000): how often retention runs. */
  readonly retentionCheckIntervalMs: number;
  /** `log.flush.offset.checkpoint.interval.ms` (60000): how often `recovery-point-offset-checkpoint` is written. */
  readonly recoveryPointCheckpointIntervalMs: number;
  /** `log.flush.start.offset.checkpoint.interval.ms` (60000): how often `log-start-offset-checkpoint` is written. */
  readonly logStartOffsetCheckpointIntervalMs: number;
  /** `replica.high.watermark.checkpoint.interval.ms` (5000): how often `replication-offset-checkpoint` is written. */
  readonly highWatermarkCheckpointIntervalMs: number;
  /** `log.cleaner.enable` (true): run the compaction cleaner. */
  readonly cleanerEnable: boolean;
  /** `log.cleaner.backoff.ms` (15000): pause between cleaner passes. */
  readonly cleanerBackoffMs: number;
  /** `log.cleaner.dedupe.buffer.size` (134217728): bounds the key→offset map (24 bytes an entry, as Kafka counts). */
  readonly cleanerDedupeBufferSize: number;
  /** `log.cleaner.io.buffer.load.factor` (0.9): the share of the dedupe buffer that may fill. */
  readonly cleanerIoBufferLoadFactor: number;
  /** The default topic config (from the `log.*` broker properties). */
  readonly defaultLogConfig: LogConfig;
}

export const DEFAULT_LOG_MANAGER_SETTINGS = {
  retentionCheckIntervalMs: 300_000,
  recoveryPointCheckpointIntervalMs: 60_000,
  logStartOffsetCheckpointIntervalMs: 60_000,
  highWatermarkCheckpointIntervalMs: 5_000,
  cleanerEnable: true,
  cleanerBackoffMs: 15_000,
  cleanerDedupeBufferSize: 134_217_728,
  cleanerIoBufferLoadFactor: 0.9,
} as const;

function num(props: Readonly<Record<string, string>>, name: string, fallback: number, min: number): number {
  const raw = props[name];
  if (raw === undefined) return fallback;
  const v = Number(raw.trim());
  if (!Number.isFinite(v) || v < min) throw new InvalidConfigError(`invalid value "${raw}" for configuration ${name}`);
  return Math.min(v, KAFKA_LONG_MAX);
}

/**
 * Reads the log manager's settings and the default topic config from broker properties
 * (`server.properties` names: `log.dirs`, `log.retention.check.interval.ms`, `log.cleaner.enable`,
 * `log.retention.hours`, ...).
 */
export function logManagerConfigFromBrokerProps(props: Readonly<Record<string, string>>): LogManagerConfig {
  const dirs = (props['log.dirs'] ?? props['log.dir'] ?? '/tmp/kafka-logs').split(',').map((d) => d.trim()).filter(Boolean);
  if (dirs.length === 0) throw new InvalidConfigError('log.dirs is empty');
  const d = DEFAULT_LOG_MANAGER_SETTINGS;
  const enable = (props['log.cleaner.enable'] ?? 'true').trim().toLowerCase();
  if (enable !== 'true' && enable !== 'false') throw new InvalidConfigError(`invalid value "${enable}" for configuration log.cleaner.enable`);
  return {
    logDirs: dirs,
    retentionCheckIntervalMs: num(props, 'log.retention.check.interval.ms', d.retentionCheckIntervalMs, 1),
    recoveryPointCheckpointIntervalMs: num(props, 'log.flush.offset.checkpoint.interval.ms', d.recoveryPointCheckpointIntervalMs, 0),
    logStartOffsetCheckpointIntervalMs: num(props, 'log.flush.start.offset.checkpoint.interval.ms', d.logStartOffsetCheckpointIntervalMs, 0),
    highWatermarkCheckpointIntervalMs: num(props, 'replica.high.watermark.checkpoint.interval.ms', d.highWatermarkCheckpointIntervalMs, 1),
    cleanerEnable: enable === 'true',
    cleanerBackoffMs: num(props, 'log.cleaner.backoff.ms', d.cleanerBackoffMs, 0),
    cleanerDedupeBufferSize: num(props, 'log.cleaner.dedupe.buffer.size', d.cleanerDedupeBufferSize, 24),
    cleanerIoBufferLoadFactor: num(props, 'log.cleaner.io.buffer.load.factor', d.cleanerIoBufferLoadFactor, 0),
    defaultLogConfig: logConfigFromBrokerProps(props),
  };
}
