import { StreamsException } from '../../common/errors.js';
import { Headers } from '../../common/headers.js';
import type { ErrorHandlerContext } from '../../handlers/handlers.js';
import { internals, type Record } from '../../processor/record.js';
import type { SinkRuntimeNode } from './nodes.js';

type Origin = 'KEY' | 'VALUE';

const NO_HEADERS: readonly never[] = Object.freeze([]);

/**
 * The empty Headers lent to serializers of records that have none (serialization is synchronous, so one
 * instance serves every sink). If a serializer adds headers to it, they go out with the record and a fresh
 * scratch replaces it.
 */
let scratch = new Headers();

function errorContext(sink: SinkRuntimeNode, record: Record<unknown, unknown>, headers: Headers): ErrorHandlerContext {
  const current = sink.task.current;
  return {
    topic: () => current?.topic ?? null,
    partition: () => current?.partition ?? -1,
    offset: () => current?.offset ?? -1,
    headers: () => headers,
    processorNodeId: () => sink.name,
    taskId: () => sink.task.taskId,
    timestamp: () => record.timestamp(),
  };
}

/**
 * Serializes a record and hands it to the collector (Kafka's RecordCollectorImpl.send). Serializer errors go to
 * the production exception handler: CONTINUE drops the record, anything else fails the task. A partitioner's
 * `undefined` leaves the partition to the producer (murmur2 of the key bytes, as Kafka's default).
 */
export function serializeAndSend(sink: SinkRuntimeNode, topic: string, record: Record<unknown, unknown>): void {
  // A record without headers gets the shared scratch Headers (empty) for the serializers instead of a new one:
  // no allocation on the common path. A serializer that adds headers to it makes them the record's own.
  const headers = internals.recordHasHeaders(record) ? record.headers() : scratch;
  const timestamp = record.timestamp();
  let origin: Origin = 'KEY';
  let key: Buffer | null;
  let value: Buffer | null;
  try {
    key = sink.keySerializer.serialize(topic, record.key(), headers);
    origin = 'VALUE';
    value = sink.valueSerializer.serialize(topic, record.value(), headers);
  } catch (e) {
    if (headers === scratch) scratch = new Headers(); // the handler keeps this one
    const error = e instanceof Error ? e : new Error(String(e));
    const handler = sink.task.config.productionHandler;
    const typed = { topic, partition: undefined, timestamp, key: record.key(), value: record.value(), headers };
    const response = handler.handleSerializationException?.(errorContext(sink, record, headers), typed, error, origin) ?? 'FAIL';
    if (response === 'CONTINUE') return;
    throw new StreamsException(`Error encountered sending record to topic ${topic} for task ${sink.task.taskId.toString()} due to:\n${error.message}`, { cause: e });
  }
  let partition: number | undefined;
  if (sink.partitioner !== undefined) {
    const count = sink.task.collector.partitionsFor(topic);
    if (count !== undefined) partition = sink.partitioner(topic, record.key(), record.value(), count) ?? undefined;
  }
  const out = headers.size === 0 ? NO_HEADERS : headers.toArray();
  if (headers === scratch && headers.size > 0) scratch = new Headers();
  sink.task.collector.send({ topic, partition, timestamp, key, value, headers: out, source: sink.task.current }, sink.name);
}
