import type { Consumer, TopicPartition } from '@tributary/client';
import { Headers } from '../../common/headers.js';
import type { ChangelogRecord, StateRestoreListener } from '../../processor/state-store.js';
import { isThenable } from '../runtime/async.js';
import { tpKey } from './checkpoint-file.js';
import type { ChangelogReader, RestoreRequest } from './changelog-reader.js';

const POLL_MS = 100;

interface Progress {
  readonly request: RestoreRequest;
  readonly tp: TopicPartition;
  total: number;
  last: number | undefined;
}

/**
 * Restores changelogs with a restore consumer (Kafka's StoreChangelogReader, restoring before processing): the
 * consumer is assigned the changelog partitions (no group), seeks each to its start and polls until every one
 * reached the end offset captured before, handing each polled batch to the store's restore callback as one
 * batch. One per stream thread; the consumer is made on first use.
 */
export class ConsumerChangelogReader implements ChangelogReader {
  #consumer: Consumer | undefined;

  constructor(private readonly makeConsumer: () => Consumer) {}

  #get(): Consumer {
    return (this.#consumer ??= this.makeConsumer());
  }

  async endOffsets(partitions: readonly TopicPartition[]): Promise<Map<string, number>> {
    const consumer = this.#get();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    const out = new Map<string, number>();
    try {
      for (const tp of partitions) out.set(tpKey(tp.topic, tp.partition), await consumer.position(tp));
    } finally {
      consumer.assign([]);
    }
    return out;
  }

  async restore(requests: readonly RestoreRequest[], listener: StateRestoreListener | undefined): Promise<Map<string, number>> {
    const consumer = this.#get();
    const progress = new Map<string, Progress>();
    for (const request of requests) progress.set(tpKey(request.topic, request.partition), { request, tp: { topic: request.topic, partition: request.partition }, total: 0, last: undefined });
    const tps = [...progress.values()].map((p) => p.tp);
    consumer.assign(tps);
    const remaining = new Set<string>();
    try {
      for (const [key, p] of progress) {
        if (p.request.start === undefined) consumer.seekToBeginning([p.tp]);
        else consumer.seek(p.tp, p.request.start);
        const start = await consumer.position(p.tp);
        if (start >= p.request.end) continue;
        remaining.add(key);
        listener?.onRestoreStart(p.tp, p.request.storeName, start, p.request.end);
      }
      while (remaining.size > 0) await this.#pollOnce(consumer, progress, remaining, listener);
    } finally {
      consumer.assign([]);
    }
    const restored = new Map<string, number>();
    for (const [key, p] of progress) {
      if (p.last !== undefined) restored.set(key, p.last);
      if (p.total > 0 || p.last !== undefined) listener?.onRestoreEnd(p.tp, p.request.storeName, p.total);
    }
    return restored;
  }

  async #pollOnce(consumer: Consumer, progress: Map<string, Progress>, remaining: Set<string>, listener: StateRestoreListener | undefined): Promise<void> {
    const polled = await consumer.poll(POLL_MS);
    for (const batch of polled.batches) {
      const key = tpKey(batch.topic, batch.partition);
      const p = progress.get(key);
      if (p === undefined || !remaining.has(key)) continue;
      const end = p.request.end;
      const records: ChangelogRecord[] = [];
      for (const r of batch.records) {
        if (r.offset >= end) break;
        if (r.key === null) continue;
        records.push({ key: r.key, value: r.value, timestamp: r.timestamp, offset: r.offset, headers: r.headers.length === 0 ? undefined : new Headers(r.headers) });
      }
      const lastOffset = batch.records.length === 0 ? undefined : Math.min(batch.records[batch.records.length - 1]!.offset, end - 1);
      if (records.length > 0) {
        const r = p.request.restore(records);
        if (isThenable(r)) await r;
        p.total += records.length;
      }
      if (lastOffset !== undefined) {
        p.last = lastOffset;
        if (records.length > 0) listener?.onBatchRestored(p.tp, p.request.storeName, lastOffset, records.length);
        if (lastOffset >= end - 1) {
          remaining.delete(key);
          consumer.pause([p.tp]);
        }
      }
    }
    if (polled.isEmpty) {
      // Compaction or transaction markers can leave the last offsets without records: the position tells.
      for (const key of [...remaining]) {
        const p = progress.get(key)!;
        if ((await consumer.position(p.tp)) >= p.request.end) {
          remaining.delete(key);
          p.last ??= p.request.end - 1;
        }
      }
    }
  }

  async close(): Promise<void> {
    const consumer = this.#consumer;
    this.#consumer = undefined;
    await consumer?.close();
  }
}
