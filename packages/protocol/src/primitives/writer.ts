import { ProtocolEncodeError } from '../errors/tributary-error.js';

const INITIAL_CHUNK = 1024;

/** Buffer's integer writers truncate fractions and write NaN as 0 silently; refuse both instead. */
function int(v: number, what: string): number {
  if (!Number.isInteger(v)) throw new ProtocolEncodeError(`${what} value ${v} is not an integer`);
  return v;
}
/** Byte arrays at least this large are appended by reference instead of copied. */
const ZERO_COPY_THRESHOLD = 4096;

/** A position inside a {@link Writer}'s output that can be written later (e.g. a size prefix). */
export interface Placeholder {
  readonly buf: Buffer;
  readonly pos: number;
}

/**
 * An append-only encoder of Kafka's primitive types (big-endian), producing a list of buffers.
 *
 * Small values are written into pooled chunks; large byte arrays (record batches read from a segment file)
 * are appended by reference so a fetch response can go to the socket without copying record bytes. A full
 * chunk is never reallocated, so {@link Placeholder}s stay valid until the end.
 */
export class Writer {
  private chunks: Buffer[] = [];
  private buf: Buffer;
  private pos = 0;
  private start = 0;
  private flushedBytes = 0;

  constructor(initialSize = INITIAL_CHUNK) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.flushedBytes + (this.pos - this.start);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.sealCurrent();
    this.buf = Buffer.allocUnsafe(Math.max(n, this.buf.length * 2, INITIAL_CHUNK));
    this.pos = 0;
    this.start = 0;
  }

  private sealCurrent(): void {
    if (this.pos > this.start) {
      this.chunks.push(this.buf.subarray(this.start, this.pos));
      this.flushedBytes += this.pos - this.start;
    }
    this.start = this.pos;
  }

  writeBool(v: boolean): this {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
    return this;
  }

  writeInt8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(int(v, 'int8'), this.pos);
    this.pos += 1;
    return this;
  }

  writeInt16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(int(v, 'int16'), this.pos);
    this.pos += 2;
    return this;
  }

  writeUInt16(v: number): this {
    this.ensure(2);
    this.buf.writeUInt16BE(int(v, 'uint16'), this.pos);
    this.pos += 2;
    return this;
  }

  writeInt32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(int(v, 'int32'), this.pos);
    this.pos += 4;
    return this;
  }

  writeUInt32(v: number): this {
    this.ensure(4);
    this.buf.writeUInt32BE(int(v, 'uint32'), this.pos);
    this.pos += 4;
    return this;
  }

  writeInt64(v: bigint): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(v, this.pos);
    this.pos += 8;
    return this;
  }

  /** An int64 from a JS number (must be a safe integer). */
  writeInt64FromNumber(v: number): this {
    if (!Number.isSafeInteger(v)) throw new ProtocolEncodeError(`int64 value ${v} is not a safe integer`);
    this.ensure(8);
    const hi = Math.floor(v / 0x100000000);
    this.buf.writeInt32BE(hi, this.pos);
    this.buf.writeUInt32BE(v - hi * 0x100000000, this.pos + 4);
    this.pos += 8;
    return this;
  }

  writeFloat64(v: number): this {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
    return this;
  }

  /** A UUID given as a hyphenated (or plain) 32-hex-digit string, written as 16 raw bytes. */
  writeUuid(v: string): this {
    const hex = v.replace(/-/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new ProtocolEncodeError(`not a UUID: ${v}`);
    this.ensure(16);
    this.buf.write(hex, this.pos, 16, 'hex');
    this.pos += 16;
    return this;
  }

  writeUVarint(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new ProtocolEncodeError(`unsigned varint out of range: ${v}`);
    this.ensure(5);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
    return this;
  }

  /** Signed zig-zag varint (32-bit). */
  writeVarint(v: number): this {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) throw new ProtocolEncodeError(`varint out of range: ${v}`);
    return this.writeUVarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  /** Signed zig-zag varlong (64-bit) from a bigint. */
  writeVarlong(v: bigint): this {
    if (v < -(1n << 63n) || v >= 1n << 63n) throw new ProtocolEncodeError(`varlong out of range: ${v}`);
    let u = v >= 0n ? v << 1n : (-v << 1n) - 1n;
    this.ensure(10);
    while (u >= 0x80n) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
    return this;
  }

  /** Signed zig-zag varlong from a safe-integer JS number: the fast path for record timestamp deltas. */
  writeVarlongFromNumber(v: number): this {
    if (!Number.isSafeInteger(v)) throw new ProtocolEncodeError(`varlong value ${v} is not a safe integer`);
    let u = v >= 0 ? v * 2 : -v * 2 - 1;
    this.ensure(10);
    while (u >= 0x80) {
      this.buf[this.pos++] = (u % 128) | 0x80;
      u = Math.floor(u / 128);
    }
    this.buf[this.pos++] = u;
    return this;
  }

  /** Raw bytes with no length prefix; large arrays are kept by reference. */
  writeRaw(b: Uint8Array): this {
    if (b.length >= ZERO_COPY_THRESHOLD) {
      this.sealCurrent();
      const view = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length);
      this.chunks.push(view);
      this.flushedBytes += view.length;
      return this;
    }
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  /** Several byte arrays back to back with no prefix (e.g. record batches read from several file ranges). */
  writeRawList(list: readonly Uint8Array[]): this {
    for (const b of list) this.writeRaw(b);
    return this;
  }

  private writeUtf8(s: string, byteLength: number): void {
    this.ensure(byteLength);
    this.pos += this.buf.write(s, this.pos, byteLength, 'utf8');
  }

  /** Classic nullable string: int16 length (-1 = null) then UTF-8. */
  writeNullableString(s: string | null): this {
    if (s === null) return this.writeInt16(-1);
    const n = Buffer.byteLength(s, 'utf8');
    if (n > 0x7fff) throw new ProtocolEncodeError(`string of ${n} bytes exceeds the int16 length limit`);
    this.writeInt16(n);
    this.writeUtf8(s, n);
    return this;
  }

  writeString(s: string): this {
    return this.writeNullableString(s);
  }

  /** Compact nullable string: unsigned varint length+1 (0 = null) then UTF-8. */
  writeCompactNullableString(s: string | null): this {
    if (s === null) return this.writeUVarint(0);
    const n = Buffer.byteLength(s, 'utf8');
    this.writeUVarint(n + 1);
    this.writeUtf8(s, n);
    return this;
  }

  writeCompactString(s: string): this {
    return this.writeCompactNullableString(s);
  }

  writeNullableBytes(b: Uint8Array | null): this {
    if (b === null) return this.writeInt32(-1);
    this.writeInt32(b.length);
    return this.writeRaw(b);
  }

  writeBytes(b: Uint8Array): this {
    return this.writeNullableBytes(b);
  }

  writeCompactNullableBytes(b: Uint8Array | null): this {
    if (b === null) return this.writeUVarint(0);
    this.writeUVarint(b.length + 1);
    return this.writeRaw(b);
  }

  writeCompactBytes(b: Uint8Array): this {
    return this.writeCompactNullableBytes(b);
  }

  writeArrayLength(n: number | null): this {
    return this.writeInt32(n === null ? -1 : n);
  }

  writeCompactArrayLength(n: number | null): this {
    return this.writeUVarint(n === null ? 0 : n + 1);
  }

  /** Reserves `size` bytes to be filled in later (for example a length prefix). */
  reserve(size: number): Placeholder {
    this.ensure(size);
    const p = { buf: this.buf, pos: this.pos };
    this.pos += size;
    return p;
  }

  /** The output as a list of buffers (no copy). The writer must not be used afterwards. */
  toBuffers(): Buffer[] {
    this.sealCurrent();
    return this.chunks;
  }

  /** The output as one buffer (copies only when there is more than one chunk). */
  toBuffer(): Buffer {
    const list = this.toBuffers();
    if (list.length === 1) return list[0]!;
    return Buffer.concat(list, this.flushedBytes);
  }
}
