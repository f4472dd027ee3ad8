import { BatchLayout } from '@tributary/protocol';
import { StorageErrorCode } from '../errors.js';
import type { LogAppendError } from '../log-types.js';
import { batchProblem, MIN_BATCH_SIZE } from './batch-scan.js';

/** One batch of an append, read from its header (no record is decoded). */
export interface IncomingBatch {
  /** Position of the batch in the appended buffer. */
  readonly at: number;
  readonly size: number;
  /** Offsets as they are in the bytes (the leader overwrites the base offset). */
  readonly baseOffset: number;
  readonly lastOffsetDelta: number;
  readonly maxTimestamp: number;
  readonly partitionLeaderEpoch: number;
  readonly recordCount: number;
}

/** The header-level facts of an append's bytes (Kafka's `analyzeAndValidateRecords`, minus record checks). */
export interface AppendAnalysis {
  readonly batches: readonly IncomingBatch[];
  readonly recordCount: number;
  readonly maxTimestamp: number;
  readonly size: number;
}

function int64At(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 0x100000000 + buf.readUInt32BE(pos + 4);
}

/**
 * Splits appended bytes into batches by their length fields and checks the sizes Kafka checks on append:
 * every batch well-formed (size, magic 2), no batch above `max.message.bytes`, the whole append not above
 * `segment.bytes`. The CRC and the records were checked by the broker's validator before the call.
 */
export function analyzeAppend(records: Buffer, maxMessageBytes: number, segmentBytes: number): AppendAnalysis | LogAppendError {
  const batches: IncomingBatch[] = [];
  let recordCount = 0;
  let maxTimestamp = -1;
  let pos = 0;
  while (pos < records.length) {
    const left = records.length - pos;
    const problem = left < MIN_BATCH_SIZE ? `trailing ${left} bytes are not a batch` : batchProblem(records, pos, left, false);
    if (problem) return { errorCode: StorageErrorCode.CORRUPT_MESSAGE, message: `invalid batch at byte ${pos}: ${problem}` };
    const size = records.readInt32BE(pos + BatchLayout.BATCH_LENGTH) + BatchLayout.LOG_OVERHEAD;
    if (size > maxMessageBytes) {
      return { errorCode: StorageErrorCode.MESSAGE_TOO_LARGE, message: `batch of ${size} bytes exceeds max.message.bytes ${maxMessageBytes}` };
    }
    const batch: IncomingBatch = {
      at: pos,
      size,
      baseOffset: int64At(records, pos + BatchLayout.BASE_OFFSET),
      lastOffsetDelta: records.readInt32BE(pos + BatchLayout.LAST_OFFSET_DELTA),
      maxTimestamp: int64At(records, pos + BatchLayout.MAX_TIMESTAMP),
      partitionLeaderEpoch: records.readInt32BE(pos + BatchLayout.PARTITION_LEADER_EPOCH),
      recordCount: records.readInt32BE(pos + BatchLayout.RECORD_COUNT),
    };
    batches.push(batch);
    recordCount += batch.recordCount;
    if (batch.maxTimestamp > maxTimestamp) maxTimestamp = batch.maxTimestamp;
    pos += size;
  }
  if (records.length > segmentBytes) {
    return {
      errorCode: StorageErrorCode.RECORD_LIST_TOO_LARGE,
      message: `append of ${records.length} bytes exceeds segment.bytes ${segmentBytes}`,
    };
  }
  return { batches, recordCount, maxTimestamp, size: records.length };
}
