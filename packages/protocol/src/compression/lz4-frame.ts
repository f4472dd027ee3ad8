import { createRequire } from 'node:module';
import { readLz4Frames } from './lz4-frame-reader.js';
import { xxhash32 } from './xxhash32.js';

/**
 * LZ4 in the LZ4 *frame* format. Writing: `lz4-napi` (Rust `lz4_flex`) produces exactly the shape of Kafka's
 * `KafkaLZ4BlockOutputStream`: independent blocks of at most 64 KiB, no block checksums, no content size.
 * Reading: `lz4-frame-reader.ts`, which accepts any standard frame (what librdkafka may send) as well.
 *
 * One quirk: for magic 0 message sets Kafka computes the frame-descriptor checksum (HC byte) over the 4 magic
 * bytes too (KAFKA-3160). The reader accepts both forms; the writer produces the magic-0 form when asked.
 */
interface Lz4Napi {
  compressFrameSync(data: Buffer): Buffer;
  compressFrame(data: Uint8Array): Promise<Buffer>;
}

const lz4 = createRequire(import.meta.url)('lz4-napi') as Lz4Napi;

const FRAME_MAGIC = 0x184d2204;
const FLG_CONTENT_SIZE = 0x08;
const FLG_DICT_ID = 0x01;

/** Where the HC byte of the frame starts at `data[0]` sits, or -1 if this is not an LZ4 frame header. */
function headerChecksumPos(data: Uint8Array): number {
  if (data.length < 7) return -1;
  const magic = (data[0]! | (data[1]! << 8) | (data[2]! << 16) | (data[3]! << 24)) >>> 0;
  if (magic !== FRAME_MAGIC) return -1;
  const flg = data[4]!;
  let pos = 6;
  if (flg & FLG_CONTENT_SIZE) pos += 8;
  if (flg & FLG_DICT_ID) pos += 4;
  return pos < data.length ? pos : -1;
}

/** The HC byte Kafka writes for magic 0 (hash from the magic number on). */
function brokenChecksum(data: Uint8Array, hcPos: number): number {
  return (xxhash32(data, 0, hcPos) >>> 8) & 0xff;
}

function withBrokenChecksum(frame: Buffer): Buffer {
  const hcPos = headerChecksumPos(frame);
  if (hcPos >= 0) frame[hcPos] = brokenChecksum(frame, hcPos);
  return frame;
}

/** Options of the LZ4 writer. */
export interface Lz4FrameOptions {
  /** Write Kafka's magic-0 header checksum (KAFKA-3160). Only for magic 0 message sets. */
  brokenHeaderChecksum?: boolean;
}

export function lz4CompressSync(data: Buffer, options?: Lz4FrameOptions): Buffer {
  const frame = lz4.compressFrameSync(data);
  return options?.brokenHeaderChecksum === true ? withBrokenChecksum(frame) : frame;
}

export async function lz4Compress(data: Buffer, options?: Lz4FrameOptions): Promise<Buffer> {
  const frame = await lz4.compressFrame(data);
  return options?.brokenHeaderChecksum === true ? withBrokenChecksum(frame) : frame;
}

/** Decodes LZ4 frames (see `lz4-frame-reader.ts` for why this is not the library's decoder). */
export function lz4DecompressSync(data: Buffer): Buffer {
  return readLz4Frames(data);
}

/**
 * The same as {@link lz4DecompressSync}: decoding in JS at memory speed beats a hop to the thread pool, so
 * there is no asynchronous path for lz4 decompression.
 */
export function lz4Decompress(data: Buffer): Promise<Buffer> {
  try {
    return Promise.resolve(readLz4Frames(data));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
