import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  ProtocolDecodeError,
  decodeRecordBatches,
  decodeRecordBatchesAsync,
  encodeRecordBatch,
  iterateRecordEntries,
  writeLegacyMessageSet,
  CompressionType,
} from '@tributary/protocol';

function batch(baseOffset: number, n: number): Buffer {
  return encodeRecordBatch({ baseOffset, records: Array.from({ length: n }, (_, i) => ({ timestamp: 1, value: Buffer.from(`v${baseOffset + i}`) })) });
}

describe('iterateRecordEntries', () => {
  const blob = Buffer.concat([batch(0, 2), batch(2, 3), writeLegacyMessageSet({ magic: 1, messages: [{ offset: 5, timestamp: 7, value: Buffer.from('old') }] })]);

  it('walks batches and legacy entries by size, reporting magic and first offset', () => {
    expect([...iterateRecordEntries(blob)].map((e) => [e.magic, e.offset, e.size])).toEqual([
      [2, 0, batch(0, 2).length],
      [2, 2, batch(2, 3).length],
      [1, 5, 34 + 3], // magic 1 overhead (34, both length fields included) + a 3-byte value
    ]);
  });

  it('stops quietly at a trailing partial entry, wherever it is cut', () => {
    const whole = Buffer.concat([batch(0, 2), batch(2, 3)]);
    const first = batch(0, 2).length;
    for (let cut = first; cut < whole.length; cut++) {
      const entries = [...iterateRecordEntries(whole.subarray(0, cut))];
      expect(entries.map((e) => e.offset)).toEqual([0]);
      expect(decodeRecordBatches(whole.subarray(0, cut)).map((b) => b.records.length)).toEqual([2]);
    }
  });

  it('rejects sizes too small for any entry and unknown magic bytes', () => {
    const small = Buffer.from(batch(0, 1));
    small.writeInt32BE(3, 8);
    expect(() => [...iterateRecordEntries(small)]).toThrow(ProtocolDecodeError);
    const magic = Buffer.from(batch(0, 1));
    magic[16] = 7;
    expect(() => [...iterateRecordEntries(magic)]).toThrow(/magic 7/);
    const shortBatch = Buffer.from(batch(0, 1));
    shortBatch.writeInt32BE(40, 8); // a magic-2 entry shorter than its 61-byte header
    expect(() => [...iterateRecordEntries(shortBatch)]).toThrow(ProtocolDecodeError);
  });

  it('decodeRecordBatches refuses legacy entries and decodes every v2 batch', async () => {
    expect(() => decodeRecordBatches(blob)).toThrow(/legacy|magic 1/);
    const v2 = Buffer.concat([batch(0, 2), encodeRecordBatch({ baseOffset: 2, compression: CompressionType.GZIP, records: [{ value: Buffer.from('z') }] })]);
    expect((await decodeRecordBatchesAsync(v2)).map((b) => b.records.map((r) => r.offset))).toEqual([[0, 1], [2]]);
  });

  it('random bytes raise only ProtocolDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (a) => {
        try {
          for (const e of iterateRecordEntries(Buffer.from(a))) expect(e.size).toBeGreaterThanOrEqual(26);
        } catch (e) {
          expect(e).toBeInstanceOf(ProtocolDecodeError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
