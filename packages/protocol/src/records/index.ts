// Public exports of this folder; the package index re-exports them.
export * from './crc32c.js';
export * from './batch-header.js';
export { crc32, crc32Pure, crc32Implementation, type Crc32Fn } from './crc32.js';
export {
  TimestampType,
  NO_TIMESTAMP,
  NO_PRODUCER_ID,
  NO_PRODUCER_EPOCH,
  NO_SEQUENCE,
  NO_PARTITION_LEADER_EPOCH,
  type Record,
  type RecordHeader,
  type FetchedRecord,
  type RecordBatch,
  type RecordBatchHeader,
  type RecordInit,
  type RecordBatchInit,
} from './record-types.js';
export { encodeRecordBatch, encodeRecordBatchAsync, batchAttributes } from './batch-encode.js';
export { decodeRecordBatch, decodeRecordBatchAsync, type DecodeBatchOptions } from './batch-decode.js';
export {
  iterateRecordEntries,
  decodeRecordBatches,
  decodeRecordBatchesAsync,
  type RecordsEntry,
} from './records-iterator.js';
export {
  ControlRecordType,
  encodeControlRecordKey,
  decodeControlRecordKey,
  encodeEndTxnMarkerValue,
  decodeEndTxnMarkerValue,
  decodeEndTxnMarker,
  encodeEndTxnMarkerBatch,
  endTxnMarkerOf,
  type ControlRecordKey,
  type EndTxnMarker,
  type EndTxnMarkerBatchInit,
} from './control-records.js';
export {
  validateBatchForAppend,
  RecordErrorCode,
  type RecordErrorName,
  type AppendOrigin,
  type AppendValidationOptions,
  type AppendValidationResult,
  type BatchAppendInfo,
} from './append-validation.js';
export { LegacyLayout, type LegacyRecord, type LegacyMessageInit, type LegacyMessageSetInit } from './legacy-types.js';
export { readLegacyMessageSet, type ReadLegacyOptions } from './legacy-read.js';
export { writeLegacyMessageSet } from './legacy-write.js';
export { downConvert, type DownConvertOptions } from './down-convert.js';
