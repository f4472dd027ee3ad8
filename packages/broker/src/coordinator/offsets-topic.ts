import { KafkaProtocolError, decodeRecordBatchAsync, encodeRecordBatch, iterateRecordEntries, kafkaErrorByCode } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { BrokerConfig } from '../config/broker-config.js';
import type { Controller } from '../controller/controller.js';
import type { CoordinatorLog, CoordinatorRecord, StoredCoordinatorRecord } from '../group/index.js';
import type { MetadataImage } from '../metadata/image.js';
import type { ReplicaManager } from '../replica/replica-manager.js';

/** Kafka's group metadata topic. */
export const OFFSETS_TOPIC = '__consumer_offsets';

/**
 * `__consumer_offsets` as the group coordinator's log: coordinator records go in as keyed v2 batches appended
 * as leader; loading replays a partition from its log start to its high watermark. Created on first use, as
 * Kafka creates it on the first FindCoordinator, compacted, with `offsets.topic.num.partitions` partitions.
 */
export class OffsetsTopicLog implements CoordinatorLog {
  private creating: Promise<boolean> | null = null;

  constructor(
    private readonly config: BrokerConfig,
    private readonly image: MetadataImage,
    private readonly controller: Controller,
    private readonly replicas: ReplicaManager,
    private readonly warn: (message: string) => void,
  ) {}

  get exists(): boolean {
    return this.image.topic(OFFSETS_TOPIC) !== undefined;
  }

  /**
   * Creates the topic if it does not exist yet; resolves to true when it was created now. The replication
   * factor is capped by the live brokers: Kafka would refuse until enough brokers exist, which would leave a
   * single embedded broker without groups under the default `offsets.topic.replication.factor=3`.
   */
  ensure(): Promise<boolean> {
    if (this.exists) return Promise.resolve(false);
    this.creating ??= (async () => {
      const wanted = this.config.int('offsets.topic.replication.factor');
      const live = Math.max(1, this.controller.liveBrokers.length);
      if (wanted > live) this.warn(`offsets.topic.replication.factor=${wanted} exceeds the ${live} live broker(s); creating ${OFFSETS_TOPIC} with replication factor ${live}`);
      const result = await this.controller.createTopic({
        name: OFFSETS_TOPIC,
        numPartitions: this.config.int('offsets.topic.num.partitions'),
        replicationFactor: Math.min(wanted, live),
        configs: {
          'cleanup.policy': 'compact',
          'compression.type': 'producer',
          'segment.bytes': String(this.config.int('offsets.topic.segment.bytes')),
        },
      });
      if (!result.ok && result.error !== 'TOPIC_ALREADY_EXISTS') throw new Error(`cannot create ${OFFSETS_TOPIC}: ${result.message}`);
      return result.ok;
    })().finally(() => {
      this.creating = null;
    });
    return this.creating;
  }

  async append(partition: number, records: ReadonlyArray<CoordinatorRecord>): Promise<void> {
    const batch = encodeRecordBatch({ records: records.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp })) });
    const result = await this.replicas.appendInternal(OFFSETS_TOPIC, partition, batch);
    if (result.error !== null) {
      const code = errorCode(result.error);
      throw new KafkaProtocolError(code, result.errorMessage ?? kafkaErrorByCode(code).message);
    }
  }

  async *readAll(partition: number): AsyncIterable<StoredCoordinatorRecord> {
    const p = this.replicas.get(OFFSETS_TOPIC, partition);
    if (!p) return;
    let offset = p.log.logStartOffset;
    const end = p.log.highWatermark;
    while (offset < end) {
      const read = await p.log.readBytes(offset, 4 << 20, end);
      if (read.errorCode !== 0 || read.records.length === 0) return;
      let next = offset;
      for (const entry of iterateRecordEntries(read.records)) {
        const batch = await decodeRecordBatchAsync(read.records, entry.position);
        next = batch.baseOffset + batch.lastOffsetDelta + 1;
        if (batch.isControl) continue;
        for (const r of batch.records) {
          if (r.offset >= offset) yield { offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp };
        }
      }
      if (next <= offset) return;
      offset = next;
    }
  }
}
