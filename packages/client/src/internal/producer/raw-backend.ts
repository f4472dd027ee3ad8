import { CompressionType, KafkaProtocolError, encodeRecordBatch, encodeRecordBatchAsync } from '@tributary/protocol';
import type { ProducerConfig } from '../../contract/config.js';
import { ClientError } from '../../contract/errors.js';
import type { MetadataCache } from '../wire/metadata.js';
import { check, type Wire } from '../wire/wire.js';
import type { BatchOutcome, ProduceBackend, ProducerBatch } from './types.js';

const COMPRESSION: Record<string, CompressionType> = {
  none: CompressionType.NONE,
  gzip: CompressionType.GZIP,
  snappy: CompressionType.SNAPPY,
  lz4: CompressionType.LZ4,
  zstd: CompressionType.ZSTD,
};

/** Kafka's `acks` as the Produce request's int16. */
export function acksValue(acks: ProducerConfig['acks']): number {
  if (acks === undefined || acks === 'all') return -1;
  return acks;
}

/**
 * The produce backend of raw-request transports: encodes each batch once into a v2 record batch (idempotent
 * producer id, epoch and sequence when enabled) and sends Produce requests through the {@link Wire}. The
 * encoded `Buffer` is what the broker appends, unchanged, in-process.
 */
export class RawProduceBackend implements ProduceBackend {
  readonly maxInFlight: number;
  readonly pipelinesPartitions: boolean;
  private readonly acks: number;
  private readonly compression: CompressionType;
  private readonly idempotent: boolean;
  private readonly timeoutMs: number;
  private producerId: Promise<{ id: number; epoch: number }> | null = null;
  private readonly sequences = new Map<string, number>();

  constructor(
    private readonly wire: Wire,
    private readonly metadata: MetadataCache,
    config: ProducerConfig,
    pipelined: boolean,
  ) {
    this.acks = acksValue(config.acks);
    const c = COMPRESSION[config['compression.type'] ?? 'none'];
    if (c === undefined) throw new ClientError('CLIENT_CONFIG', `compression.type ${config['compression.type']} is not one of none, gzip, snappy, lz4, zstd`);
    this.compression = c;
    this.idempotent = config['enable.idempotence'] ?? true;
    if (this.idempotent && this.acks !== -1) {
      throw new ClientError('CLIENT_CONFIG', 'enable.idempotence needs acks=all (set enable.idempotence=false for other acks)');
    }
    this.maxInFlight = Math.max(1, config['max.in.flight.requests.per.connection'] ?? 5);
    this.pipelinesPartitions = pipelined;
    this.timeoutMs = config['request.timeout.ms'] ?? 30000;
  }

  cachedPartitionCount(topic: string): number | undefined {
    return this.metadata.cached(topic)?.partitions.length;
  }

  async partitionCount(topic: string): Promise<number> {
    return (await this.metadata.topic(topic)).partitions.length;
  }

  async produce(batches: readonly ProducerBatch[]): Promise<BatchOutcome[]> {
    const pid = this.idempotent ? await this.initProducerId() : { id: -1, epoch: -1 };
    const encoded = await Promise.all(batches.map((b) => this.encode(b, pid)));
    const byTopic = new Map<string, Array<{ index: number; records: Buffer }>>();
    batches.forEach((b, i) => {
      const list = byTopic.get(b.topic) ?? [];
      list.push({ index: b.partition, records: encoded[i]!.bytes });
      byTopic.set(b.topic, list);
    });
    let res;
    try {
      res = await this.wire.send(0, {
        transactionalId: null,
        acks: this.acks,
        timeoutMs: this.timeoutMs,
        topicData: [...byTopic].map(([name, partitionData]) => ({ name, partitionData })),
      });
    } catch (e) {
      encoded.forEach((x) => this.rewind(x.key, x.baseSequence));
      throw e;
    }
    if (res === null) return batches.map(() => ({ baseOffset: -1, logAppendTime: -1 }));
    const found = new Map<string, BatchOutcome>();
    for (const t of res.responses) {
      for (const p of t.partitionResponses) {
        const key = `${t.name}\u0000${p.index}`;
        if (p.errorCode !== 0) {
          const detail = p.errorMessage ?? p.recordErrors[0]?.batchIndexErrorMessage ?? null;
          found.set(key, { error: new KafkaProtocolError(p.errorCode, detail) });
        } else found.set(key, { baseOffset: Number(p.baseOffset), logAppendTime: Number(p.logAppendTimeMs) });
      }
    }
    return batches.map((b, i) => {
      const o = found.get(encoded[i]!.key) ?? { error: new ClientError('CLIENT_STATE', `no produce answer for ${b.topic}-${b.partition}`) };
      // A refused batch did not use its sequence numbers: the next batch of the partition reuses them.
      if ('error' in o) this.rewind(encoded[i]!.key, encoded[i]!.baseSequence);
      return o;
    });
  }

  async close(): Promise<void> {}

  private async encode(b: ProducerBatch, pid: { id: number; epoch: number }): Promise<{ key: string; bytes: Buffer; baseSequence: number }> {
    const key = `${b.topic}\u0000${b.partition}`;
    let baseSequence = -1;
    if (pid.id >= 0) {
      baseSequence = this.sequences.get(key) ?? 0;
      this.sequences.set(key, (baseSequence + b.records.length) % 0x80000000);
    }
    const init = {
      producerId: pid.id,
      producerEpoch: pid.epoch,
      baseSequence,
      compression: this.compression,
      records: b.records,
    };
    const bytes = this.compression === CompressionType.NONE ? encodeRecordBatch(init) : await encodeRecordBatchAsync(init);
    return { key, bytes, baseSequence };
  }

  private rewind(key: string, baseSequence: number): void {
    if (baseSequence >= 0) this.sequences.set(key, baseSequence);
  }

  private initProducerId(): Promise<{ id: number; epoch: number }> {
    this.producerId ??= this.wire
      .call(22, { transactionalId: null, transactionTimeoutMs: 60000, producerId: -1n, producerEpoch: -1 })
      .then((r) => {
        check(r.errorCode, 'InitProducerId');
        return { id: Number(r.producerId), epoch: r.producerEpoch };
      });
    this.producerId.catch(() => {
      this.producerId = null;
    });
    return this.producerId;
  }
}
