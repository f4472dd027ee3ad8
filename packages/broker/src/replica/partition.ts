import {
  BatchAttributes,
  BatchLayout,
  computeBatchCrc,
  iterateRecordEntries,
  readBatchHeader,
  type BatchAppendInfo,
} from '@tributary/protocol';
import type { Log } from '@tributary/storage';
import { ProducerStateManager } from '../producer-state/producer-state.js';

/** What a leader append answers per partition (the fields of a Produce partition response). */
export interface PartitionAppendResult {
  readonly error: string | null;
  readonly errorMessage?: string;
  readonly baseOffset: number;
  /** -1 unless the topic uses LogAppendTime. */
  readonly logAppendTimeMs: number;
  readonly logStartOffset: number;
}

/**
 * One partition replica hosted by this broker (Kafka's `Partition`): its log, leader epoch, replica set and
 * ISR, and the idempotent-producer state. Appends are serialized per partition so that the producer-state
 * check, the append and the state update happen as one step.
 */
export class Partition {
  readonly producers = new ProducerStateManager();
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly topicId: string,
    readonly log: Log,
    public leader: number,
    public leaderEpoch: number,
    public replicas: number[],
    public isr: number[],
  ) {}

  get key(): string {
    return `${this.topic}-${this.partition}`;
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Appends one validated producer batch as leader: producer-state check (duplicates are acknowledged with
   * their original offsets and not appended again), LogAppendTime stamping when the topic asks for it, the
   * append, and the high watermark moved to the log end (a single-replica ISR).
   */
  appendAsLeader(
    records: Buffer,
    info: BatchAppendInfo,
    now: number,
    precheck?: () => Promise<{ error: string; message: string } | null>,
  ): Promise<PartitionAppendResult> {
    // Enqueued synchronously, so appends keep the order in which requests arrived (Kafka handles a connection's
    // requests one at a time); slow checks run inside the queue, not before joining it.
    return this.serialize(async () => {
      const refused = precheck ? await precheck() : null;
      if (refused) return { error: refused.error, errorMessage: refused.message, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: this.log.logStartOffset };
      const check = this.producers.check(info);
      if (check.kind === 'duplicate') {
        return { error: null, baseOffset: check.batch.firstOffset, logAppendTimeMs: -1, logStartOffset: this.log.logStartOffset };
      }
      if (check.kind === 'error') {
        return { error: check.error, errorMessage: check.message, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: this.log.logStartOffset };
      }
      const logAppendTime = this.log.config.messageTimestampType === 'LogAppendTime';
      if (logAppendTime) stampLogAppendTime(records, now);
      const result = await this.log.append(records, this.leaderEpoch);
      if ('message' in result) {
        return { error: errorName(result.errorCode), errorMessage: result.message, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: this.log.logStartOffset };
      }
      this.producers.update(info, result.firstOffset);
      this.maybeAdvanceHighWatermark();
      return { error: null, baseOffset: result.firstOffset, logAppendTimeMs: logAppendTime ? now : -1, logStartOffset: result.logStartOffset };
    });
  }

  /** With replication this becomes the minimum log end offset over the ISR; alone, it is our log end. */
  maybeAdvanceHighWatermark(): void {
    this.log.updateHighWatermark(this.log.logEndOffset);
  }

  /** Rebuilds producer state from the batch headers of the log (no record is decoded). */
  async loadProducerState(): Promise<void> {
    this.producers.clear();
    let offset = this.log.logStartOffset;
    const end = this.log.logEndOffset;
    while (offset < end) {
      const read = await this.log.readBytes(offset, 8 << 20, end);
      if (read.errorCode !== 0 || read.records.length === 0) break;
      let next = offset;
      for (const entry of iterateRecordEntries(read.records)) {
        if (entry.magic !== 2) continue;
        const h = readBatchHeader(read.records, entry.position);
        if (h.producerId >= 0 && (h.attributes & BatchAttributes.CONTROL) === 0) this.producers.update(h, h.baseOffset);
        next = h.baseOffset + h.lastOffsetDelta + 1;
      }
      if (next <= offset) break;
      offset = next;
    }
  }
}

/** Sets the LogAppendTime attribute and max timestamp of a batch in place, and re-computes its CRC. */
function stampLogAppendTime(records: Buffer, now: number): void {
  const attrs = records.readInt16BE(BatchLayout.ATTRIBUTES) | BatchAttributes.TIMESTAMP_TYPE_LOG_APPEND;
  records.writeInt16BE(attrs, BatchLayout.ATTRIBUTES);
  records.writeBigInt64BE(BigInt(now), BatchLayout.MAX_TIMESTAMP);
  records.writeUInt32BE(computeBatchCrc(records, 0, records.length), BatchLayout.CRC);
}

function errorName(code: number): string {
  switch (code) {
    case 2:
      return 'CORRUPT_MESSAGE';
    case 10:
      return 'MESSAGE_TOO_LARGE';
    case 18:
      return 'RECORD_LIST_TOO_LARGE';
    default:
      return 'UNKNOWN_SERVER_ERROR';
  }
}
