import { describe, expect, it } from 'vitest';
import { ProtocolDecodeError, Reader, Writer } from '@tributary/protocol';

describe('varints', () => {
  it('round-trips zig-zag varints at the edges', () => {
    for (const v of [0, -1, 1, -2, 2, 63, -64, 64, 2 ** 31 - 1, -(2 ** 31)]) {
      const w = new Writer();
      w.writeVarint(v);
      expect(new Reader(w.toBuffer()).readVarint()).toBe(v);
    }
  });

  it('encodes -1 as the single byte 0x01', () => {
    expect(new Writer().writeVarint(-1).toBuffer()).toEqual(Buffer.from([1]));
  });

  it('rejects a truncated varint with a decode error', () => {
    expect(() => new Reader(Buffer.from([0x80, 0x80])).readUVarint()).toThrow(ProtocolDecodeError);
  });
});

describe('writer integer checks', () => {
  it('refuses fractions and NaN instead of truncating them', async () => {
    const { ProtocolEncodeError } = await import('@tributary/protocol');
    expect(() => new Writer().writeInt32(1.5)).toThrow(ProtocolEncodeError);
    expect(() => new Writer().writeInt16(Number.NaN)).toThrow(ProtocolEncodeError);
    expect(() => new Writer().writeUVarint(2.5)).toThrow(ProtocolEncodeError);
  });

  it('round-trips int64 from numbers, negative included', () => {
    for (const v of [0, -1, 2 ** 40 + 7, -(2 ** 52), Number.MAX_SAFE_INTEGER]) {
      const b = new Writer().writeInt64FromNumber(v).toBuffer();
      expect(new Reader(b).readInt64AsNumber()).toBe(v);
      expect(b.readBigInt64BE(0)).toBe(BigInt(v));
    }
  });
});
