import { decodeRecordBatches } from '@tributary/protocol';
import { StorageErrorCode, type PartitionLog } from '@tributary/storage';
import { isPayloadFor } from './payload.js';

/**
 * Reads the whole log and checks what the crash tests promise: every batch passes its CRC, record offsets
 * run contiguously from the log start to the log end, and each value is the one derived from its offset.
 * Returns the number of records checked; throws with the first problem found.
 */
export async function verifyLog(log: PartitionLog): Promise<number> {
  let expected = log.logStartOffset;
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const r = await log.readBytes(offset, 8 << 20);
    if (r.errorCode !== StorageErrorCode.NONE) throw new Error(`read at ${offset} gave error ${r.errorCode}`);
    if (r.records.length === 0) throw new Error(`empty read at ${offset} below the log end ${log.logEndOffset}`);
    const batches = decodeRecordBatches(r.records, { verifyCrc: true });
    for (const b of batches) {
      for (const rec of b.records) {
        if (rec.offset < offset) continue;
        if (rec.offset !== expected) throw new Error(`offset gap: expected ${expected}, found ${rec.offset}`);
        if (!isPayloadFor(rec.value, rec.offset)) throw new Error(`record at ${rec.offset} does not hold its own payload`);
        expected++;
      }
    }
    offset = expected;
  }
  if (expected !== log.logEndOffset) throw new Error(`records end at ${expected}, log end offset is ${log.logEndOffset}`);
  return expected - log.logStartOffset;
}
