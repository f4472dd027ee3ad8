import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  CompressionType,
  crc32c,
  decodeRecordBatch,
  encodeRecordBatch,
  readLegacyMessageSet,
  writeLegacyMessageSet,
} from '@tributary/protocol';

/**
 * Interop with kafkajs 2.2.4's own record codecs (internal modules, required directly): its encoder's batches
 * must decode with ours, and ours with its decoder. kafkajs ships gzip only, so that is the codec exercised.
 */
const require = createRequire(import.meta.url);
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as {
  RecordBatch: (args: object) => Promise<{ buffer: Buffer }>;
};
const decodeKafkajsBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<KafkajsBatch>;
const KafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (args: object) => unknown;
const KafkajsMessageSet = require('kafkajs/src/protocol/messageSet') as (args: object) => { buffer: Buffer };
const decodeKafkajsMessageSet = require('kafkajs/src/protocol/messageSet/decoder') as (d: unknown, size: number) => Promise<KafkajsMessage[]>;
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C') as (b: Buffer) => number;

interface KafkajsBatch {
  firstOffset: string;
  records: Array<{ offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: { [k: string]: Buffer } }>;
}
interface KafkajsMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp?: string;
}

const GZIP = 1;

describe('kafkajs interop', () => {
  it('agrees on CRC-32C', () => {
    const data = Buffer.from('the quick brown fox jumps over the lazy dog');
    expect(kafkajsCrc32c(data)).toBe(crc32c(data));
  });

  it.each([0, GZIP])('decodes a batch kafkajs encodes (compression %i)', async (compression) => {
    const records = [
      KafkajsRecord({ offsetDelta: 0, timestampDelta: 0, key: Buffer.from('k0'), value: Buffer.from('v0'), headers: { h: Buffer.from('x') } }),
      KafkajsRecord({ offsetDelta: 1, timestampDelta: 5, key: null, value: Buffer.from('v1') }),
    ];
    const encoded = await RecordBatch({ compression, firstOffset: '0', firstTimestamp: 1000, maxTimestamp: 1005, lastOffsetDelta: 1, records });
    const b = decodeRecordBatch(encoded.buffer);
    expect(b.compression).toBe(compression);
    expect(b.records).toEqual([
      { offset: 0, timestamp: 1000, key: Buffer.from('k0'), value: Buffer.from('v0'), headers: [{ key: 'h', value: Buffer.from('x') }] },
      { offset: 1, timestamp: 1005, key: null, value: Buffer.from('v1'), headers: [] },
    ]);
  });

  it.each([CompressionType.NONE, CompressionType.GZIP])('kafkajs decodes a batch we encode (compression %i)', async (compression) => {
    const bytes = encodeRecordBatch({
      baseOffset: 100,
      compression,
      records: [
        { timestamp: 2000, key: Buffer.from('a'), value: Buffer.from('one'), headers: [{ key: 'trace', value: Buffer.from('t1') }] },
        { timestamp: 2001, key: null, value: null },
      ],
    });
    const b = await decodeKafkajsBatch(new Decoder(bytes));
    expect(b.firstOffset).toBe('100');
    expect(b.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null])).toEqual([
      ['100', '2000', 'a', 'one'],
      ['101', '2001', null, null],
    ]);
    expect(b.records[0]!.headers.trace).toEqual(Buffer.from('t1'));
  });

  it('reads a magic 1 message set kafkajs writes, and kafkajs reads ours', async () => {
    const theirs = KafkajsMessageSet({ messageVersion: 1, compression: 0, entries: [{ key: 'k', value: 'v', timestamp: 77 }] }).buffer;
    expect(readLegacyMessageSet(theirs)).toMatchObject([{ magic: 1, timestamp: 77, key: Buffer.from('k'), value: Buffer.from('v') }]);
    const ours = writeLegacyMessageSet({ magic: 1, compression: CompressionType.GZIP, messages: [5, 6].map((o) => ({ offset: o, timestamp: o, value: Buffer.from(`m${o}`) })) });
    const read = await decodeKafkajsMessageSet(new Decoder(ours), ours.length);
    expect(read.map((m) => [m.offset, m.value?.toString()])).toEqual([
      ['5', 'm5'],
      ['6', 'm6'],
    ]);
  });
});
