import { decodeRecordBatchAsync, validateBatchForAppend, type BatchAppendInfo } from '@tributary/protocol';
import { readSlices, type Log, type LogConfig, type LogManager } from '@tributary/storage';
import type { MetadataImage, TopicImage } from '../metadata/image.js';
import { Purgatory, type DelayedOperation } from '../purgatory/purgatory.js';
import { Partition, type PartitionAppendResult } from './partition.js';

/** One partition of a fetch request, as the replica manager needs it. */
export interface FetchPartitionRequest {
  readonly topic: string;
  readonly partition: number;
  readonly fetchOffset: number;
  readonly partitionMaxBytes: number;
  /** -1: not checked. */
  readonly currentLeaderEpoch: number;
}

export interface FetchOptions {
  readonly maxWaitMs: number;
  readonly minBytes: number;
  readonly maxBytes: number;
  /** 0 READ_UNCOMMITTED (up to the high watermark), 1 READ_COMMITTED (up to the last stable offset). */
  readonly isolationLevel: number;
}

/** What a fetch answers per partition. `records` are whole batches read from the segment files. */
export interface FetchPartitionResult {
  readonly topic: string;
  readonly partition: number;
  readonly error: string | null;
  readonly highWatermark: number;
  readonly lastStableOffset: number;
  readonly logStartOffset: number;
  readonly records: Buffer | null;
}

const tpKey = (topic: string, partition: number) => `${topic}-${partition}`;

function appendError(error: string, errorMessage?: string): PartitionAppendResult {
  return { error, ...(errorMessage === undefined ? {} : { errorMessage }), baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
}

/**
 * The partitions this broker hosts and the data path over them (Kafka's `ReplicaManager`): leader appends
 * for Produce, reads for Fetch with long polling in a purgatory, kept in step with the metadata image.
 */
export class ReplicaManager {
  private readonly partitions = new Map<string, Partition>();
  readonly fetchPurgatory = new Purgatory();

  constructor(
    private readonly nodeId: number,
    private readonly logManager: LogManager,
    private readonly image: MetadataImage,
    private readonly clock: () => number = Date.now,
  ) {}

  get(topic: string, partition: number): Partition | undefined {
    return this.partitions.get(tpKey(topic, partition));
  }

  all(): Partition[] {
    return [...this.partitions.values()];
  }

  /** Creates (or opens) the logs of every partition of `topic` this node replicates. */
  async hostTopic(topic: TopicImage): Promise<void> {
    const overrides = Object.fromEntries(topic.configs);
    for (const p of topic.partitions) {
      if (!p || !p.replicas.includes(this.nodeId) || this.partitions.has(tpKey(topic.name, p.partitionId))) continue;
      const log = await this.logManager.getOrCreateLog({ topic: topic.name, partition: p.partitionId }, overrides);
      const partition = new Partition(topic.name, p.partitionId, topic.topicId, log, p.leader, p.leaderEpoch, [...p.replicas], [...p.isr]);
      if (p.leader === this.nodeId && log.latestEpoch() !== p.leaderEpoch) await log.assignEpochStartOffset(p.leaderEpoch, log.logEndOffset);
      await partition.loadProducerState();
      partition.maybeAdvanceHighWatermark();
      this.partitions.set(partition.key, partition);
    }
  }

  /** Deletes the logs of a removed topic. */
  async unhostTopic(topicId: string): Promise<void> {
    for (const [key, p] of this.partitions) {
      if (p.topicId !== topicId) continue;
      this.partitions.delete(key);
      await this.logManager.deleteLog({ topic: p.topic, partition: p.partition });
      this.fetchPurgatory.checkAndComplete(key);
    }
  }

  /** Every log on this broker with the log dir that holds it, as configured (DescribeLogDirs). */
  logsWithDirs(): Array<{ log: Log; logDir: string }> {
    return this.logManager.allLogs();
  }

  /** Replaces the default config of topics without overrides (dynamic broker configs); logs follow at once. */
  updateDefaultLogConfig(config: LogConfig): void {
    this.logManager.updateDefaultConfig(config);
  }

  /** Applies changed topic config overrides to the topic's logs. */
  updateTopicConfig(topic: TopicImage): void {
    this.logManager.updateTopicConfig(topic.name, Object.fromEntries(topic.configs));
  }

  /**
   * Validates and appends one partition's records from a producer, as leader. Compacted topics refuse records
   * without a key (INVALID_RECORD), as Kafka's LogValidator does.
   */
  appendRecords(topic: string, partition: number, records: Buffer | null, options: { allowZstd: boolean }): Promise<PartitionAppendResult> {
    const p = this.get(topic, partition);
    if (!p) return Promise.resolve(appendError(this.image.topic(topic) ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION'));
    if (p.leader !== this.nodeId) return Promise.resolve(appendError('NOT_LEADER_OR_FOLLOWER'));
    const validated = validateBatchForAppend(records, { allowZstd: options.allowZstd, maxBatchBytes: p.log.config.maxMessageBytes });
    if (!validated.ok) return Promise.resolve(appendError(validated.errorName, validated.reason));
    const keylessCheck = p.log.config.cleanupPolicy.includes('compact')
      ? async () =>
          (await hasKeylessRecord(records!))
            ? { error: 'INVALID_RECORD', message: `Compacted topic cannot accept message without key in topic partition ${p.key}.` }
            : null
      : undefined;
    return this.appendValidated(p, records!, validated.batch, keylessCheck);
  }

  /**
   * Appends a batch the broker built itself (coordinator records: always keyed), as leader — Kafka's
   * `AppendOrigin.COORDINATOR`: the same checks of the batch, none of a producer's.
   */
  async appendInternal(topic: string, partition: number, records: Buffer): Promise<PartitionAppendResult> {
    const p = this.get(topic, partition);
    if (!p || p.leader !== this.nodeId) return appendError('NOT_LEADER_OR_FOLLOWER');
    const validated = validateBatchForAppend(records, { maxBatchBytes: p.log.config.maxMessageBytes });
    if (!validated.ok) return appendError(validated.errorName, validated.reason);
    return this.appendValidated(p, records, validated.batch);
  }

  private async appendValidated(
    p: Partition,
    records: Buffer,
    batch: BatchAppendInfo,
    precheck?: () => Promise<{ error: string; message: string } | null>,
  ): Promise<PartitionAppendResult> {
    const result = await p.appendAsLeader(records, batch, this.clock(), precheck);
    if (result.error === null) this.fetchPurgatory.checkAndComplete(p.key);
    return result;
  }

  /** Reads every requested partition once (no waiting). */
  async readPartitions(requests: readonly FetchPartitionRequest[], options: FetchOptions): Promise<FetchPartitionResult[]> {
    const results: FetchPartitionResult[] = [];
    let budget = options.maxBytes;
    for (const req of requests) {
      const p = this.get(req.topic, req.partition);
      const base = { topic: req.topic, partition: req.partition };
      if (!p) {
        const error = this.image.topic(req.topic) ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION';
        results.push({ ...base, error, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: null });
        continue;
      }
      if (req.currentLeaderEpoch >= 0 && req.currentLeaderEpoch !== p.leaderEpoch) {
        const error = req.currentLeaderEpoch < p.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH';
        results.push({ ...base, error, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: null });
        continue;
      }
      const upperBound = options.isolationLevel === 1 ? p.log.lastStableOffset : p.log.highWatermark;
      const maxBytes = Math.max(0, Math.min(req.partitionMaxBytes, budget));
      // The first partition with data may exceed the limits by one batch, so a consumer never stalls (Kafka's minOneMessage).
      const read = await p.log.read(req.fetchOffset, maxBytes, upperBound, { minOneMessage: budget === options.maxBytes });
      const offsets = { highWatermark: p.log.highWatermark, lastStableOffset: p.log.lastStableOffset, logStartOffset: p.log.logStartOffset };
      if (read.errorCode !== 0) {
        results.push({ ...base, error: 'OFFSET_OUT_OF_RANGE', ...offsets, records: null });
        continue;
      }
      const records = read.size > 0 ? await readSlices(read.slices) : Buffer.alloc(0);
      budget -= records.length;
      results.push({ ...base, error: null, ...offsets, records });
    }
    return results;
  }

  /**
   * Fetch with long polling: answers at once when `minBytes` are available, an error occurred or
   * `maxWaitMs` is 0; otherwise waits in the purgatory for an append to one of the partitions, or the timeout.
   */
  fetch(requests: readonly FetchPartitionRequest[], options: FetchOptions): Promise<FetchPartitionResult[]> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let parked = false;
      let checking = false;
      const keys = requests.map((r) => tpKey(r.topic, r.partition));
      const attempt = async (force: boolean): Promise<void> => {
        if (settled || checking) return;
        checking = true;
        try {
          const results = await this.readPartitions(requests, options);
          const bytes = results.reduce((n, r) => n + (r.records?.length ?? 0), 0);
          const errors = results.some((r) => r.error !== null);
          if (force || errors || bytes >= options.minBytes || options.maxWaitMs <= 0) {
            settled = true;
            resolve(results);
            // Leave the purgatory now rather than at the timeout.
            if (parked && keys[0] !== undefined) this.fetchPurgatory.checkAndComplete(keys[0]);
          }
        } catch (e) {
          settled = true;
          reject(e);
        } finally {
          checking = false;
        }
      };
      const op: DelayedOperation = {
        // A change on a watched partition triggers a re-read; the purgatory's synchronous check only says "not yet".
        tryComplete: () => {
          if (settled) return true;
          void attempt(false);
          return settled;
        },
        onComplete: () => void attempt(true),
      };
      void attempt(false).then(() => {
        if (!settled) {
          parked = true;
          this.fetchPurgatory.tryCompleteElseWatch(op, keys, options.maxWaitMs);
        }
      });
    });
  }

  async close(): Promise<void> {
    this.fetchPurgatory.close();
  }
}

async function hasKeylessRecord(records: Buffer): Promise<boolean> {
  const batch = await decodeRecordBatchAsync(records, 0);
  return batch.records.some((r) => r.key === null);
}
