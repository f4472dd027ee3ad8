import type { Headers } from '../common/headers.js';
import type { TaskId } from '../processor/task-id.js';

/** Where a failed record was when it failed (Kafka's `ErrorHandlerContext`). */
export interface ErrorHandlerContext {
  /** The source topic, `null` for a record forwarded by a punctuation. */
  topic(): string | null;
  partition(): number;
  offset(): number;
  headers(): Headers;
  /** The node that failed, or `null` before any node ran (deserialization). */
  processorNodeId(): string | null;
  taskId(): TaskId;
  timestamp(): number;
}

/** An input record as read, before deserialization. */
export interface RawRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Headers;
}

/** An output record: serialized (`Buffer`s) when production failed, typed when serialization failed. */
export interface OutputRecord<K, V> {
  readonly topic: string;
  readonly partition: number | undefined;
  readonly timestamp: number;
  readonly key: K;
  readonly value: V;
  readonly headers: Headers;
}

/** Kafka's `DeserializationHandlerResponse`. */
export const DeserializationHandlerResponse = { CONTINUE: 'CONTINUE', FAIL: 'FAIL' } as const;
export type DeserializationHandlerResponse = (typeof DeserializationHandlerResponse)[keyof typeof DeserializationHandlerResponse];

/** Kafka's `ProductionExceptionHandlerResponse`. `RETRY` is only honoured for retriable send errors. */
export const ProductionExceptionHandlerResponse = { CONTINUE: 'CONTINUE', FAIL: 'FAIL', RETRY: 'RETRY' } as const;
export type ProductionExceptionHandlerResponse = (typeof ProductionExceptionHandlerResponse)[keyof typeof ProductionExceptionHandlerResponse];

/**
 * Decides what happens to an input record that cannot be deserialized (Kafka's
 * `DeserializationExceptionHandler`, config `deserialization.exception.handler`): skip it or fail the task.
 */
export interface DeserializationExceptionHandler {
  handle(context: ErrorHandlerContext, record: RawRecord, exception: Error): DeserializationHandlerResponse;
}

/**
 * Decides what happens when a record cannot be written (Kafka's `ProductionExceptionHandler`, config
 * `production.exception.handler`): a send error or, with `handleSerializationException`, a serializer error.
 */
export interface ProductionExceptionHandler {
  handle(context: ErrorHandlerContext, record: OutputRecord<Buffer | null, Buffer | null>, exception: Error): ProductionExceptionHandlerResponse;
  handleSerializationException?(context: ErrorHandlerContext, record: OutputRecord<unknown, unknown>, exception: Error, origin: 'KEY' | 'VALUE'): ProductionExceptionHandlerResponse;
}

function where(context: ErrorHandlerContext): string {
  return `taskId: ${context.taskId().toString()}, topic: ${String(context.topic())}, partition: ${context.partition()}, offset: ${context.offset()}`;
}

/** Logs a warning and skips the record (Kafka's `LogAndContinueExceptionHandler`). */
export class LogAndContinueExceptionHandler implements DeserializationExceptionHandler {
  constructor(private readonly log: (message: string) => void = (m) => console.warn(m)) {}

  handle(context: ErrorHandlerContext, _record: RawRecord, exception: Error): DeserializationHandlerResponse {
    this.log(`Exception caught during Deserialization, ${where(context)}: ${exception.message}`);
    return DeserializationHandlerResponse.CONTINUE;
  }
}

/** Logs an error and fails the task (Kafka's `LogAndFailExceptionHandler`, the default). */
export class LogAndFailExceptionHandler implements DeserializationExceptionHandler {
  constructor(private readonly log: (message: string) => void = (m) => console.error(m)) {}

  handle(context: ErrorHandlerContext, _record: RawRecord, exception: Error): DeserializationHandlerResponse {
    this.log(`Exception caught during Deserialization, ${where(context)}: ${exception.message}`);
    return DeserializationHandlerResponse.FAIL;
  }
}

/** Fails on every production or serialization error (Kafka's `DefaultProductionExceptionHandler`). */
export class DefaultProductionExceptionHandler implements ProductionExceptionHandler {
  handle(_context: ErrorHandlerContext, _record: OutputRecord<Buffer | null, Buffer | null>, exception: Error): ProductionExceptionHandlerResponse {
    return (exception as { retriable?: boolean }).retriable === true ? ProductionExceptionHandlerResponse.RETRY : ProductionExceptionHandlerResponse.FAIL;
  }

  handleSerializationException(): ProductionExceptionHandlerResponse {
    return ProductionExceptionHandlerResponse.FAIL;
  }
}
