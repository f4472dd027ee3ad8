import { createRequire } from 'node:module';
import { ProtocolDecodeError } from '../errors/tributary-error.js';
import { xxhash32 } from './xxhash32.js';

/**
 * LZ4 in the LZ4 *frame* format, as Kafka's `KafkaLZ4BlockOutputStream` writes it: independent blocks of at
 * most 64 KiB, no block checksums, no content size. `lz4-napi` (Rust `lz4_flex`) writes exactly that shape
 * and reads any standard frame (block or content checksums, content size: what librdkafka may send).
 *
 * One quirk needs care: for magic 0 message sets Kafka computes the frame-descriptor checksum (HC byte) over
 * the 4 magic bytes too (KAFKA-3160), so a standard reader rejects those frames. We accept both checksums by
 * rewriting a "broken" one before decoding, and write the broken one when asked (magic 0 only).
 */
interface Lz4Napi {
  compressFrameSync(data: Buffer): Buffer;
  decompressFrameSync(data: Buffer): Buffer;
  compressFrame(data: Uint8Array): Promise<Buffer>;
  decompressFrame(data: Uint8Array): Promise<Buffer>;
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

/** The HC byte the frame standard wants (hash of FLG..end of descriptor). */
function correctChecksum(data: Uint8Array, hcPos: number): number {
  return (xxhash32(data, 4, hcPos) >>> 8) & 0xff;
}

/** The HC byte Kafka writes for magic 0 (hash from the magic number on). */
function brokenChecksum(data: Uint8Array, hcPos: number): number {
  return (xxhash32(data, 0, hcPos) >>> 8) & 0xff;
}

/**
 * Returns the frame with a standard header checksum: unchanged when it already has one, a copy with the HC
 * byte fixed when it carries Kafka's magic-0 checksum. Other frames pass through for the library to judge.
 */
function withStandardChecksum(data: Buffer): Buffer {
  const hcPos = headerChecksumPos(data);
  if (hcPos < 0) return data;
  const good = correctChecksum(data, hcPos);
  if (data[hcPos] === good || data[hcPos] !== brokenChecksum(data, hcPos)) return data;
  const copy = Buffer.from(data);
  copy[hcPos] = good;
  return copy;
}

function withBrokenChecksum(frame: Buffer): Buffer {
  const hcPos = headerChecksumPos(frame);
  if (hcPos >= 0) frame[hcPos] = brokenChecksum(frame, hcPos);
  return frame;
}

function decodeFailure(e: unknown): ProtocolDecodeError {
  return new ProtocolDecodeError(`corrupt lz4 frame: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
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

export function lz4DecompressSync(data: Buffer): Buffer {
  try {
    return lz4.decompressFrameSync(withStandardChecksum(data));
  } catch (e) {
    throw decodeFailure(e);
  }
}

export async function lz4Decompress(data: Buffer): Promise<Buffer> {
  try {
    return await lz4.decompressFrame(withStandardChecksum(data));
  } catch (e) {
    throw decodeFailure(e);
  }
}
