/**
 * Record batch throughput: v2 encode and decode of 100-byte records (an 8-byte key and a 100-byte value),
 * uncompressed and lz4, and CRC-32C (native and pure JS), each beside a same-run baseline: `Buffer.copy` of
 * the same bytes. Targets (2-core machine): CRC-32C >= 3 GB/s, uncompressed decode >= 3M records/s, encode
 * >= 2M records/s.
 */
import { CompressionType } from '../src/records/batch-header.js';
import { encodeRecordBatch } from '../src/records/batch-encode.js';
import { decodeRecordBatch } from '../src/records/batch-decode.js';
import { crc32c, crc32cImplementation, crc32cPure } from '../src/records/crc32c.js';
import type { RecordInit } from '../src/records/record-types.js';
import { measure, printTable, type Row } from './measure.js';

const RECORDS_PER_BATCH = 1000;

/** Somewhat realistic values: JSON-like text with a varying part, so lz4 has something to do. */
function makeRecords(): RecordInit[] {
  const now = 1_700_000_000_000;
  return Array.from({ length: RECORDS_PER_BATCH }, (_, i) => {
    const text = `{"user":${(i * 7919) % 100000},"event":"click","page":"/p/${i % 97}","ts":${now + i}}`;
    const value = Buffer.alloc(100, 0x20);
    value.write(text.slice(0, 100));
    const key = Buffer.alloc(8);
    key.writeUInt32BE(i, 4);
    return { key, value, timestamp: now + i };
  });
}

const records = makeRecords();
const plain = encodeRecordBatch({ records });
const lz4 = encodeRecordBatch({ records, compression: CompressionType.LZ4 });

const copyTarget = Buffer.allocUnsafe(plain.length);
const baseline = measure(`Buffer.copy of the ${plain.length}-byte batch`, () => plain.copy(copyTarget), plain.length);

const rows: Row[] = [
  { figure: measure('encode, uncompressed', () => encodeRecordBatch({ records }), plain.length, RECORDS_PER_BATCH), target: { value: 2e6, unit: 'records/s' } },
  { figure: measure('decode, uncompressed (CRC checked)', () => decodeRecordBatch(plain), plain.length, RECORDS_PER_BATCH), target: { value: 3e6, unit: 'records/s' } },
  { figure: measure('decode, uncompressed (no CRC)', () => decodeRecordBatch(plain, 0, { verifyCrc: false }), plain.length, RECORDS_PER_BATCH) },
  { figure: measure('encode, lz4 (sync)', () => encodeRecordBatch({ records, compression: CompressionType.LZ4 }), plain.length, RECORDS_PER_BATCH) },
  { figure: measure('decode, lz4 (sync)', () => decodeRecordBatch(lz4), plain.length, RECORDS_PER_BATCH) },
  { figure: measure(`CRC-32C ${crc32cImplementation}`, () => crc32c(plain), plain.length), target: { value: 3000, unit: 'MB/s' } },
  { figure: measure('CRC-32C pure JS', () => crc32cPure(plain), plain.length) },
];

console.log(`${RECORDS_PER_BATCH} records of 8-byte key + 100-byte value per batch: ${plain.length} bytes plain, ${lz4.length} bytes lz4`);
console.log('MB/s counts uncompressed batch bytes for every codec row, so rows compare by records.\n');
printTable(rows, baseline);
