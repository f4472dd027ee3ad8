// One buffered update of the suppression buffer (Kafka's BufferValue and ProcessorRecordContext serialization) and
// its changelog form. The changelog value, version 3 (header "v" = 3), is:
//   record context: [timestamp i64][offset i64][topic length i32][topic utf-8][partition i32]
//                   [header count i32 (-1: none)] then per header [key length i32][key][value length i32 (-1: null)][value]
//   [prior value length i32 (-1: null)][prior value]
//   [old value length i32 (-1: null, -2: same as the prior value)][old value]
//   [new value length i32 (-1: null)][new value]
//   [buffer time i64]
// all big-endian. The prior value is the old value of the first update buffered for the key.

import type { Header } from '../../../common/headers.js';

/** The record context a buffered update is emitted with (Kafka's ProcessorRecordContext). */
export interface BufferRecordContext {
  readonly timestamp: number;
  readonly offset: number;
  /** Null during a punctuation. */
  readonly topic: string | null;
  readonly partition: number;
  readonly headers: readonly Header[];
}

const NULL_VALUE = -1;
const OLD_PREV_DUPLICATE = -2;

export class BufferValue {
  constructor(
    readonly priorValue: Buffer | null,
    readonly oldValue: Buffer | null,
    readonly newValue: Buffer | null,
    readonly context: BufferRecordContext,
  ) {}

  /**
   * Kafka's residentMemorySizeEstimate: the value bytes (the old value not counted twice when it is the prior one)
   * plus the context: 8 + 8 for timestamp and offset, the topic's characters, 4 for the partition, and each
   * header's key characters and value bytes.
   */
  residentMemorySizeEstimate(): number {
    let size = (this.priorValue?.length ?? 0) + (this.oldValue === null || this.oldValue === this.priorValue ? 0 : this.oldValue.length) + (this.newValue?.length ?? 0);
    size += 8 + 8 + (this.context.topic?.length ?? 0) + 4;
    for (const h of this.context.headers) size += h.key.length + (h.value?.length ?? 0);
    return size;
  }

  /** The changelog bytes with `bufferTime` at the end (Kafka's serialize(Long.BYTES) + putLong(time)). */
  serializeWithTime(bufferTime: number): Buffer {
    const parts: Buffer[] = [serializeContext(this.context), lengthPrefixed(this.priorValue)];
    if (this.oldValue === null) parts.push(int32(NULL_VALUE));
    else if (this.priorValue !== null && this.oldValue.equals(this.priorValue)) parts.push(int32(OLD_PREV_DUPLICATE));
    else parts.push(lengthPrefixed(this.oldValue));
    parts.push(lengthPrefixed(this.newValue));
    const time = Buffer.allocUnsafe(8);
    time.writeBigInt64BE(BigInt(bufferTime));
    parts.push(time);
    return Buffer.concat(parts);
  }

  /** Reads a version-3 changelog value: the buffered update and its buffer time. */
  static deserializeWithTime(bytes: Buffer): { value: BufferValue; time: number } {
    const reader = new ByteReader(bytes.subarray(0, bytes.length - 8));
    const context = deserializeContext(reader);
    const priorValue = reader.nullableBytes();
    const oldLength = reader.int32();
    const oldValue = oldLength === OLD_PREV_DUPLICATE ? priorValue : oldLength === NULL_VALUE ? null : reader.bytes(oldLength);
    const newValue = reader.nullableBytes();
    return { value: new BufferValue(priorValue, oldValue, newValue, context), time: Number(bytes.readBigInt64BE(bytes.length - 8)) };
  }
}

function int32(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n);
  return b;
}

function lengthPrefixed(value: Buffer | null): Buffer {
  return value === null ? int32(NULL_VALUE) : Buffer.concat([int32(value.length), value]);
}

function serializeContext(context: BufferRecordContext): Buffer {
  const head = Buffer.allocUnsafe(16);
  head.writeBigInt64BE(BigInt(context.timestamp), 0);
  head.writeBigInt64BE(BigInt(context.offset), 8);
  const topic = context.topic === null ? null : Buffer.from(context.topic, 'utf8');
  const parts = [head, lengthPrefixed(topic), int32(context.partition), int32(context.headers.length)];
  for (const h of context.headers) parts.push(lengthPrefixed(Buffer.from(h.key, 'utf8')), lengthPrefixed(h.value));
  return Buffer.concat(parts);
}

function deserializeContext(reader: ByteReader): BufferRecordContext {
  const timestamp = reader.int64();
  const offset = reader.int64();
  const topic = reader.nullableBytes()?.toString('utf8') ?? null;
  const partition = reader.int32();
  const count = reader.int32();
  const headers: Header[] = [];
  for (let i = 0; i < count; i++) {
    const key = reader.nullableBytes()?.toString('utf8') ?? '';
    headers.push({ key, value: reader.nullableBytes() });
  }
  return { timestamp, offset, topic, partition, headers };
}

class ByteReader {
  #pos = 0;
  constructor(private readonly buf: Buffer) {}

  int32(): number {
    const v = this.buf.readInt32BE(this.#pos);
    this.#pos += 4;
    return v;
  }

  int64(): number {
    const v = Number(this.buf.readBigInt64BE(this.#pos));
    this.#pos += 8;
    return v;
  }

  bytes(length: number): Buffer {
    const v = Buffer.from(this.buf.subarray(this.#pos, this.#pos + length));
    this.#pos += length;
    return v;
  }

  nullableBytes(): Buffer | null {
    const length = this.int32();
    return length < 0 ? null : this.bytes(length);
  }
}
