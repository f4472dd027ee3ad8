import { BatchAttributes, CompressionType, decodeRecordBatch, decodeRecordBatchAsync, iterateRecordEntries } from '@tributary/protocol';
import type { FetchedRecord, RecordBatch, RecordsEntry } from '@tributary/protocol';
import type { ConsumerRecord } from '../../contract/records.js';
import type { PartitionState } from './partition-state.js';

/**
 * The fetched records of one partition not yet returned by poll (Kafka's `CompletedFetch`). Batches are
 * decoded lazily, one at a time, as poll takes records, so a large fetch costs nothing until it is read;
 * zstd batches (async-only codec) are decoded up front by {@link CompletedFetch.prepare}.
 */
export class CompletedFetch {
  private readonly entries: RecordsEntry[];
  private entryIndex = 0;
  private records: ConsumerRecord[] = [];
  private recordIndex = 0;
  private predecoded: Map<number, RecordBatch> | null = null;

  constructor(
    readonly state: PartitionState,
    /** The position the fetch was made at: if the partition's position moved since, the data is stale. */
    readonly fetchOffset: number,
    blob: Buffer,
    private readonly verifyCrc: boolean,
  ) {
    this.entries = blob.length === 0 ? [] : [...iterateRecordEntries(blob)].filter((e) => e.magic === 2);
  }

  /** Decodes the batches that only have an async codec (zstd) ahead of time. */
  async prepare(): Promise<void> {
    for (const [i, e] of this.entries.entries()) {
      const attributes = e.bytes.readInt16BE(21);
      if ((attributes & BatchAttributes.COMPRESSION_MASK) !== CompressionType.ZSTD) continue;
      this.predecoded ??= new Map();
      this.predecoded.set(i, await decodeRecordBatchAsync(e.bytes, 0, { verifyCrc: this.verifyCrc, origin: this.state }));
    }
  }

  /** Whether every record has been taken. */
  get isDrained(): boolean {
    return this.recordIndex >= this.records.length && this.entryIndex >= this.entries.length;
  }

  /**
   * Takes up to `max` records at or after the partition's position into `out`, advancing the position past
   * them (and past batches that hold nothing to return, such as control batches).
   */
  take(max: number, out: ConsumerRecord[]): number {
    const state = this.state;
    let taken = 0;
    while (taken < max) {
      if (this.recordIndex >= this.records.length && !this.nextBatch()) break;
      const r = this.records[this.recordIndex++]!;
      if (r.offset < state.position!) continue;
      out.push(r);
      taken++;
      state.position = r.offset + 1;
      state.leaderEpoch = r.leaderEpoch;
    }
    return taken;
  }

  /** Decodes the next batch into `records`; false when none is left. */
  private nextBatch(): boolean {
    const state = this.state;
    while (this.entryIndex < this.entries.length) {
      const i = this.entryIndex++;
      const e = this.entries[i]!;
      // Decoded with the partition as origin, the batch's records are ConsumerRecords already (one object each).
      const batch = this.predecoded?.get(i) ?? decodeRecordBatch(e.bytes, 0, { verifyCrc: this.verifyCrc, origin: this.state });
      const end = batch.baseOffset + batch.lastOffsetDelta + 1;
      if (batch.isControl || end <= state.position!) {
        if (end > state.position!) state.position = end;
        continue;
      }
      this.records = batch.records as FetchedRecord[];
      this.recordIndex = 0;
      // Records removed by compaction leave gaps: once this batch is read, the position is past its end.
      this.pendingBatchEnd = end;
      return true;
    }
    return false;
  }

  /** The end offset of the batch being read, applied once its records are all taken. */
  private pendingBatchEnd = -1;

  /** Moves the position past the current batch if all its records were taken (compaction gaps). */
  settle(): void {
    if (this.recordIndex >= this.records.length && this.pendingBatchEnd > (this.state.position ?? -1)) {
      this.state.position = this.pendingBatchEnd;
    }
  }
}
