// Property: decoding garbage, truncated or corrupted bytes either succeeds or raises ProtocolDecodeError;
// never a RangeError/TypeError, never a hang or a huge allocation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as protocol from '@tributary/protocol';
import { ProtocolDecodeError, type MessageCodec } from '@tributary/protocol';
import { allMessageVersions, codecOf, messageArbitrary } from './arbitraries.js';

const cases = allMessageVersions(protocol.messageSchemas);

/** Decodes and reports success; any error other than ProtocolDecodeError fails the test. */
function decodesOrRejects(codec: MessageCodec<unknown>, bytes: Buffer, version: number): boolean {
  try {
    codec.decode(bytes, version);
    return true;
  } catch (e) {
    if (!(e instanceof ProtocolDecodeError)) {
      throw new Error(`${codec.name} v${version} threw ${String(e)} for ${bytes.toString('hex')}`, { cause: e });
    }
    return false;
  }
}

/** Up to `max` prefix lengths spread over [0, length). */
function prefixLengths(length: number, max = 48): number[] {
  if (length <= max) return Array.from({ length }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * length) / max));
}

describe('decoding malformed input raises ProtocolDecodeError only', () => {
  it.each(cases.map((c) => [`${c.msg.name} v${c.version}`, c] as const))('%s', (_label, { msg, version }) => {
    const codec = codecOf(msg.name);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (raw) => {
        decodesOrRejects(codec, Buffer.from(raw), version);
      }),
      { numRuns: 25 },
    );
    const flips = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(messageArbitrary(msg, version), flips, (value, changes) => {
        const bytes = codec.encode(version, value);
        // Every proper prefix is short of at least one byte the full decode consumed: it must be rejected.
        for (const n of prefixLengths(bytes.length)) expect(decodesOrRejects(codec, bytes.subarray(0, n), version)).toBe(false);
        if (bytes.length === 0) return;
        const corrupt = Buffer.from(bytes);
        for (const [at, b] of changes) corrupt[at % corrupt.length] = b;
        decodesOrRejects(codec, corrupt, version);
      }),
      { numRuns: 15 },
    );
  });

  it('rejects a forged array count before allocating (ProduceRequest v3, 2^31-1 topics)', () => {
    const bytes = Buffer.from('ffff' + 'ffff' + '00007530' + '7fffffff', 'hex');
    expect(() => protocol.ProduceRequest.decode(bytes, 3)).toThrow(/cannot fit/);
  });

  it('rejects a forged compact array count (MetadataResponse v12, 2^32-2 brokers)', () => {
    const bytes = Buffer.from('00000000' + 'ffffffff0f', 'hex');
    expect(() => protocol.MetadataResponse.decode(bytes, 12)).toThrow(ProtocolDecodeError);
  });

  it('rejects a known tagged field whose size disagrees with its content', () => {
    // ApiVersionsResponse v3: no apis, throttle 0, one tagged field: tag 1 (int64) announced as 4 bytes.
    const bytes = Buffer.from('0000' + '01' + '00000000' + '01' + '01' + '04' + '00000000', 'hex');
    expect(() => protocol.ApiVersionsResponse.decode(bytes, 3)).toThrow(ProtocolDecodeError);
  });
});
