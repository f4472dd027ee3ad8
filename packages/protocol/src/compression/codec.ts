import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ProtocolDecodeError } from '../errors/tributary-error.js';
import { CompressionType } from '../records/batch-header.js';
import { CompressionSyncUnavailableError, UnsupportedCompressionError } from './compression-errors.js';
import { lz4Compress, lz4CompressSync, lz4Decompress, lz4DecompressSync } from './lz4-frame.js';
import { snappyCompress, snappyCompressSync, snappyDecompress, snappyDecompressSync } from './snappy-xerial.js';

interface ZstdLib {
  compress(data: Buffer, level?: number): Promise<Buffer>;
  decompress(data: Buffer): Promise<Buffer>;
}

const zstd = createRequire(import.meta.url)('@mongodb-js/zstd') as ZstdLib;
const gzipAsync = promisify(zlib.gzip);
const gunzipAsync = promisify(zlib.gunzip);

/** Kafka's default zstd level (`compression.zstd.level`). */
const ZSTD_DEFAULT_LEVEL = 3;

/** Kafka's name of each codec, as in `compression.type`. */
export const compressionName: Readonly<Record<CompressionType, string>> = {
  [CompressionType.NONE]: 'none',
  [CompressionType.GZIP]: 'gzip',
  [CompressionType.SNAPPY]: 'snappy',
  [CompressionType.LZ4]: 'lz4',
  [CompressionType.ZSTD]: 'zstd',
};

/** Options for {@link compress} and {@link compressSync}. */
export interface CompressOptions {
  /** lz4 only: write Kafka's magic-0 frame header checksum (KAFKA-3160). */
  lz4BrokenHeaderChecksum?: boolean;
}

/** True if `type` is one of Kafka's codec ids (0-4). */
export function isCompressionType(type: number): type is CompressionType {
  return Number.isInteger(type) && type >= CompressionType.NONE && type <= CompressionType.ZSTD;
}

/** True if {@link compressSync} and {@link decompressSync} support `type` (all but zstd). */
export function hasSyncCodec(type: CompressionType): boolean {
  return type !== CompressionType.ZSTD;
}

function checkType(type: number): asserts type is CompressionType {
  if (!isCompressionType(type)) throw new UnsupportedCompressionError(`unknown compression codec id ${type}`);
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function corrupt(type: CompressionType, e: unknown): ProtocolDecodeError {
  if (e instanceof ProtocolDecodeError) return e;
  const why = e instanceof Error ? e.message : String(e);
  return new ProtocolDecodeError(`corrupt ${compressionName[type]} data: ${why}`, { cause: e });
}

/**
 * Compresses `data` with Kafka codec `type` (the `compression.type` of a producer, Kafka's
 * `Compression.wrapForOutput`). `none` returns the input unchanged. Raises {@link UnsupportedCompressionError}
 * for an unknown codec id.
 */
export async function compress(type: number, data: Uint8Array, options?: CompressOptions): Promise<Buffer> {
  checkType(type);
  const input = asBuffer(data);
  switch (type) {
    case CompressionType.NONE:
      return input;
    case CompressionType.GZIP:
      return gzipAsync(input);
    case CompressionType.SNAPPY:
      return snappyCompress(input);
    case CompressionType.LZ4:
      return lz4Compress(input, { brokenHeaderChecksum: options?.lz4BrokenHeaderChecksum === true });
    case CompressionType.ZSTD:
      return zstd.compress(input, ZSTD_DEFAULT_LEVEL);
  }
}

/**
 * Decompresses `data` written with Kafka codec `type` (Kafka's `Compression.wrapForInput`). Corrupt input
 * raises {@link ProtocolDecodeError}; an unknown codec id raises {@link UnsupportedCompressionError}.
 */
export async function decompress(type: number, data: Uint8Array): Promise<Buffer> {
  checkType(type);
  const input = asBuffer(data);
  try {
    switch (type) {
      case CompressionType.NONE:
        return input;
      case CompressionType.GZIP:
        return await gunzipAsync(input);
      case CompressionType.SNAPPY:
        return await snappyDecompress(input);
      case CompressionType.LZ4:
        return await lz4Decompress(input);
      case CompressionType.ZSTD:
        return await zstd.decompress(input);
    }
  } catch (e) {
    throw corrupt(type, e);
  }
}

/**
 * Synchronous {@link compress} for every codec but zstd, whose library is asynchronous only (raises
 * {@link CompressionSyncUnavailableError}). Blocks the event loop for the duration: meant for small
 * payloads and for code paths that cannot await.
 */
export function compressSync(type: number, data: Uint8Array, options?: CompressOptions): Buffer {
  checkType(type);
  const input = asBuffer(data);
  switch (type) {
    case CompressionType.NONE:
      return input;
    case CompressionType.GZIP:
      return zlib.gzipSync(input);
    case CompressionType.SNAPPY:
      return snappyCompressSync(input);
    case CompressionType.LZ4:
      return lz4CompressSync(input, { brokenHeaderChecksum: options?.lz4BrokenHeaderChecksum === true });
    case CompressionType.ZSTD:
      throw new CompressionSyncUnavailableError('zstd has no synchronous codec; use compress()');
  }
}

/** Synchronous {@link decompress} for every codec but zstd (see {@link compressSync}). */
export function decompressSync(type: number, data: Uint8Array): Buffer {
  checkType(type);
  if (type === CompressionType.ZSTD) throw new CompressionSyncUnavailableError('zstd has no synchronous codec; use decompress()');
  const input = asBuffer(data);
  try {
    switch (type) {
      case CompressionType.NONE:
        return input;
      case CompressionType.GZIP:
        return zlib.gunzipSync(input);
      case CompressionType.SNAPPY:
        return snappyDecompressSync(input);
      case CompressionType.LZ4:
        return lz4DecompressSync(input);
    }
  } catch (e) {
    throw corrupt(type, e);
  }
}
