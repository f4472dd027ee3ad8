import type { CompressionTypes as KjsCompressionTypes, Admin as KjsAdmin, IHeaders, Producer as KjsProducer } from 'kafkajs';
import { CompressionTypes } from './runtime.js';
import { KafkaErrorCode, KafkaProtocolError } from '@tributary/protocol';
import type { ProducerConfig } from '../../contract/config.js';
import { ClientError } from '../../contract/errors.js';
import type { RecordHeader } from '../../contract/records.js';
import { acksValue } from '../producer/raw-backend.js';
import type { BatchOutcome, ProduceBackend, ProducerBatch } from '../producer/types.js';
import { fromKafkajs, mapped } from './errors.js';

const COMPRESSION = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
} as const;

/** Record headers as kafkajs takes them: repeated keys become arrays; kafkajs cannot carry a null value (sent empty). */
export function toKafkajsHeaders(headers: readonly RecordHeader[] | undefined): IHeaders | undefined {
  if (!headers || headers.length === 0) return undefined;
  const out: Record<string, Buffer | Buffer[]> = {};
  for (const h of headers) {
    const v = h.value ?? Buffer.alloc(0);
    const prev = out[h.key];
    out[h.key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * The produce backend of the kafkajs transport: the batching producer picks partitions (Kafka's murmur2, the
 * same as kafkajs's Java-compatible partitioner) and hands kafkajs each request's batches with explicit
 * partitions through `sendBatch`; kafkajs encodes and sends them.
 */
export class KafkajsProduceBackend implements ProduceBackend {
  readonly maxInFlight: number;
  /** kafkajs may retry one request while a later one succeeds: partitions are muted while in flight. */
  readonly pipelinesPartitions = false;
  private readonly counts = new Map<string, number>();
  private readonly acks: number;
  private readonly compression: KjsCompressionTypes;
  private connected: Promise<void> | null = null;

  constructor(
    private readonly producer: KjsProducer,
    private readonly admin: KjsAdmin,
    config: ProducerConfig,
    idempotent: boolean,
  ) {
    this.acks = acksValue(config.acks);
    const c = COMPRESSION[config['compression.type'] ?? 'none'];
    if (c === undefined) throw new ClientError('CLIENT_CONFIG', `compression.type ${config['compression.type']} is not one of none, gzip, snappy, lz4, zstd`);
    this.compression = c;
    // kafkajs keeps an idempotent producer's order only with one request in flight.
    this.maxInFlight = idempotent ? 1 : Math.max(1, config['max.in.flight.requests.per.connection'] ?? 5);
  }

  cachedPartitionCount(topic: string): number | undefined {
    return this.counts.get(topic);
  }

  async partitionCount(topic: string): Promise<number> {
    const hit = this.counts.get(topic);
    if (hit !== undefined) return hit;
    await this.connect();
    const { topics } = await mapped(() => this.admin.fetchTopicMetadata({ topics: [topic] }));
    const n = topics.find((t) => t.name === topic)?.partitions.length ?? 0;
    if (n === 0) throw new KafkaProtocolError(KafkaErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${topic} does not exist`);
    this.counts.set(topic, n);
    return n;
  }

  async produce(batches: readonly ProducerBatch[]): Promise<BatchOutcome[]> {
    await this.connect();
    const byTopic = new Map<string, ProducerBatch[]>();
    for (const b of batches) byTopic.set(b.topic, [...(byTopic.get(b.topic) ?? []), b]);
    try {
      const results = await this.producer.sendBatch({
        acks: this.acks,
        compression: this.compression,
        topicMessages: [...byTopic].map(([topic, bs]) => ({
          topic,
          messages: bs.flatMap((b) =>
            b.records.map((p) => {
              const headers = toKafkajsHeaders(p.record.headers);
              return {
                key: p.record.key ?? null,
                value: p.record.value,
                partition: b.partition,
                timestamp: String(p.timestamp),
                ...(headers ? { headers } : {}),
              };
            }),
          ),
        })),
      });
      const found = new Map(results.map((r) => [`${r.topicName}\u0000${r.partition}`, r]));
      return batches.map((b) => {
        const r = found.get(`${b.topic}\u0000${b.partition}`);
        if (!r) return { baseOffset: -1, logAppendTime: -1 };
        if (r.errorCode !== 0) return { error: new KafkaProtocolError(r.errorCode) };
        return { baseOffset: Number(r.baseOffset ?? -1), logAppendTime: Number(r.logAppendTime ?? -1) };
      });
    } catch (e) {
      const error = fromKafkajs(e);
      return batches.map(() => ({ error }));
    }
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]).catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connected ??= mapped(async () => {
      await Promise.all([this.producer.connect(), this.admin.connect()]);
    });
    return this.connected;
  }
}
