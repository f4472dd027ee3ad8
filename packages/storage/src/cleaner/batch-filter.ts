import { BatchAttributes, TimestampType, decodeRecordBatchAsync, encodeRecordBatchAsync, type Record } from '@tributary/protocol';
import type { BatchInfo } from '../internal/batch-scan.js';
import type { OffsetMap } from './offset-map.js';

/** What the filter needs to decide (Kafka's `RecordFilter` state for one cleaning pass). */
export interface FilterContext {
  readonly map: OffsetMap;
  readonly now: number;
  readonly deleteRetentionMs: number;
  /** The first uncleanable offset: the batch ending just below it is kept even when emptied. */
  readonly upperBoundOffset: number;
  /**
   * Transactions hook (Kafka's `CleanedTransactionMetadata` and active-producer state): whether an emptied
   * batch must stay as a header to keep a producer's last sequence, and whether a data batch belongs to an
   * aborted transaction. Until the transaction issue, no batch is aborted and none is kept for a producer.
   */
  readonly transactions?: {
    retainEmptyBatch(info: BatchInfo): boolean;
    isAborted(info: BatchInfo): boolean;
  };
}

/** Counts for the cleaner's stats. */
export interface FilterCounts {
  recordsRead: number;
  recordsRetained: number;
}

/** A record of a compacted topic is kept if it is the latest for its key and not an expired tombstone. */
function shouldRetain(r: Record, ctx: FilterContext, retainDeletes: boolean): boolean {
  if (r.offset > ctx.map.latestOffset) return true;
  // Keyless records cannot be compacted: Kafka counts them invalid and drops them.
  if (r.key === null) return false;
  return r.offset >= ctx.map.get(r.key) && (r.value !== null || retainDeletes);
}

/**
 * Filters one stored batch for compaction (Kafka's `MemoryRecords.filterTo` with the cleaner's filter):
 * returns the original bytes when nothing changes, a rebuilt batch with the same base offset,
 * `lastOffsetDelta`, producer fields and original record offsets when records go, an empty batch when the
 * offsets must be remembered, or `null` to drop the batch. The first time a kept tombstone is seen, the
 * batch gets a delete horizon (now + `delete.retention.ms`, KIP-534); tombstones go once it has passed.
 */
export async function filterBatch(bytes: Buffer, info: BatchInfo, ctx: FilterContext, counts: FilterCounts): Promise<Buffer | null> {
  if (info.attributes & BatchAttributes.CONTROL) {
    // Transaction markers stay until the transaction issue adds their removal rules.
    return bytes;
  }
  const batch = await decodeRecordBatchAsync(bytes, 0, { verifyCrc: false });
  counts.recordsRead += batch.records.length;
  const aborted = ctx.transactions?.isAborted(info) ?? false;
  const retainDeletes = !batch.hasDeleteHorizon || ctx.now < batch.baseTimestamp;
  const kept = aborted ? [] : batch.records.filter((r) => shouldRetain(r, ctx, retainDeletes));
  counts.recordsRetained += kept.length;
  const hasTombstones = kept.some((r) => r.value === null);
  const setHorizon = hasTombstones && !batch.hasDeleteHorizon;
  if (kept.length === batch.records.length && !setHorizon) return bytes;
  if (kept.length === 0) {
    const keepEmpty = info.lastOffset + 1 === ctx.upperBoundOffset || (ctx.transactions?.retainEmptyBatch(info) ?? false);
    if (!keepEmpty) return null;
  }
  return encodeRecordBatchAsync({
    baseOffset: batch.baseOffset,
    partitionLeaderEpoch: batch.partitionLeaderEpoch,
    compression: batch.compression,
    timestampType: batch.timestampType,
    isTransactional: batch.isTransactional,
    isControl: false,
    hasDeleteHorizon: batch.hasDeleteHorizon || setHorizon,
    baseTimestamp: setHorizon ? ctx.now + ctx.deleteRetentionMs : batch.baseTimestamp,
    lastOffsetDelta: batch.lastOffsetDelta,
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence,
    ...(kept.length === 0 || batch.timestampType === TimestampType.LOG_APPEND_TIME ? { maxTimestamp: batch.maxTimestamp } : {}),
    records: kept.map((r) => ({ offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers })),
  });
}
