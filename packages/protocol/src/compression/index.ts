// Public exports of this folder; the package index re-exports them.
export { UnsupportedCompressionError, CompressionSyncUnavailableError } from './compression-errors.js';
export {
  compress,
  decompress,
  compressSync,
  decompressSync,
  compressionName,
  isCompressionType,
  hasSyncCodec,
  type CompressOptions,
} from './codec.js';
export { isXerialFramed, XERIAL_BLOCK_SIZE } from './snappy-xerial.js';
export { xxhash32 } from './xxhash32.js';
