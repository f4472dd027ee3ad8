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
