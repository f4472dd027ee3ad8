import { StreamsException } from '../../common/errors.js';
import { Headers, type Header } from '../../common/headers.js';
import type { DeserializationExceptionHandler } from '../../handlers/handlers.js';
import { FailOnInvalidTimestamp, type ConsumerRecord } from '../../processor/extractors.js';
import { internals, type Record } from '../../processor/record.js';
import type { TaskId } from '../../processor/task-id.js';
import { Fifo } from './fifo.js';
import type { SourceRuntimeNode } from './nodes.js';

/** An input record as a consumer delivers it (the subset of the client's ConsumerRecord the task needs). */
export interface IncomingRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly timestampType?: 'CreateTime' | 'LogAppendTime';
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly Header[];
}

/** A record at the head of its queue: deserialized and stamped, or corrupted (skipped, but its offset counts). */
export interface StampedRecord {
  readonly raw: IncomingRecord;
  /** Undefined for a record the deserialization handler chose to skip. */
  readonly record: Record<unknown, unknown> | undefined;
  readonly timestamp: number;
}

/**
 * The buffered records of one input partition (Kafka's RecordQueue). A record is deserialized and its timestamp
 * extracted when it reaches the head; records the handler skips and records with a negative timestamp are
 * dropped there and counted in the task's dropped-records sensor, as in Kafka.
 */
export class RecordQueue {
  readonly #raw = new Fifo<IncomingRecord>();
  #head: StampedRecord | undefined;
  /** The largest timestamp polled from this partition, -1 before the first. */
  partitionTime = -1;
  /** The offset of the last record processed (or skipped), -1 before the first. */
  consumedOffset = -1;
  /** `consumedOffset` at the last commit. */
  committedOffset = -1;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly source: SourceRuntimeNode,
    readonly taskId: TaskId,
    readonly deserializationHandler: DeserializationExceptionHandler,
    readonly warn: (message: string) => void,
    /** Counts a record dropped here (the task's dropped-records sensor). */
    readonly onDropped: () => void = () => undefined,
  ) {}

  add(records: readonly IncomingRecord[]): void {
    for (const r of records) this.#raw.push(r);
  }

  /** Buffered records, the head included. */
  get size(): number {
    return this.#raw.length + (this.#head === undefined ? 0 : 1);
  }

  /** The head record (deserializing and stamping it if needed), or undefined when the queue is empty. */
  head(): StampedRecord | undefined {
    if (this.#head === undefined) this.#head = this.#computeHead();
    return this.#head;
  }

  poll(): StampedRecord | undefined {
    const head = this.head();
    if (head === undefined) return undefined;
    this.#head = undefined;
    if (head.record !== undefined && head.timestamp > this.partitionTime) this.partitionTime = head.timestamp;
    return head;
  }

  #take(): IncomingRecord | undefined {
    return this.#raw.shift();
  }

  #computeHead(): StampedRecord | undefined {
    let lastCorrupted: IncomingRecord | undefined;
    for (let raw = this.#take(); raw !== undefined; raw = this.#take()) {
      if (!this.#deserialize(raw)) {
        this.onDropped();
        lastCorrupted = raw;
        continue;
      }
      const timestamp = this.#extract(raw);
      if (timestamp < 0) {
        this.onDropped();
        this.warn(`Skipping record due to negative extracted timestamp. topic=[${raw.topic}] partition=[${raw.partition}] offset=[${raw.offset}] extractedTimestamp=[${timestamp}]`);
        lastCorrupted = raw;
        continue;
      }
      return { raw, record: internals.recordWithSharedHeaders(this.#key, this.#value, timestamp, this.#headers), timestamp };
    }
    // Kafka keeps the last skipped record as a "corrupted" head so its offset still gets committed.
    return lastCorrupted === undefined ? undefined : { raw: lastCorrupted, record: undefined, timestamp: -1 };
  }

  // The last deserialized record's parts (fields, not an object per record).
  #key: unknown;
  #value: unknown;
  #headers: Headers | undefined;

  /** Deserializes into #key/#value/#headers; false when the handler chose to skip the record. */
  #deserialize(raw: IncomingRecord): boolean {
    // Records without headers (the common case) get none allocated; deserializers see `headers` undefined.
    const headers = raw.headers.length === 0 ? undefined : new Headers(raw.headers);
    try {
      this.#key = this.source.keyDeserializer!.deserialize(raw.topic, raw.key, headers);
      this.#value = this.source.valueDeserializer!.deserialize(raw.topic, raw.value, headers);
      this.#headers = headers;
      return true;
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      let response: string;
      try {
        const all = headers ?? new Headers();
        response = this.deserializationHandler.handle(this.#errorContext(raw, all), { ...raw, headers: all }, error);
      } catch (fatal) {
        throw new StreamsException('Fatal user code error in deserialization error callback', { cause: fatal });
      }
      if (response === 'CONTINUE') return false;
      throw new StreamsException(
        'Deserialization exception handler is set to fail upon a deserialization error. If you would rather have the streaming ' +
          'pipeline continue after a deserialization error, please set the deserialization.exception.handler appropriately.',
        { cause: e },
      );
    }
  }

  #extract(raw: IncomingRecord): number {
    const extractor = this.source.timestampExtractor;
    // The default extractor only reads the stored timestamp: skip building the record view for it.
    if (extractor instanceof FailOnInvalidTimestamp && raw.timestamp >= 0) return raw.timestamp;
    const view: ConsumerRecord<unknown, unknown> = {
      topic: raw.topic,
      partition: raw.partition,
      offset: raw.offset,
      timestamp: raw.timestamp,
      timestampType: raw.timestampType ?? 'CreateTime',
      key: this.#key,
      value: this.#value,
      headers: this.#headers ?? new Headers(),
    };
    try {
      return extractor.extract(view, this.partitionTime);
    } catch (e) {
      if (e instanceof StreamsException) throw e;
      throw new StreamsException(`Fatal user code error in TimestampExtractor callback for record ${raw.topic}-${raw.partition}@${raw.offset}.`, { cause: e });
    }
  }

  #errorContext(raw: IncomingRecord, headers: Headers) {
    return {
      topic: () => raw.topic,
      partition: () => raw.partition,
      offset: () => raw.offset,
      headers: () => headers,
      processorNodeId: () => this.source.name,
      taskId: () => this.taskId,
      timestamp: () => raw.timestamp,
    };
  }
}
