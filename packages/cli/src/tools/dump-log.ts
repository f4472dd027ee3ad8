import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import {
  BatchAttributes,
  compressionName,
  decodeRecordBatchAsync,
  isBatchCrcValid,
  iterateRecordEntries,
  readBatchHeader,
  type CompressionType,
  type RecordBatch,
} from '@tributary/protocol';
import type { ParsedArgs } from '../args.js';
import { describeError } from '../kafka/errors.js';
import type { Tool, ToolContext, ToolSpec } from '../tool.js';
import { bool, intFlag, required, str } from './support/flags.js';
import { progressBar } from './support/progress.js';

const spec: ToolSpec = {
  name: 'dump-log',
  summary: 'Print the batches and records of log segment files, and the entries of index files',
  kafkaName: 'kafka-dump-log.sh',
  description: [
    'Reads the files directly (no broker needed): for a .log segment, one line per record batch (offsets, producer, ' +
      'position, timestamp, size, codec, CRC and whether it is valid); with --deep-iteration or --print-data-log one ' +
      'line per record, with --print-data-log its key and payload as text. For .index files "offset: o position: p", ' +
      'for .timeindex files "timestamp: t offset: o".',
  ],
  positionals: [],
  flags: [
    str('files', 'file1,file2', 'REQUIRED: The comma-separated list of data and index log files to dump.'),
    bool('print-data-log', 'Print the keys and payloads of the records (implies --deep-iteration).'),
    bool('deep-iteration', 'Print every record, not just the batch headers.'),
    bool('skip-record-metadata', 'With --print-data-log, print only keys and payloads.'),
    bool('verify-index-only', 'With index files, only check them, printing nothing for valid entries.'),
    bool('index-sanity-check', 'With index files, only check that they are sane.'),
    str('max-bytes', 'bytes', 'Read at most this many bytes of each log file.'),
  ],
};

const RECORD_INDENT = '|';

/** `deleteHorizonMs` as Kafka prints an `OptionalLong`. */
function horizon(batch: RecordBatch): string {
  return batch.hasDeleteHorizon ? `OptionalLong[${batch.baseTimestamp}]` : 'OptionalLong.empty';
}

function batchLine(bytes: Buffer, position: number, batch: RecordBatch, size: number): string {
  const h = readBatchHeader(bytes, 0);
  const lastSequence = h.baseSequence < 0 ? -1 : h.baseSequence + h.lastOffsetDelta;
  const type = (h.attributes & BatchAttributes.TIMESTAMP_TYPE_LOG_APPEND) !== 0 ? 'LogAppendTime' : 'CreateTime';
  const codec = compressionName[(h.attributes & BatchAttributes.COMPRESSION_MASK) as CompressionType] ?? 'unknown';
  return (
    `baseOffset: ${h.baseOffset} lastOffset: ${h.baseOffset + h.lastOffsetDelta} count: ${h.recordCount} baseSequence: ${h.baseSequence} ` +
    `lastSequence: ${lastSequence} producerId: ${h.producerId} producerEpoch: ${h.producerEpoch} partitionLeaderEpoch: ${h.partitionLeaderEpoch} ` +
    `isTransactional: ${batch.isTransactional} isControl: ${batch.isControl} deleteHorizonMs: ${horizon(batch)} position: ${position} ` +
    `${type}: ${h.maxTimestamp} size: ${size} magic: 2 compresscodec: ${codec} crc: ${h.crc} isvalid: ${isBatchCrcValid(bytes, 0, size)}`
  );
}

function recordLines(batch: RecordBatch, printData: boolean, skipMetadata: boolean): string {
  const type = batch.timestampType === 1 ? 'LogAppendTime' : 'CreateTime';
  let out = '';
  for (const r of batch.records) {
    let line = '';
    if (!skipMetadata) {
      line += `${RECORD_INDENT} offset: ${r.offset} ${type}: ${r.timestamp} keySize: ${r.key?.length ?? -1} valueSize: ${r.value?.length ?? -1}`;
      line += ` sequence: ${batch.baseSequence < 0 ? -1 : batch.baseSequence + (r.offset - batch.baseOffset)} headerKeys: [${r.headers.map((h) => h.key).join(',')}]`;
      if (batch.isControl && r.key !== null && r.key.length >= 4) line += ` endTxnMarker: ${r.key.readInt16BE(2) === 0 ? 'ABORT' : 'COMMIT'} coordinatorEpoch: ${r.value && r.value.length >= 6 ? r.value.readInt32BE(2) : -1}`;
    }
    if (printData && !batch.isControl) {
      let prefix = skipMetadata ? `${RECORD_INDENT} ` : ' ';
      if (r.key !== null) {
        line += `${prefix}key: ${r.key.toString('utf8')}`;
        prefix = ' ';
      }
      if (r.value !== null) line += `${prefix}payload: ${r.value.toString('utf8')}`;
    }
    out += `${line}\n`;
  }
  return out;
}

async function dumpLogFile(ctx: ToolContext, path: string, args: ParsedArgs, onBytes: (n: number) => void): Promise<void> {
  const data = readFileSync(path);
  const maxBytes = intFlag(args, 'max-bytes', Number.MAX_SAFE_INTEGER);
  const blob = data.subarray(0, Math.min(data.length, maxBytes));
  const base = Number(basename(path).split('.')[0]);
  ctx.stdout(`Log starting offset: ${Number.isFinite(base) ? base : 0}\n`);
  const printData = args.flag('print-data-log');
  const deep = printData || args.flag('deep-iteration');
  let valid = 0;
  for (const entry of iterateRecordEntries(blob)) {
    if (entry.magic !== 2) {
      ctx.stdout(`offset: ${entry.offset} position: ${entry.position} (a magic ${entry.magic} message set, not shown)\n`);
      valid += entry.size;
      continue;
    }
    const batch = await decodeRecordBatchAsync(entry.bytes, 0, { verifyCrc: false }).catch(() => null);
    if (batch === null) {
      ctx.stdout(`baseOffset: ${entry.offset} position: ${entry.position} size: ${entry.size} magic: 2 isvalid: false (cannot be decoded)\n`);
    } else {
      let out = `${batchLine(entry.bytes, entry.position, batch, entry.size)}\n`;
      if (deep) out += recordLines(batch, printData, printData && args.flag('skip-record-metadata'));
      ctx.stdout(out);
    }
    valid += entry.size;
    onBytes(entry.size);
  }
  const trailing = blob.length - valid;
  if (trailing > 0 && maxBytes === Number.MAX_SAFE_INTEGER) ctx.stdout(`Found ${trailing} invalid bytes at the end of ${basename(path)}\n`);
}

/** Index entries (8 bytes: relative offset, position; 12 bytes: timestamp, relative offset), stopping at the zero padding. */
function dumpIndexFile(ctx: ToolContext, path: string, args: ParsedArgs, time: boolean): void {
  const data = readFileSync(path);
  const base = Number(basename(path).split('.')[0]);
  const size = time ? 12 : 8;
  const quiet = args.flag('verify-index-only') || args.flag('index-sanity-check');
  let out = '';
  for (let i = 0; i + size <= data.length; i++) {
    const at = i * size;
    if (at + size > data.length) break;
    const rel = time ? data.readInt32BE(at + 8) : data.readInt32BE(at);
    const timestamp = time ? Number(data.readBigInt64BE(at)) : 0;
    // Preallocated files end in zeros: an entry back at the base offset after the first marks the end.
    if (i > 0 && rel === 0 && (!time || timestamp === 0)) break;
    if (!quiet) out += time ? `timestamp: ${timestamp} offset: ${base + rel}\n` : `offset: ${base + rel} position: ${data.readInt32BE(at + 4)}\n`;
  }
  if (args.flag('index-sanity-check')) out += `${path} passed sanity check.\n`;
  ctx.stdout(out);
}

async function run(args: ParsedArgs, ctx: ToolContext): Promise<number> {
  const files = required(args, 'files').split(',').filter((f) => f !== '');
  const total = files.reduce((sum, f) => sum + (f.endsWith('.log') ? safeSize(f) : 0), 0);
  const progress = progressBar(ctx, 'dumping', total, 'bytes');
  let done = 0;
  let code = 0;
  try {
    for (const file of files) {
      ctx.stdout(`Dumping ${file}\n`);
      try {
        if (file.endsWith('.log')) await dumpLogFile(ctx, file, args, (n) => progress.update((done += n)));
        else if (file.endsWith('.index')) dumpIndexFile(ctx, file, args, false);
        else if (file.endsWith('.timeindex')) dumpIndexFile(ctx, file, args, true);
        else ctx.stdout(`Ignoring unknown file ${file}\n`);
      } catch (e) {
        ctx.stderr(`Error dumping ${file}: ${describeError(e)}\n`);
        code = 1;
      }
    }
  } finally {
    progress.stop();
  }
  return code;
}

function safeSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** `tributary dump-log`: Kafka's `kafka-dump-log.sh` (DumpLogSegments), over Tributary's segment files. */
export const dumpLog: Tool = { spec, run };
