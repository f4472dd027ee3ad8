import type { Serde } from '../serialization/serde.js';
import type { FixedKeyRecord, Record } from './record.js';
import type { RecordMetadata } from './metadata.js';
import type { Cancellable, PunctuationType, Punctuator } from './punctuation.js';
import type { StateStore } from './state-store.js';
import type { TaskId } from './task-id.js';

/** The parts of the context every processor sees, whatever it forwards (Kafka's `ProcessingContext`). */
export interface ProcessingContext {
  /** The `application.id`. */
  applicationId(): string;
  /** The task running this processor instance. */
  taskId(): TaskId;
  /**
   * The metadata of the input record being processed, or `undefined` during a punctuation (there is no input
   * record then, as Kafka documents).
   */
  recordMetadata(): RecordMetadata | undefined;
  /** The application's configuration. */
  appConfigs(): Readonly<{ [key: string]: unknown }>;
  /** `default.key.serde`, if configured. */
  keySerde(): Serde<unknown> | undefined;
  /** `default.value.serde`, if configured. */
  valueSerde(): Serde<unknown> | undefined;
  /**
   * Schedules `callback` every `intervalMs` of stream time or wall-clock time (Kafka's `schedule`). Stream-time
   * punctuations are aligned to 0 and fire as soon as data arrives; wall-clock ones first fire `intervalMs` after
   * scheduling.
   */
  schedule(intervalMs: number, type: PunctuationType, callback: Punctuator): Cancellable;
  /** Asks for a commit as soon as possible (Kafka's `commit()`). */
  commit(): void;
  /** The task's view of the wall clock in ms (the test driver's mock clock under test). */
  currentSystemTimeMs(): number;
  /** The task's stream time: the largest record timestamp it has processed, `-1` before the first record. */
  currentStreamTimeMs(): number;
  /** A store connected to this processor (Kafka's `getStateStore`). */
  getStateStore<S extends StateStore>(name: string): S;
}

/**
 * The context a {@link Processor} receives in `init` (Kafka's `api.ProcessorContext<KForward, VForward>`).
 *
 * `forward` passes a record to all children (or to the named one) depth first: when it returns, the children and
 * everything below them have processed the record - unless one of them is asynchronous, in which case `forward`
 * returns a Promise; awaiting it is optional, the task waits for it anyway before the next record.
 */
export interface ProcessorContext<KForward, VForward> extends ProcessingContext {
  forward(record: Record<KForward, VForward>, childName?: string): void | Promise<void>;
}

/** The context of a {@link FixedKeyProcessor} (Kafka's `FixedKeyProcessorContext`): it forwards fixed-key records. */
export interface FixedKeyProcessorContext<KForward, VForward> extends ProcessingContext {
  forward(record: FixedKeyRecord<KForward, VForward>, childName?: string): void | Promise<void>;
}
