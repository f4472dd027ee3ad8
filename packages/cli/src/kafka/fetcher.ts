import {
  ApiKey,
  FetchRequest,
  KafkaProtocolError,
  TimestampType,
  decodeRecordBatchesAsync,
  type FetchResponsePartitionData,
  type RecordBatch,
  type RecordHeader,
} from '@tributary/protocol';
import { listOffsets, OffsetSpec } from './admin.js';
import type { KafkaClient } from './client.js';

/** A record read from a partition (Kafka's `ConsumerRecord`). */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  /** `CreateTime` or `LogAppendTime`, as Kafka's `TimestampType.toString()` prints it. */
  readonly timestampType: 'CreateTime' | 'LogAppendTime';
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly RecordHeader[];
}

/** Fetch settings named after Kafka's consumer configs. */
export interface FetchSettings {
  /** `isolation.level`: 0 read_uncommitted, 1 read_committed. */
  readonly isolationLevel: number;
  /** `fetch.max.wait.ms`. */
  readonly maxWaitMs: number;
  /** `fetch.min.bytes`. */
  readonly minBytes: number;
  /** `fetch.max.bytes`. */
  readonly maxBytes: number;
  /** `max.partition.fetch.bytes`. */
  readonly maxPartitionBytes: number;
  /** `auto.offset.reset`: where to go when a position is out of range. */
  readonly autoOffsetReset: 'earliest' | 'latest' | 'none';
}

const OFFSET_OUT_OF_RANGE = 1;

/**
 * Reads records from assigned partitions at tracked positions: one Fetch per partition leader per poll,
 * long-polling up to `fetch.max.wait.ms`; record batches are decoded (every codec), control batches and
 * aborted transactions (read_committed) are skipped, and a position out of range is reset per
 * `auto.offset.reset` (Kafka's `Fetcher`).
 */
export class Fetcher {
  /** Next offset to read, keyed `topic-partition`. */
  readonly positions = new Map<string, { topic: string; partition: number; offset: number }>();

  constructor(
    private readonly client: KafkaClient,
    private readonly settings: FetchSettings,
  ) {}

  /** Starts reading `topic-partition` at `offset`. */
  seek(topic: string, partition: number, offset: number): void {
    this.positions.set(`${topic}-${partition}`, { topic, partition, offset });
  }

  /** Stops reading every partition not in `keep`. */
  retain(keep: ReadonlySet<string>): void {
    for (const k of [...this.positions.keys()]) if (!keep.has(k)) this.positions.delete(k);
  }

  /** Resolves `earliest`/`latest` starting points into offsets with ListOffsets. */
  async seekTo(parts: ReadonlyArray<{ topic: string; partition: number }>, where: 'earliest' | 'latest'): Promise<void> {
    if (parts.length === 0) return;
    const spec = where === 'earliest' ? OffsetSpec.EARLIEST : OffsetSpec.LATEST;
    const found = await listOffsets(this.client, parts.map((p) => ({ ...p, timestamp: spec })), this.settings.isolationLevel);
    for (const p of parts) {
      const r = found.get(`${p.topic}-${p.partition}`);
      if (!r || !r.ok) throw r && !r.ok ? r.error : new Error(`no offset for ${p.topic}-${p.partition}`);
      this.seek(p.topic, p.partition, r.value.offset);
    }
  }

  /** One round of fetches; resolves with the records read (possibly none after the wait). */
  async poll(): Promise<ConsumedRecord[]> {
    const md = await this.client.metadata();
    const byLeader = new Map<number, Array<{ topic: string; partition: number; offset: number }>>();
    for (const p of this.positions.values()) {
      const leader = md.topics.get(p.topic)?.partitions.find((x) => x.partition === p.partition)?.leader ?? -1;
      if (leader >= 0) byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
    }
    if (byLeader.size === 0) {
      await this.client.refresh();
      await new Promise((r) => setTimeout(r, Math.min(this.settings.maxWaitMs, 200)));
      return [];
    }
    const rounds = await Promise.all([...byLeader].map(([leader, parts]) => this.fetchFrom(leader, parts)));
    return rounds.flat();
  }

  private async fetchFrom(leader: number, parts: Array<{ topic: string; partition: number; offset: number }>): Promise<ConsumedRecord[]> {
    const topics = new Map<string, Array<{ partition: number; fetchOffset: bigint; partitionMaxBytes: number }>>();
    for (const p of parts) topics.set(p.topic, [...(topics.get(p.topic) ?? []), { partition: p.partition, fetchOffset: BigInt(p.offset), partitionMaxBytes: this.settings.maxPartitionBytes }]);
    let body;
    try {
      const conn = await this.client.node(leader);
      ({ body } = await conn.send(
        ApiKey.Fetch,
        () =>
          FetchRequest.create({
            replicaId: -1,
            maxWaitMs: this.settings.maxWaitMs,
            minBytes: this.settings.minBytes,
            maxBytes: this.settings.maxBytes,
            isolationLevel: this.settings.isolationLevel,
            topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
          }),
        { timeoutMs: this.client.settings.requestTimeoutMs + this.settings.maxWaitMs },
      ));
    } catch (e) {
      if (!this.client.isRetriable(e)) throw e;
      await this.client.refresh().catch(() => undefined);
      return [];
    }
    const out: ConsumedRecord[] = [];
    for (const t of body.responses) {
      for (const p of t.partitions) out.push(...(await this.partitionRecords(t.topic, p)));
    }
    return out;
  }

  private async partitionRecords(topic: string, p: FetchResponsePartitionData): Promise<ConsumedRecord[]> {
    const pos = this.positions.get(`${topic}-${p.partitionIndex}`);
    if (!pos) return [];
    if (p.errorCode === OFFSET_OUT_OF_RANGE) {
      if (this.settings.autoOffsetReset === 'none') throw new KafkaProtocolError(p.errorCode, `Fetch position ${pos.offset} is out of range for partition ${topic}-${p.partitionIndex}`);
      await this.seekTo([pos], this.settings.autoOffsetReset);
      return [];
    }
    if (p.errorCode !== 0) {
      if (!this.client.isRetriable(new KafkaProtocolError(p.errorCode, null))) throw new KafkaProtocolError(p.errorCode, null);
      await this.client.refresh().catch(() => undefined);
      return [];
    }
    const blob = p.records === null ? Buffer.alloc(0) : Array.isArray(p.records) ? Buffer.concat(p.records) : (p.records as Buffer);
    const batches = await decodeRecordBatchesAsync(blob);
    const aborted = abortedFilter(p, this.settings.isolationLevel);
    const out: ConsumedRecord[] = [];
    for (const batch of batches) {
      const skip = aborted(batch);
      for (const r of batch.records) {
        if (r.offset < pos.offset) continue;
        pos.offset = r.offset + 1;
        if (skip || batch.isControl) continue;
        out.push({
          topic,
          partition: p.partitionIndex,
          offset: r.offset,
          timestamp: batch.timestampType === TimestampType.LOG_APPEND_TIME ? batch.maxTimestamp : r.timestamp,
          timestampType: batch.timestampType === TimestampType.LOG_APPEND_TIME ? 'LogAppendTime' : 'CreateTime',
          key: r.key === null ? null : Buffer.from(r.key),
          value: r.value === null ? null : Buffer.from(r.value),
          headers: r.headers.map((h) => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value) })),
        });
      }
      // An empty batch left by compaction still moves the position past it.
      const last = batch.baseOffset + batch.lastOffsetDelta;
      if (last >= pos.offset) pos.offset = last + 1;
    }
    return out;
  }
}

/**
 * For read_committed, a predicate telling which batches belong to aborted transactions: a producer's
 * transactional batches are skipped from its aborted transaction's first offset until its abort marker
 * (Kafka's `Fetcher` abortedProducerIds logic).
 */
function abortedFilter(p: FetchResponsePartitionData, isolationLevel: number): (batch: RecordBatch) => boolean {
  const pending = isolationLevel === 1 ? [...(p.abortedTransactions ?? [])].sort((a, b) => Number(a.firstOffset - b.firstOffset)) : [];
  const abortedProducers = new Set<number>();
  return (batch) => {
    while (pending.length > 0 && Number(pending[0]!.firstOffset) <= batch.baseOffset + batch.lastOffsetDelta) {
      abortedProducers.add(Number(pending.shift()!.producerId));
    }
    if (!batch.isTransactional || !abortedProducers.has(batch.producerId)) return false;
    if (batch.isControl) abortedProducers.delete(batch.producerId);
    return true;
  };
}
