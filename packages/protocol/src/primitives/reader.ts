import { ProtocolDecodeError } from '../errors/tributary-error.js';

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE_BIG = BigInt(Number.MIN_SAFE_INTEGER);

/**
 * A bounds-checked cursor over a buffer, reading Kafka's primitive types (big-endian).
 *
 * Every read checks the remaining length first and raises {@link ProtocolDecodeError} on short or malformed
 * input; no read can run past `end`, and every loop is bounded by the bytes left, so garbage can neither
 * crash the process nor spin. Byte arrays are returned as views into the source buffer (no copy): callers
 * that keep them beyond the life of the frame must copy.
 */
export class Reader {
  readonly buf: Buffer;
  pos: number;
  readonly end: number;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    if (start < 0 || end > buf.length || start > end) {
      throw new ProtocolDecodeError(`reader window [${start}, ${end}) outside a buffer of ${buf.length} bytes`);
    }
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Raises a decode error unless `n` more bytes are available. */
  need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new ProtocolDecodeError(`need ${n} bytes for ${what} at offset ${this.pos}, have ${this.end - this.pos}`);
    }
  }

  readBool(): boolean {
    this.need(1, 'bool');
    return this.buf[this.pos++] !== 0;
  }

  readInt8(): number {
    this.need(1, 'int8');
    return this.buf.readInt8(this.pos++);
  }

  readInt16(): number {
    this.need(2, 'int16');
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  readUInt16(): number {
    this.need(2, 'uint16');
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  readInt32(): number {
    this.need(4, 'int32');
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  readUInt32(): number {
    this.need(4, 'uint32');
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  readInt64(): bigint {
    this.need(8, 'int64');
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  /** An int64 as a JS number; raises a decode error if it is outside the safe-integer range. */
  readInt64AsNumber(): number {
    this.need(8, 'int64');
    const hi = this.buf.readInt32BE(this.pos);
    const lo = this.buf.readUInt32BE(this.pos + 4);
    this.pos += 8;
    if (hi > 0x1fffff || hi < -0x200000) {
      throw new ProtocolDecodeError(`int64 at offset ${this.pos - 8} is outside the safe integer range`);
    }
    return hi * 0x100000000 + lo;
  }

  readFloat64(): number {
    this.need(8, 'float64');
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  /** A UUID as its 16 raw bytes, returned as a canonical lowercase hyphenated string. */
  readUuid(): string {
    this.need(16, 'uuid');
    const hex = this.buf.toString('hex', this.pos, this.pos + 16);
    this.pos += 16;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Unsigned base-128 varint of at most 5 bytes (32 bits), as used by compact lengths and tags. */
  readUVarint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) throw new ProtocolDecodeError(`truncated varint at offset ${this.pos}`);
      const b = this.buf[this.pos++]!;
      if (i === 4 && b > 0x0f) throw new ProtocolDecodeError(`unsigned varint overflows 32 bits at offset ${this.pos - 1}`);
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
    throw new ProtocolDecodeError(`unsigned varint longer than 5 bytes at offset ${this.pos}`);
  }

  /** Signed zig-zag varint (32-bit), as used inside v2 records. */
  readVarint(): number {
    const u = this.readUVarint();
    // zig-zag: u is in [0, 2^32); decode without 32-bit overflow surprises.
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Signed zig-zag varlong (64-bit) as a bigint. */
  readVarlong(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtocolDecodeError(`truncated varlong at offset ${this.pos}`);
      const b = this.buf[this.pos++]!;
      if (i === 9 && b > 0x01) throw new ProtocolDecodeError(`varlong overflows 64 bits at offset ${this.pos - 1}`);
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return (result >> 1n) ^ -(result & 1n);
      shift += 7n;
    }
    throw new ProtocolDecodeError(`varlong longer than 10 bytes at offset ${this.pos}`);
  }

  /**
   * Signed zig-zag varlong as a JS number: the fast path for record timestamp deltas. Values outside the
   * safe-integer range raise a decode error rather than lose precision.
   */
  readVarlongAsNumber(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtocolDecodeError(`truncated varlong at offset ${this.pos}`);
      const b = this.buf[this.pos++]!;
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (result > Number.MAX_SAFE_INTEGER) {
          throw new ProtocolDecodeError(`varlong at offset ${this.pos} is outside the safe integer range`);
        }
        return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      }
      mul *= 128;
    }
    throw new ProtocolDecodeError(`varlong longer than 10 bytes at offset ${this.pos}`);
  }

  /** `n` raw bytes as a view into the source buffer. */
  readRaw(n: number): Buffer {
    this.need(n, 'bytes');
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  skip(n: number): void {
    this.need(n, 'skip');
    this.pos += n;
  }

  private utf8(n: number): string {
    this.need(n, 'string');
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** Classic string: int16 length then UTF-8 bytes; -1 is null. */
  readNullableString(): string | null {
    const n = this.readInt16();
    if (n === -1) return null;
    if (n < -1) throw new ProtocolDecodeError(`negative string length ${n}`);
    return this.utf8(n);
  }

  readString(): string {
    const s = this.readNullableString();
    if (s === null) throw new ProtocolDecodeError(`null string where a non-nullable string is required at offset ${this.pos - 2}`);
    return s;
  }

  /** Compact string: unsigned varint length+1, 0 is null. */
  readCompactNullableString(): string | null {
    const n = this.readUVarint();
    if (n === 0) return null;
    return this.utf8(n - 1);
  }

  readCompactString(): string {
    const s = this.readCompactNullableString();
    if (s === null) throw new ProtocolDecodeError(`null compact string where a non-nullable string is required`);
    return s;
  }

  /** Classic bytes: int32 length then bytes; -1 is null. Returned as a view. */
  readNullableBytes(): Buffer | null {
    const n = this.readInt32();
    if (n === -1) return null;
    if (n < -1) throw new ProtocolDecodeError(`negative bytes length ${n}`);
    return this.readRaw(n);
  }

  readBytes(): Buffer {
    const b = this.readNullableBytes();
    if (b === null) throw new ProtocolDecodeError('null bytes where non-nullable bytes are required');
    return b;
  }

  readCompactNullableBytes(): Buffer | null {
    const n = this.readUVarint();
    if (n === 0) return null;
    return this.readRaw(n - 1);
  }

  readCompactBytes(): Buffer {
    const b = this.readCompactNullableBytes();
    if (b === null) throw new ProtocolDecodeError('null compact bytes where non-nullable bytes are required');
    return b;
  }

  /**
   * Classic array length (int32, -1 = null). Each element occupies at least `minElementBytes`, so a
   * count that cannot fit in the remaining bytes is rejected before any allocation or loop.
   */
  readArrayLength(minElementBytes = 1): number {
    const n = this.readInt32();
    if (n < -1) throw new ProtocolDecodeError(`negative array length ${n}`);
    if (n > 0 && n * minElementBytes > this.remaining) {
      throw new ProtocolDecodeError(`array of ${n} elements cannot fit in ${this.remaining} remaining bytes`);
    }
    return n;
  }

  /** Compact array length (unsigned varint count+1, 0 = null), returned as the count or -1 for null. */
  readCompactArrayLength(minElementBytes = 1): number {
    const n = this.readUVarint() - 1;
    if (n > 0 && n * minElementBytes > this.remaining) {
      throw new ProtocolDecodeError(`compact array of ${n} elements cannot fit in ${this.remaining} remaining bytes`);
    }
    return n;
  }

  /** A number from a bigint that must fit the safe-integer range (e.g. a record offset). */
  static safeNumber(v: bigint, what: string): number {
    if (v > MAX_SAFE_BIG || v < MIN_SAFE_BIG) throw new ProtocolDecodeError(`${what} ${v} is outside the safe integer range`);
    return Number(v);
  }
}
