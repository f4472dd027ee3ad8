import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LOG_MANAGER_SETTINGS, type LogManagerConfig } from './config/log-manager-config.js';
import { DEFAULT_LOG_CONFIG, isCompacted, parseLogConfig, type LogConfig } from './config/log-config.js';
import { InvalidConfigError, LogClosedError } from './errors.js';
import { readOffsetCheckpoint, syncDir, writeFileDurably, writeOffsetCheckpoint } from './internal/checkpoint-file.js';
import {
  CLEANER_OFFSET_CHECKPOINT,
  CLEAN_SHUTDOWN_FILE,
  DELETE_DIR_SUFFIX,
  LOG_START_OFFSET_CHECKPOINT,
  RECOVERY_POINT_CHECKPOINT,
  REPLICATION_OFFSET_CHECKPOINT,
  parsePartitionDirName,
  partitionDirName,
  type TopicPartition,
} from './internal/file-names.js';
import { Scheduler } from './internal/scheduler.js';
import { SerialQueue } from './internal/serial-queue.js';
import { LogCleaner, type CleanerStats } from './cleaner/log-cleaner.js';
import { CleaningAbortedError } from './cleaner/clean-segments.js';
import { Log } from './log.js';

/** Options of {@link LogManager.open}: Kafka's broker settings plus what tests inject. */
export interface LogManagerOptions extends Partial<Omit<LogManagerConfig, 'logDirs'>> {
  readonly logDirs: readonly string[];
  /** Topic config overrides (Kafka names) for logs found at startup; the broker keeps them in its metadata. */
  readonly topicConfigs?: (topic: string) => Readonly<Record<string, string>> | undefined;
  /** Milliseconds clock for retention and compaction (injected in tests). */
  readonly clock?: () => number;
  /** Start the periodic tasks (retention, checkpoints, cleaner). Default true; tests call the `run*` methods. */
  readonly scheduler?: boolean;
  /** Where background task errors go (default: `console.error`). */
  readonly onBackgroundError?: (task: string, error: unknown) => void;
}

interface LoadedDir {
  readonly dir: string;
  readonly hadCleanShutdown: boolean;
}

const key = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`;

/**
 * Owns the log dirs (Kafka's `LogManager`): loads every partition log at startup (recovering after an
 * unclean shutdown), creates and deletes logs, writes the per-dir checkpoints
 * (`recovery-point-offset-checkpoint`, `log-start-offset-checkpoint`, `replication-offset-checkpoint`,
 * `cleaner-offset-checkpoint`), runs retention every `log.retention.check.interval.ms` and the compaction
 * cleaner, and on close leaves a `.kafka_cleanshutdown` marker so the next start skips recovery.
 *
 * @example
 * ```ts
 * const manager = await LogManager.open({ logDirs: ['/data/a', '/data/b'] });
 * const log = await manager.getOrCreateLog({ topic: 'orders', partition: 0 }, { 'retention.ms': '3600000' });
 * ```
 */
export class LogManager {
  private readonly logs = new Map<string, { log: Log; dir: string }>();
  private readonly overrides = new Map<string, Readonly<Record<string, string>>>();
  /** Checkpoint writes go one at a time (they share `.tmp` files). */
  private readonly checkpointQueue = new SerialQueue();
  /** Logs being created, so concurrent calls for one partition share one open. */
  private readonly creating = new Map<string, Promise<Log>>();
  private readonly cleanerCheckpoints = new Map<string, number>();
  private readonly scheduler: Scheduler;
  private readonly cleaner: LogCleaner;
  private readonly clock: () => number;
  private closed = false;
  private defaults: LogConfig;
  /** What the last startup found per dir. */
  readonly loadedDirs: readonly LoadedDir[];

  private constructor(
    private readonly options: LogManagerOptions,
    loadedDirs: LoadedDir[],
  ) {
    this.loadedDirs = loadedDirs;
    this.clock = options.clock ?? Date.now;
    this.defaults = options.defaultLogConfig ?? DEFAULT_LOG_CONFIG;
    const onError = options.onBackgroundError ?? ((task, e) => console.error(`[storage] ${task} failed:`, e));
    this.scheduler = new Scheduler(onError);
    const d = DEFAULT_LOG_MANAGER_SETTINGS;
    this.cleaner = new LogCleaner({
      dedupeBufferSize: options.cleanerDedupeBufferSize ?? d.cleanerDedupeBufferSize,
      loadFactor: options.cleanerIoBufferLoadFactor ?? d.cleanerIoBufferLoadFactor,
    });
  }

  /** Loads every log under `options.logDirs` and starts the background tasks. */
  static async open(options: LogManagerOptions): Promise<LogManager> {
    if (options.logDirs.length === 0) throw new InvalidConfigError('log.dirs is empty');
    const loaded: LoadedDir[] = [];
    for (const dir of options.logDirs) {
      await mkdir(dir, { recursive: true });
      loaded.push({ dir, hadCleanShutdown: await exists(join(dir, CLEAN_SHUTDOWN_FILE)) });
    }
    const manager = new LogManager(options, loaded);
    for (const d of loaded) await manager.loadDir(d);
    // The marker is consumed once every log of the dir is loaded (a crash from now on means recovery).
    for (const d of loaded) await rm(join(d.dir, CLEAN_SHUTDOWN_FILE), { force: true });
    if (options.scheduler !== false) manager.startScheduler();
    return manager;
  }

  private async loadDir({ dir, hadCleanShutdown }: LoadedDir): Promise<void> {
    const recoveryPoints = await readOffsetCheckpoint(join(dir, RECOVERY_POINT_CHECKPOINT));
    const startOffsets = await readOffsetCheckpoint(join(dir, LOG_START_OFFSET_CHECKPOINT));
    const highWatermarks = await readOffsetCheckpoint(join(dir, REPLICATION_OFFSET_CHECKPOINT));
    for (const [k, v] of await readOffsetCheckpoint(join(dir, CLEANER_OFFSET_CHECKPOINT))) this.cleanerCheckpoints.set(k, v);
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      if (!(await stat(path)).isDirectory()) continue;
      if (name.endsWith(DELETE_DIR_SUFFIX)) {
        await rm(path, { recursive: true, force: true });
        continue;
      }
      let tp: TopicPartition;
      try {
        tp = parsePartitionDirName(name);
      } catch {
        continue; // `-future`, `-stray` and foreign folders are left alone
      }
      if (this.logs.has(key(tp))) throw new InvalidConfigError(`duplicate log folders for ${key(tp)} in ${dir} and ${this.logs.get(key(tp))!.dir}`);
      const topicProps = this.options.topicConfigs?.(tp.topic);
      if (topicProps) this.overrides.set(tp.topic, topicProps);
      const log = await Log.open({
        dir: path,
        topicPartition: tp,
        config: this.configFor(tp.topic),
        recoveryPoint: recoveryPoints.get(key(tp)) ?? 0,
        hadCleanShutdown,
        clock: this.clock,
        onRecoveryPointLowered: () => this.checkpointRecoveryPoints(),
        ...optional('logStartOffset', startOffsets.get(key(tp))),
        ...optional('highWatermark', highWatermarks.get(key(tp))),
      });
      this.logs.set(key(tp), { log, dir });
    }
  }

  private startScheduler(): void {
    const d = DEFAULT_LOG_MANAGER_SETTINGS;
    const o = this.options;
    this.scheduler.schedule('kafka-log-retention', o.retentionCheckIntervalMs ?? d.retentionCheckIntervalMs, () => this.runRetention().then(() => undefined));
    this.scheduler.schedule('kafka-recovery-point-checkpoint', o.recoveryPointCheckpointIntervalMs ?? d.recoveryPointCheckpointIntervalMs, () =>
      this.checkpointRecoveryPoints(),
    );
    this.scheduler.schedule('kafka-log-start-offset-checkpoint', o.logStartOffsetCheckpointIntervalMs ?? d.logStartOffsetCheckpointIntervalMs, () =>
      this.checkpointLogStartOffsets(),
    );
    this.scheduler.schedule('highwatermark-checkpoint', o.highWatermarkCheckpointIntervalMs ?? d.highWatermarkCheckpointIntervalMs, () =>
      this.checkpointHighWatermarks(),
    );
    if (o.cleanerEnable ?? d.cleanerEnable) {
      this.scheduler.schedule('kafka-log-cleaner', Math.max(1, o.cleanerBackoffMs ?? d.cleanerBackoffMs), async () => {
        while (!this.closed && (await this.runCleaner())) {
          // Clean logs back to back while some are dirty enough, as Kafka's cleaner thread does.
        }
      });
    }
  }

  private ensureOpen(): void {
    if (this.closed) throw new LogClosedError('log manager is closed');
  }

  /** The topic's config: broker defaults with its overrides. */
  configFor(topic: string): LogConfig {
    const props = this.overrides.get(topic);
    return props ? parseLogConfig(props, this.defaults) : this.defaults;
  }

  /** The log of a partition, if this manager has it. */
  getLog(tp: TopicPartition): Log | undefined {
    return this.logs.get(key(tp))?.log;
  }

  /** Every log, with the log dir it lives in. */
  allLogs(): { log: Log; logDir: string }[] {
    return [...this.logs.values()].map(({ log, dir }) => ({ log, logDir: dir }));
  }

  /**
   * The partition's log, created if missing in the log dir holding the fewest partitions (Kafka's choice).
   * `topicConfig` (Kafka names) becomes the topic's override when given.
   */
  async getOrCreateLog(tp: TopicPartition, topicConfig?: Readonly<Record<string, string>>): Promise<Log> {
    this.ensureOpen();
    const found = this.getLog(tp);
    if (found) return found;
    const pending = this.creating.get(key(tp));
    if (pending) return pending;
    if (topicConfig) this.setTopicOverrides(tp.topic, topicConfig);
    const dir = this.leastLoadedDir();
    const opening = Log.open({
      dir: join(dir, partitionDirName(tp)),
      topicPartition: tp,
      config: this.configFor(tp.topic),
      clock: this.clock,
      onRecoveryPointLowered: () => this.checkpointRecoveryPoints(),
    })
      .then((log) => {
        this.logs.set(key(tp), { log, dir });
        return log;
      })
      .finally(() => this.creating.delete(key(tp)));
    this.creating.set(key(tp), opening);
    return opening;
  }

  private leastLoadedDir(): string {
    const counts = new Map(this.options.logDirs.map((d) => [d, 0]));
    for (const { dir } of this.logs.values()) counts.set(dir, (counts.get(dir) ?? 0) + 1);
    return [...counts].sort((a, b) => a[1] - b[1])[0]![0];
  }

  private setTopicOverrides(topic: string, props: Readonly<Record<string, string>>): LogConfig {
    const config = parseLogConfig(props, this.defaults); // validates before storing
    this.overrides.set(topic, { ...props });
    return config;
  }

  /** Replaces a topic's overrides at run time (AlterConfigs); every partition of the topic takes the new config. */
  updateTopicConfig(topic: string, props: Readonly<Record<string, string>>): LogConfig {
    const config = this.setTopicOverrides(topic, props);
    for (const { log } of this.logs.values()) if (log.topicPartition.topic === topic) log.updateConfig(config);
    return config;
  }

  /** Replaces the broker-level default config (dynamic broker config); topics without an override follow it. */
  updateDefaultConfig(config: LogConfig): void {
    this.defaults = config;
    for (const { log } of this.logs.values()) log.updateConfig(this.configFor(log.topicPartition.topic));
  }

  /**
   * Deletes a partition's log: its folder is renamed to `<topic>-<partition>.<id>-delete` at once (so a
   * crash cannot bring it back) and then removed.
   */
  async deleteLog(tp: TopicPartition): Promise<boolean> {
    const entry = this.logs.get(key(tp));
    if (!entry) return false;
    this.logs.delete(key(tp));
    this.cleanerCheckpoints.delete(key(tp));
    await entry.log.runExclusive(async () => undefined).catch(() => undefined);
    const doomed = join(entry.dir, `${partitionDirName(tp)}.${randomUUID().replace(/-/g, '')}${DELETE_DIR_SUFFIX}`);
    await rename(entry.log.dir, doomed);
    await syncDir(entry.dir);
    await entry.log.delete().catch(() => undefined);
    await rm(doomed, { recursive: true, force: true });
    return true;
  }

  // ---- background work, also callable directly --------------------------------------------------------------

  /** One retention pass over every log (Kafka's `cleanupLogs`); returns the segments deleted. */
  async runRetention(): Promise<number> {
    let deleted = 0;
    for (const { log } of this.logs.values()) {
      if (log.isClosed) continue;
      deleted += await log.deleteOldSegments().catch((e: unknown) => (log.isClosed ? 0 : Promise.reject(e)));
    }
    return deleted;
  }

  /** Cleans the dirtiest compacted log, if one is dirty enough; returns what it did or `null`. */
  async runCleaner(): Promise<CleanerStats | null> {
    this.ensureOpen();
    const candidates = [...this.logs.values()].map((e) => e.log).filter((l) => !l.isClosed && isCompacted(l.config));
    let stats: CleanerStats | null;
    try {
      stats = await this.cleaner.cleanDirtiest(candidates, (tp) => this.cleanerCheckpoints.get(key(tp)));
    } catch (e) {
      // A pass that raced with a truncation, deletion or close is dropped; the next pass starts over.
      if (e instanceof CleaningAbortedError) return null;
      throw e;
    }
    if (!stats) return null;
    this.cleanerCheckpoints.set(key(stats.topicPartition), stats.cleanedUpTo);
    await this.checkpointCleaner();
    return stats;
  }

  /** Writes `recovery-point-offset-checkpoint` in every log dir. */
  async checkpointRecoveryPoints(): Promise<void> {
    await this.writePerDir(RECOVERY_POINT_CHECKPOINT, (log) => log.recoveryPoint);
  }

  /** Writes `log-start-offset-checkpoint` in every log dir (only logs whose start moved past their first segment). */
  async checkpointLogStartOffsets(): Promise<void> {
    await this.writePerDir(LOG_START_OFFSET_CHECKPOINT, (log) => log.logStartOffset);
  }

  /** Writes `replication-offset-checkpoint` (high watermarks) in every log dir. */
  async checkpointHighWatermarks(): Promise<void> {
    await this.writePerDir(REPLICATION_OFFSET_CHECKPOINT, (log) => log.highWatermark);
  }

  private async checkpointCleaner(): Promise<void> {
    await this.writePerDir(CLEANER_OFFSET_CHECKPOINT, (log) => this.cleanerCheckpoints.get(key(log.topicPartition)));
  }

  private writePerDir(file: string, value: (log: Log) => number | undefined): Promise<void> {
    return this.checkpointQueue.run(() => this.writeCheckpoints(file, value));
  }

  private async writeCheckpoints(file: string, value: (log: Log) => number | undefined): Promise<void> {
    for (const dir of this.options.logDirs) {
      const entries: { topic: string; partition: number; offset: number }[] = [];
      for (const e of this.logs.values()) {
        if (e.dir !== dir) continue;
        const offset = value(e.log);
        if (offset !== undefined) entries.push({ ...e.log.topicPartition, offset });
      }
      await writeOffsetCheckpoint(join(dir, file), entries);
    }
  }

  /**
   * Clean shutdown: stops the background tasks, flushes and closes every log, writes the checkpoints and
   * then the `.kafka_cleanshutdown` marker in each dir.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.scheduler.stop();
    for (const { log } of this.logs.values()) await log.close();
    await this.checkpointRecoveryPoints();
    await this.checkpointLogStartOffsets();
    await this.checkpointHighWatermarks();
    await this.checkpointCleaner();
    for (const dir of this.options.logDirs) {
      // A dir holding a log that went offline after an I/O error must be recovered at the next start.
      if ([...this.logs.values()].some((e) => e.dir === dir && e.log.isOffline)) continue;
      // Kafka's CleanShutdownFileHandler writes this JSON (the broker epoch is not known to storage).
      await writeFileDurably(join(dir, CLEAN_SHUTDOWN_FILE), JSON.stringify({ version: '0', broker_epoch: '-1' }));
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function optional<K extends string>(name: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: number };
}
