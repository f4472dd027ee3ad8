import type { Producer, ProducerRecord, RecordMetadata } from '@tributary/client';
import { StreamsException } from '../../common/errors.js';
import { Headers } from '../../common/headers.js';
import type { ErrorHandlerContext, ProductionExceptionHandler } from '../../handlers/handlers.js';
import type { TaskId } from '../../processor/task-id.js';
import type { CurrentRecord, RecordCollector, SerializedRecord } from '../runtime/task-services.js';

const HIGH_WATER = 50_000;
const LOW_WATER = 10_000;

/**
 * A task's RecordCollector over the thread's producer (Kafka's RecordCollectorImpl). Sends are not awaited one
 * by one: a failure goes to the production exception handler when it arrives; CONTINUE drops the record, any
 * other answer is kept and fails the task at its next check, before its offsets can be committed.
 */
export class ProducerCollector implements RecordCollector {
  /** The first send failure the handler did not let pass. */
  error: StreamsException | undefined;
  /** Sends not yet acknowledged. */
  #pending = 0;
  #onCapacity: (() => void) | undefined;
  readonly #offsets = new Map<string, number>();

  constructor(
    private readonly producer: Producer,
    private readonly partitionCounts: ReadonlyMap<string, number>,
    private readonly handler: ProductionExceptionHandler,
    private readonly taskId: TaskId,
  ) {}

  send(record: SerializedRecord): void {
    // A SerializedRecord is a ProducerRecord as it is: it goes to the producer without a copy, and `enqueue`
    // makes no promise - completion is tracked through one callback shared by every record, and commits wait
    // on `flush()`.
    this.#pending++;
    this.producer.enqueue(record as ProducerRecord, this.#onSent);
  }

  readonly #onSent = (error: Error | null, metadata: RecordMetadata | null, sent: ProducerRecord): void => {
    const record = sent as SerializedRecord;
    if (--this.#pending <= LOW_WATER && this.#onCapacity !== undefined) {
      this.#onCapacity();
      this.#onCapacity = undefined;
    }
    if (error !== null) this.#failed(error, record, record.source);
    else if (record.partition !== undefined && metadata !== null && metadata.offset >= 0) this.#offsets.set(`${record.topic}-${record.partition}`, metadata.offset);
  };

  /**
   * Resolves once unacknowledged sends are back under a low-water mark: the task stops producing faster than
   * the producer sends (what Kafka's `buffer.memory` limit does by blocking `send`). Undefined when there is room.
   */
  capacity(): Promise<void> | undefined {
    if (this.#pending <= HIGH_WATER) return undefined;
    return new Promise<void>((resolve) => (this.#onCapacity = resolve));
  }

  offsets(): ReadonlyMap<string, number> {
    return this.#offsets;
  }

  partitionsFor(topic: string): number | undefined {
    return this.partitionCounts.get(topic);
  }

  /** Throws the kept failure, if any (Kafka's checkForException). */
  check(): void {
    if (this.error !== undefined) throw this.error;
  }

  #failed(e: unknown, record: SerializedRecord, source: CurrentRecord | undefined): void {
    if (this.error !== undefined) return;
    const error = e instanceof Error ? e : new Error(String(e));
    const headers = new Headers(record.headers);
    const context: ErrorHandlerContext = {
      topic: () => source?.topic ?? null,
      partition: () => source?.partition ?? -1,
      offset: () => source?.offset ?? -1,
      headers: () => headers,
      processorNodeId: () => null,
      taskId: () => this.taskId,
      timestamp: () => record.timestamp,
    };
    let response: string;
    try {
      response = this.handler.handle(context, { ...record, headers }, error);
    } catch (fatal) {
      response = 'FAIL';
      this.error = new StreamsException('Fatal user code error in production error callback', { cause: fatal });
      return;
    }
    if (response === 'CONTINUE') return;
    this.error = new StreamsException(
      `Error encountered sending record to topic ${record.topic} for task ${this.taskId.toString()} due to:\n${error.message}\n` +
        'Exception handler choose to FAIL the processing, no more records would be sent.',
      { cause: e },
    );
  }
}
