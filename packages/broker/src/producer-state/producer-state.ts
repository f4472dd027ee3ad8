/**
 * Per-partition idempotent-producer state: Kafka's `ProducerStateManager` and `ProducerAppendInfo`.
 *
 * For each producer id the partition remembers its epoch and the metadata of its last five batches, which is
 * what lets the leader (a) acknowledge a retried batch without appending it twice, (b) refuse a batch that
 * skips sequence numbers, and (c) fence a zombie producer with an older epoch. It works on batch headers only.
 */

/** Kafka keeps the last five batches per producer: the most a producer may have in flight. */
export const NUM_BATCHES_TO_RETAIN = 5;
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;

/** The sequence facts of one appended batch. */
export interface BatchMetadata {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
}

interface ProducerEntry {
  epoch: number;
  batches: BatchMetadata[];
  lastTimestamp: number;
}

/** The header facts of an incoming batch that producer-state checks need. */
export interface ProducerBatch {
  readonly producerId: number;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly lastOffsetDelta: number;
  readonly maxTimestamp: number;
}

/** Outcome of checking a batch before append. */
export type ProducerCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly batch: BatchMetadata }
  | { readonly kind: 'error'; readonly error: 'INVALID_PRODUCER_EPOCH' | 'OUT_OF_ORDER_SEQUENCE_NUMBER'; readonly message: string };

/** Sequence numbers wrap from Int32.MAX to 0. */
function lastSequence(firstSeq: number, lastOffsetDelta: number): number {
  const v = firstSeq + lastOffsetDelta;
  return v > 0x7fffffff ? v - 0x80000000 : v;
}

function inSequence(lastSeq: number, nextSeq: number): boolean {
  return nextSeq === lastSeq + 1 || (nextSeq === 0 && lastSeq === 0x7fffffff);
}

/** The idempotent-producer state of one partition. */
export class ProducerStateManager {
  private readonly producers = new Map<number, ProducerEntry>();

  /** Checks `batch` against the producer's state without changing it. Non-idempotent batches always append. */
  check(batch: ProducerBatch): ProducerCheck {
    if (batch.producerId === NO_PRODUCER_ID) return { kind: 'append' };
    const entry = this.producers.get(batch.producerId);
    if (!entry) return { kind: 'append' }; // Unknown producer (new, or its state expired): any sequence is accepted.
    if (batch.producerEpoch < entry.epoch) {
      return {
        kind: 'error',
        error: 'INVALID_PRODUCER_EPOCH',
        message: `epoch ${batch.producerEpoch} of producer ${batch.producerId} is older than the current epoch ${entry.epoch}`,
      };
    }
    const lastSeq = lastSequence(batch.baseSequence, batch.lastOffsetDelta);
    if (batch.producerEpoch === entry.epoch) {
      const dup = entry.batches.find((b) => b.firstSeq === batch.baseSequence && b.lastSeq === lastSeq);
      if (dup) return { kind: 'duplicate', batch: dup };
      const current = entry.batches[entry.batches.length - 1];
      if (current && !inSequence(current.lastSeq, batch.baseSequence)) {
        return {
          kind: 'error',
          error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
          message: `out of order sequence number for producer ${batch.producerId}: ${batch.baseSequence} (incoming seq), ${current.lastSeq} (current end seq)`,
        };
      }
      return { kind: 'append' };
    }
    // A bumped epoch starts again at sequence 0.
    if (batch.baseSequence !== 0) {
      return {
        kind: 'error',
        error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
        message: `invalid sequence number ${batch.baseSequence} for new epoch ${batch.producerEpoch} of producer ${batch.producerId}`,
      };
    }
    return { kind: 'append' };
  }

  /** Records a batch that was appended at `firstOffset` (also used when rebuilding state from the log). */
  update(batch: ProducerBatch, firstOffset: number): void {
    if (batch.producerId === NO_PRODUCER_ID) return;
    let entry = this.producers.get(batch.producerId);
    if (!entry || batch.producerEpoch > entry.epoch) {
      entry = { epoch: batch.producerEpoch, batches: [], lastTimestamp: batch.maxTimestamp };
      this.producers.set(batch.producerId, entry);
    }
    entry.batches.push({
      firstSeq: batch.baseSequence,
      lastSeq: lastSequence(batch.baseSequence, batch.lastOffsetDelta),
      firstOffset,
      lastOffset: firstOffset + batch.lastOffsetDelta,
      maxTimestamp: batch.maxTimestamp,
    });
    if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
    entry.lastTimestamp = Math.max(entry.lastTimestamp, batch.maxTimestamp);
  }

  /** Forgets producers idle for longer than `producer.id.expiration.ms`. */
  expire(nowMs: number, expirationMs: number): void {
    for (const [id, entry] of this.producers) {
      if (nowMs - entry.lastTimestamp > expirationMs) this.producers.delete(id);
    }
  }

  /** Drops all state (after truncation the broker rebuilds it from the log). */
  clear(): void {
    this.producers.clear();
  }

  /** Current epoch and last sequence of a producer, for DescribeProducers. */
  describe(): Array<{ producerId: number; epoch: number; lastSequence: number; lastTimestamp: number }> {
    return [...this.producers].map(([producerId, e]) => ({
      producerId,
      epoch: e.epoch,
      lastSequence: e.batches[e.batches.length - 1]?.lastSeq ?? NO_SEQUENCE,
      lastTimestamp: e.lastTimestamp,
    }));
  }
}
