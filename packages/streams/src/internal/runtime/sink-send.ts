import { StreamsException } from '../../common/errors.js';
import type { Headers } from '../../common/headers.js';
import type { ErrorHandlerContext } from '../../handlers/handlers.js';
import type { Record } from '../../processor/record.js';
import type { SinkRuntimeNode } from './nodes.js';

type Origin = 'KEY' | 'VALUE';

const NO_HEADERS: readonly never[] = Object.freeze([]);

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
  const headers = record.headers();
  const timestamp = record.timestamp();
  let origin: Origin = 'KEY';
  let key: Buffer | null;
  let value: Buffer | null;
  try {
    key = sink.keySerializer.serialize(topic, record.key(), headers);
    origin = 'VALUE';
    value = sink.valueSerializer.serialize(topic, record.value(), headers);
  } catch (e) {
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
  sink.task.collector.send({ topic, partition, timestamp, key, value, headers: headers.size === 0 ? NO_HEADERS : headers.toArray() }, sink.name);
}
