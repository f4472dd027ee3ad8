import { decodeRecordBatchesAsync, encodeRecordBatch, type RecordBatch } from '@tributary/protocol';
import { StorageErrorCode } from '../errors.js';
import type { PartitionLog } from '../partition-log.js';

/** A settable clock for the suites (the factory wires it into the log). */
export class ManualClock {
  constructor(public time = 1_700_000_000_000) {}
  readonly now = (): number => this.time;
  advance(ms: number): void {
    this.time += ms;
  }
}

/** A producer batch of `count` records, values `value(i)`, timestamps from `timestamp` + i. */
export function batchOf(count: number, options: { timestamp?: number; valueSize?: number; tag?: string } = {}): Buffer {
  const ts = options.timestamp ?? 1_000;
  return encodeRecordBatch({
    records: Array.from({ length: count }, (_, i) => ({
      timestamp: ts + i,
      key: null,
      value: Buffer.from(`${options.tag ?? 'v'}-${i}`.padEnd(options.valueSize ?? 10, '.')),
    })),
  });
}

/** Reads everything from `offset` (up to `upperBound`) and decodes it. */
export async function readAll(log: PartitionLog, offset = log.logStartOffset, upperBound?: number): Promise<RecordBatch[]> {
  const r = await log.readBytes(offset, 1 << 30, upperBound);
  if (r.errorCode !== StorageErrorCode.NONE) throw new Error(`read at ${offset} failed with error ${r.errorCode}`);
  return decodeRecordBatchesAsync(r.records);
}

/** Record offsets of decoded batches, in order. */
export function offsetsOf(batches: readonly RecordBatch[]): number[] {
  return batches.flatMap((b) => b.records.map((r) => r.offset));
}
