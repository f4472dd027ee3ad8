/**
 * `@tributary/protocol`: the Kafka wire protocol, sans-io. Bytes in, typed messages out, and back.
 *
 * @packageDocumentation
 */
export { TributaryError, ProtocolDecodeError, ProtocolEncodeError } from './errors/tributary-error.js';
export { Reader } from './primitives/reader.js';
export { Writer, type Placeholder } from './primitives/writer.js';
export { crc32c, crc32cPure, crc32cImplementation, type Crc32cFn } from './records/crc32c.js';
export {
  BatchLayout,
  BatchAttributes,
  CompressionType,
  type BatchHeader,
  readBatchHeader,
  entrySizeAt,
  computeBatchCrc,
  isBatchCrcValid,
  patchBatchOffsets,
} from './records/batch-header.js';
