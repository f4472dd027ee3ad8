import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CompressionType,
  ProtocolDecodeError,
  compress,
  compressSync,
  decompress,
  decompressSync,
  isXerialFramed,
  xxhash32,
} from '@tributary/protocol';

const ALL = [CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4, CompressionType.ZSTD];
const SYNC = [CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY, CompressionType.LZ4];

/** Compressible text of a known shape (the plaintext of the liblz4 fixtures below). */
function sample(): Buffer {
  let s = '';
  for (let i = 0; i < 40; i++) s += `record-${String(i).padStart(4, '0')}:the quick brown fox jumps over the lazy dog|`;
  return Buffer.from(s);
}

describe('compress/decompress round trips', () => {
  it.each(ALL)('codec %i restores random data (async)', async (type) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), async (data) => {
        const packed = await compress(type, data);
        expect(Buffer.compare(await decompress(type, packed), Buffer.from(data))).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it.each(SYNC)('codec %i restores random data (sync) and agrees with the async decoder', async (type) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (data) => {
        expect(Buffer.compare(decompressSync(type, compressSync(type, data)), Buffer.from(data))).toBe(0);
      }),
      { numRuns: 40 },
    );
    const big = Buffer.concat(Array.from({ length: 60 }, () => sample())); // > 64 KiB: several blocks
    expect((await decompress(type, compressSync(type, big))).equals(big)).toBe(true);
  });

  it('zstd has no sync codec and says so with a stable code', () => {
    expect(() => compressSync(CompressionType.ZSTD, Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'COMPRESSION_SYNC_UNAVAILABLE' }));
    expect(() => decompressSync(CompressionType.ZSTD, Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'COMPRESSION_SYNC_UNAVAILABLE' }));
  });

  it('an unknown codec id raises UNSUPPORTED_COMPRESSION', async () => {
    await expect(compress(5, Buffer.from('x'))).rejects.toMatchObject({ code: 'UNSUPPORTED_COMPRESSION' });
    await expect(decompress(7, Buffer.from('x'))).rejects.toMatchObject({ code: 'UNSUPPORTED_COMPRESSION' });
    expect(() => compressSync(-1, Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_COMPRESSION' }));
  });

  it.each(ALL.filter((t) => t !== CompressionType.NONE))('corrupt codec %i input raises only ProtocolDecodeError', async (type) => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (junk) => {
        await decompress(type, junk).then(
          () => undefined, // some byte strings are valid streams (e.g. raw snappy literals)
          (e: unknown) => expect(e).toBeInstanceOf(ProtocolDecodeError),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('snappy framing', () => {
  it('writes xerial framing: magic header, version 1, compat 1, int32-length blocks of at most 32 KiB input', () => {
    const data = Buffer.alloc(70_000, 0x61);
    const out = compressSync(CompressionType.SNAPPY, data);
    expect(isXerialFramed(out)).toBe(true);
    expect(out.subarray(0, 8)).toEqual(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]));
    expect(out.readInt32BE(8)).toBe(1);
    expect(out.readInt32BE(12)).toBe(1);
    let pos = 16;
    let blocks = 0;
    while (pos < out.length) {
      pos += 4 + out.readInt32BE(pos);
      blocks++;
    }
    expect(pos).toBe(out.length);
    expect(blocks).toBe(3); // 32768 + 32768 + 4464
  });

  it('reads raw (unframed) snappy as written by clients without framing', async () => {
    // Raw snappy of "hello hello hello hello hello": varint length 29, a literal and a copy.
    const raw = Buffer.from('1d1468656c6c6f205a0600', 'hex');
    expect(isXerialFramed(raw)).toBe(false);
    expect((await decompress(CompressionType.SNAPPY, raw)).toString()).toBe('hello hello hello hello hello');
    expect(decompressSync(CompressionType.SNAPPY, raw).toString()).toBe('hello hello hello hello hello');
  });

  it('reads concatenated xerial streams (a header again at a block boundary)', () => {
    const a = compressSync(CompressionType.SNAPPY, Buffer.from('first-'));
    const b = compressSync(CompressionType.SNAPPY, Buffer.from('second'));
    expect(decompressSync(CompressionType.SNAPPY, Buffer.concat([a, b])).toString()).toBe('first-second');
  });
});

describe('lz4 frames', () => {
  it('computes XXH32 test vectors', () => {
    expect(xxhash32(Buffer.from(''))).toBe(0x02cc5d05);
    expect(xxhash32(Buffer.from('abc'))).toBe(0x32d153ff);
  });

  it("writes Kafka's frame shape: LZ4 magic, FLG version 1 + independent blocks, BD 64 KiB, valid HC", () => {
    const f = compressSync(CompressionType.LZ4, sample());
    expect(f.readUInt32LE(0)).toBe(0x184d2204);
    expect(f[4]).toBe(0x60);
    expect(f[5]).toBe(0x40);
    expect(f[6]).toBe((xxhash32(f, 4, 6) >>> 8) & 0xff);
  });

  it("writes and reads Kafka's magic-0 header checksum (hashed from the magic on, KAFKA-3160)", async () => {
    const f = compressSync(CompressionType.LZ4, sample(), { lz4BrokenHeaderChecksum: true });
    expect(f[6]).toBe((xxhash32(f, 0, 6) >>> 8) & 0xff);
    expect(f[6]).not.toBe((xxhash32(f, 4, 6) >>> 8) & 0xff);
    expect(decompressSync(CompressionType.LZ4, f).equals(sample())).toBe(true);
    expect((await decompress(CompressionType.LZ4, f)).equals(sample())).toBe(true);
  });

  it('rejects a header checksum that is neither the standard nor the magic-0 one', () => {
    const f = Buffer.from(compressSync(CompressionType.LZ4, sample()));
    f[6] = (f[6]! + 1) & 0xff;
    if (f[6] === ((xxhash32(f, 0, 6) >>> 8) & 0xff)) f[6] = (f[6]! + 1) & 0xff;
    expect(() => decompressSync(CompressionType.LZ4, f)).toThrow(ProtocolDecodeError);
  });

  // Frames written by liblz4 1.9.4 (the library librdkafka links) via its CLI, over sample():
  // default (content checksum, FLG 0x64) and with content size + block checksums (FLG 0x7c).
  const LIBLZ4_DEFAULT =
    '04224d186440a704010000f01c7265636f72642d303030303a74686520717569636b2062726f776e20666f78206a756d7073206f766572201f00966c617a7920646f677c38001f313800241f323800241f333800241f343800241f353800241f363800241f373800241f383800241f393800231f313002241f313002241f313002241f313002241f313002241f313002241f313002241f313002241f313002241f313002241f323002241f323002241f323002241f323002241f323002241f323002241f323002241f323002241f323002241f323002241f333002241f333002241f333002241f333002241f333002241f333002241f333002241f333002241f333002241f333002165020646f677c000000001ec499f6';
  const LIBLZ4_CHECKSUMS =
    '04224d187c40c0080000000000009704010000f01c7265636f72642d303030303a74686520717569636b2062726f776e20666f78206a756d7073206f766572201f00966c617a7920646f677c38001f313800241f323800241f333800241f343800241f353800241f363800241f373800241f383800241f393800231f313002241f313002241f313002241f313002241f313002241f313002241f313002241f313002241f313002241f313002241f323002241f323002241f323002241f323002241f323002241f323002241f323002241f323002241f323002241f323002241f333002241f333002241f333002241f333002241f333002241f333002241f333002241f333002241f333002241f333002165020646f677c097ecab6000000001ec499f6';

  it.each([LIBLZ4_DEFAULT, LIBLZ4_CHECKSUMS])('reads frames liblz4 writes (%#)', async (hex) => {
    const frame = Buffer.from(hex, 'hex');
    expect(decompressSync(CompressionType.LZ4, frame).equals(sample())).toBe(true);
    expect((await decompress(CompressionType.LZ4, frame)).equals(sample())).toBe(true);
  });
  // liblz4 with linked blocks (-BD) over 60 copies of sample(): later blocks copy from earlier ones.
  const LIBLZ4_LINKED = [
    '04224d1844405e01020000f6297265636f72642d303030303a74686520717569636b2062726f776e20666f78206a756d7073',
    '206f76657220746865206c617a7920646f677c38001f313800241f323800241f333800241f343800241f353800241f363800',
    '241f373800241f383800241f393800231f313002241f313002241f313002241f313002241f313002241f313002241f313002',
    '241f313002241f313002241f313002241f323002241f323002241f323002241f323002241f323002241f323002241f323002',
    '241f323002241f323002241f323002241f333002241f333002241f333002241f333002241f333002241f333002241f333002',
    '241f333002241f333002241f333002240fc008ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffff17503a746865200e0100000ff0ff1e0fc0fdffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffb75020666f78200e01',
    '0000ff296a756d7073206f76657220746865206c617a7920646f677c7265636f72642d303032313a74686520717569636b20',
    '62726f776e20666f782038000f1f323800241f333800241f343800241f353800241f363800241f373800241f383800241f39',
    '3800232f33303800240f3002241f333002241f333002241f333002241f333002241f333002241f333002241f333002241f33',
    '3002241f303002241f303002241f303002241f303002241f303002241f303002241f303002241f303002241f303002241f30',
    '3002241f313002241f313002241f313002241f313002241f313002241f313002241f313002241f313002241f313002241f31',
    '3002241f323002240fc008ffffffff0b5020646f677c000000001e70821d',
  ].join('');

  it('reads linked-block frames whose matches reach into the previous block', () => {
    const expected = Buffer.concat(Array.from({ length: 60 }, () => sample()));
    expect(decompressSync(CompressionType.LZ4, Buffer.from(LIBLZ4_LINKED, 'hex')).equals(expected)).toBe(true);
  });

  it('reads incompressible data (stored blocks), concatenated frames and skippable frames', () => {
    const noise = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 2654435761) >>> 24));
    const stored = compressSync(CompressionType.LZ4, noise);
    const skippable = Buffer.from('502a4d18' + '03000000' + 'aabbcc', 'hex');
    const joined = Buffer.concat([stored, skippable, compressSync(CompressionType.LZ4, sample())]);
    expect(decompressSync(CompressionType.LZ4, joined).equals(Buffer.concat([noise, sample()]))).toBe(true);
  });

  it('every truncation of a frame raises ProtocolDecodeError', () => {
    const f = compressSync(CompressionType.LZ4, sample());
    for (let n = 0; n < f.length; n++) expect(() => decompressSync(CompressionType.LZ4, f.subarray(0, n))).toThrow(ProtocolDecodeError);
  });

  it('corrupted blocks raise only ProtocolDecodeError', () => {
    const f = compressSync(CompressionType.LZ4, Buffer.concat([sample(), sample()]));
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 255 }), (at, v) => {
        const b = Buffer.from(f);
        b[7 + (at % (b.length - 7))] = v;
        try {
          decompressSync(CompressionType.LZ4, b);
        } catch (e) {
          expect(e).toBeInstanceOf(ProtocolDecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
