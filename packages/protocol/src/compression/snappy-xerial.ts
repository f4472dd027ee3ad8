import { createRequire } from 'node:module';
import { ProtocolDecodeError } from '../errors/tributary-error.js';

/**
 * Snappy as Kafka carries it. Kafka's Java producer wraps raw snappy in snappy-java's "xerial" stream framing:
 * an 8-byte magic header `0x82 'SNAPPY' 0x00`, a version int32 (1) and a minimum-compatible-version int32 (1),
 * then blocks of `int32 length + raw snappy` each holding at most 32 KiB of input. We write that framing (so
 * Java consumers read our batches) and read both it and plain raw snappy (what some other clients send).
 */
interface SnappyLib {
  compressSync(input: Uint8Array): Buffer;
  compress(input: Uint8Array): Promise<Buffer>;
  uncompressSync(input: Uint8Array, options: { asBuffer: true }): Buffer;
  uncompress(input: Uint8Array, options: { asBuffer: true }): Promise<Buffer>;
}

const snappy = createRequire(import.meta.url)('snappy') as SnappyLib;

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
const XERIAL_VERSION = 1;
const XERIAL_MIN_COMPATIBLE = 1;
/** snappy-java's default block size, which Kafka uses. */
export const XERIAL_BLOCK_SIZE = 32 * 1024;

function hasXerialMagic(data: Uint8Array, pos: number): boolean {
  if (data.length - pos < XERIAL_HEADER_SIZE) return false;
  for (let i = 0; i < XERIAL_MAGIC.length; i++) if (data[pos + i] !== XERIAL_MAGIC[i]) return false;
  return true;
}

/** True if `data` starts with the xerial stream header. */
export function isXerialFramed(data: Uint8Array): boolean {
  return hasXerialMagic(data, 0);
}

function header(): Buffer {
  const h = Buffer.allocUnsafe(XERIAL_HEADER_SIZE);
  XERIAL_MAGIC.copy(h, 0);
  h.writeInt32BE(XERIAL_VERSION, 8);
  h.writeInt32BE(XERIAL_MIN_COMPATIBLE, 12);
  return h;
}

function frame(blocks: Buffer[]): Buffer {
  const parts: Buffer[] = [header()];
  for (const b of blocks) {
    const len = Buffer.allocUnsafe(4);
    len.writeInt32BE(b.length, 0);
    parts.push(len, b);
  }
  return Buffer.concat(parts);
}

function split(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let pos = 0; pos < data.length; pos += XERIAL_BLOCK_SIZE) out.push(data.subarray(pos, pos + XERIAL_BLOCK_SIZE));
  return out;
}

/**
 * The raw snappy blocks of a xerial stream. Concatenated streams (a header again at a block boundary) are
 * accepted, as snappy-java itself does.
 */
function xerialBlocks(data: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (hasXerialMagic(data, pos)) {
      pos += XERIAL_HEADER_SIZE;
      continue;
    }
    if (data.length - pos < 4) throw new ProtocolDecodeError(`truncated xerial snappy block length at ${pos}`);
    const len = data.readInt32BE(pos);
    pos += 4;
    if (len < 0 || len > data.length - pos) throw new ProtocolDecodeError(`xerial snappy block of ${len} bytes overruns the stream at ${pos}`);
    blocks.push(data.subarray(pos, pos + len));
    pos += len;
  }
  return blocks;
}

function decodeFailure(e: unknown): ProtocolDecodeError {
  if (e instanceof ProtocolDecodeError) return e;
  return new ProtocolDecodeError(`corrupt snappy data: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
}

export function snappyCompressSync(data: Buffer): Buffer {
  return frame(split(data).map((b) => snappy.compressSync(b)));
}

export async function snappyCompress(data: Buffer): Promise<Buffer> {
  return frame(await Promise.all(split(data).map((b) => snappy.compress(b))));
}

export function snappyDecompressSync(data: Buffer): Buffer {
  try {
    if (!isXerialFramed(data)) return snappy.uncompressSync(data, { asBuffer: true });
    return Buffer.concat(xerialBlocks(data).map((b) => snappy.uncompressSync(b, { asBuffer: true })));
  } catch (e) {
    throw decodeFailure(e);
  }
}

export async function snappyDecompress(data: Buffer): Promise<Buffer> {
  try {
    if (!isXerialFramed(data)) return await snappy.uncompress(data, { asBuffer: true });
    const blocks = xerialBlocks(data);
    return Buffer.concat(await Promise.all(blocks.map((b) => snappy.uncompress(b, { asBuffer: true }))));
  } catch (e) {
    throw decodeFailure(e);
  }
}
