// The grace period of a stream-table join on a versioned table (Kafka's KIP-923, `Joined.withGracePeriod`):
// stream records wait in a time-ordered buffer until stream time has passed their timestamp by the grace period,
// then join - in timestamp order - against the table as of their timestamp, so table updates that arrive a little
// late are still seen. A record already older than stream time - grace joins at once, as Kafka's does (the buffer
// refuses it).
//
// The buffer is the suppression's changelogged time-ordered buffer (restored on start) keyed by
// [input offset i64][sequence i32][serialized stream key], one entry per record, ordered by (timestamp, key);
// Kafka uses a RocksDB buffer named `<join name>-Buffer` with a time-first key, so the two changelogs differ.

import type { Header } from '../../../common/headers.js';
import type { ProcessorContext } from '../../../processor/processor-context.js';
import type { Record } from '../../../processor/record.js';
import type { Serde } from '../../../serialization/serde.js';
import { serdeFrom } from '../../../serialization/serde.js';
import { writeInt64BE } from '../../state/bytes/int64.js';
import { resolveSerde } from '../../state/store-serdes.js';
import { Change } from '../change.js';
import type { BufferRecordContext } from '../suppress/buffer-value.js';
import { TimeOrderedKeyValueBuffer, TimeOrderedKeyValueBufferBuilder } from '../suppress/time-ordered-buffer.js';

const KEY_HEADER = 12;

const bytesSerde: Serde<Buffer> = serdeFrom<Buffer>(
  { serialize: (_topic, data) => data },
  { deserialize: (_topic, data) => data ?? Buffer.alloc(0) },
);

/** What the grace buffer of one join needs: its store, the grace period, and the stream's serdes. */
export interface GraceSpec {
  readonly storeName: string;
  readonly gracePeriodMs: number;
  readonly keySerde: Serde<unknown> | undefined;
  readonly valueSerde: Serde<unknown> | undefined;
}

/** The buffer's store builder (logged like Kafka's, with the join's name + `-Buffer`). */
export function graceBufferBuilder(spec: GraceSpec): TimeOrderedKeyValueBufferBuilder<Buffer, Buffer> {
  return new TimeOrderedKeyValueBufferBuilder<Buffer, Buffer>(spec.storeName, bytesSerde, bytesSerde, true, {});
}

/** A buffered stream record, as it is joined when it leaves the buffer. */
export interface Released {
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  readonly headers: readonly Header[];
}

/** The processor side of the buffer: puts stream records and releases the ones whose grace has passed. */
export class GraceBuffer {
  #buffer!: TimeOrderedKeyValueBuffer<Buffer, Buffer>;
  #keySerde!: Serde<unknown>;
  #valueSerde!: Serde<unknown>;
  #observed = -1;
  #seq = 0;

  constructor(private readonly spec: GraceSpec) {}

  init(context: ProcessorContext<unknown, unknown>): void {
    this.#buffer = context.getStateStore<TimeOrderedKeyValueBuffer<Buffer, Buffer>>(this.spec.storeName);
    this.#keySerde = resolveSerde(this.spec.keySerde, context.keySerde(), 'key', this.spec.storeName);
    this.#valueSerde = resolveSerde(this.spec.valueSerde, context.valueSerde(), 'value', this.spec.storeName);
  }

  /** Advances stream time; false when the record is older than stream time - grace and must join at once. */
  put(record: Record<unknown, unknown>, context: ProcessorContext<unknown, unknown>): boolean {
    if (record.timestamp() > this.#observed) this.#observed = record.timestamp();
    if (record.timestamp() < this.#observed - this.spec.gracePeriodMs) return false;
    const topic = this.spec.storeName;
    const keyBytes = this.#keySerde.serializer().serialize(topic, record.key()) ?? Buffer.alloc(0);
    const valueBytes = this.#valueSerde.serializer().serialize(topic, record.value());
    const m = context.recordMetadata();
    const bufferKey = Buffer.allocUnsafe(KEY_HEADER + keyBytes.length);
    writeInt64BE(bufferKey, m?.offset() ?? -1, 0);
    bufferKey.writeInt32BE((this.#seq = (this.#seq + 1) & 0x7fffffff), 8);
    keyBytes.copy(bufferKey, KEY_HEADER);
    const recordContext: BufferRecordContext = {
      timestamp: record.timestamp(),
      offset: m?.offset() ?? -1,
      topic: m?.topic() ?? null,
      partition: m?.partition() ?? -1,
      headers: record.headers().toArray(),
    };
    this.#buffer.put(record.timestamp(), bufferKey, new Change(valueBytes, null), recordContext);
    return true;
  }

  /** Takes out, in timestamp order, every record at or before stream time - grace. */
  release(): Released[] {
    const out: Released[] = [];
    const buffer = this.#buffer;
    const deadline = this.#observed - this.spec.gracePeriodMs;
    const topic = this.spec.storeName;
    buffer.evictWhile(
      () => buffer.minTimestamp() <= deadline,
      (e) => {
        const key = this.#keySerde.deserializer().deserialize(topic, e.key.subarray(KEY_HEADER));
        const value = this.#valueSerde.deserializer().deserialize(topic, e.value.newValue);
        out.push({ key, value, timestamp: e.context.timestamp, headers: e.context.headers });
      },
    );
    return out;
  }
}
