import { ProduceResponse, encodeRecordBatch, readLegacyMessageSet, type ProduceResponsePartitionProduceResponse } from '@tributary/protocol';
import { errorCode } from '../api/errors.js';
import type { Handler } from '../api/types.js';
import type { PartitionAppendResult } from '../replica/partition.js';

const refused = (error: string): PartitionAppendResult => ({ error, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 });

/**
 * Produce: validates and appends each partition's single v2 batch as leader (stored verbatim), answering per
 * partition with the base offset or Kafka's error code. `acks=0` gets no response at all; acks other than
 * -1, 0 and 1 get INVALID_REQUIRED_ACKS. With one replica the ISR is this broker, so acks=1 and acks=all are
 * both satisfied by the local append (min.insync.replicas is checked against the ISR).
 */
export const produceHandler: Handler<0> = async (request, ctx, broker) => {
  const acks = request.acks;
  const validAcks = acks === -1 || acks === 0 || acks === 1;
  // Every partition's append joins its partition's queue before anything is awaited, so pipelined requests
  // append in the order they arrived, as Kafka (one request per connection at a time) guarantees.
  const pending = request.topicData.map((topic) => ({
    name: topic.name,
    partitions: topic.partitionData.map((p) => {
      const raw = p.records === null || Buffer.isBuffer(p.records) ? p.records : Buffer.concat(p.records);
      const records = ctx.apiVersion < 3 ? upConvert(raw) : raw;
      const result: Promise<PartitionAppendResult> = !validAcks
        ? Promise.resolve(refused('INVALID_REQUIRED_ACKS'))
        : acks === -1 && notEnoughReplicas(broker, topic.name, p.index)
          ? Promise.resolve(refused('NOT_ENOUGH_REPLICAS'))
          : broker.replicas.appendRecords(topic.name, p.index, records, { allowZstd: ctx.apiVersion >= 7 });
      return { index: p.index, result };
    }),
  }));
  const responses = [];
  for (const topic of pending) {
    const partitionResponses: ProduceResponsePartitionProduceResponse[] = [];
    for (const p of topic.partitions) {
      const r = await p.result;
      partitionResponses.push({
        index: p.index,
        errorCode: errorCode(r.error),
        baseOffset: BigInt(r.baseOffset),
        logAppendTimeMs: BigInt(r.logAppendTimeMs),
        logStartOffset: BigInt(r.logStartOffset),
        recordErrors: [],
        errorMessage: r.error === null ? null : (r.errorMessage ?? null),
        currentLeader: { leaderId: -1, leaderEpoch: -1 },
      });
    }
    responses.push({ name: topic.name, partitionResponses });
  }
  if (acks === 0) return null;
  return ProduceResponse.create({ responses, throttleTimeMs: 0 });
};

function notEnoughReplicas(broker: Parameters<Handler<0>>[2], topic: string, partition: number): boolean {
  const p = broker.replicas.get(topic, partition);
  return p !== undefined && p.isr.length < p.log.config.minInsyncReplicas;
}

/**
 * Produce v0-v2 carry legacy message sets (magic 0/1); the log stores v2 batches only, so the messages are
 * up-converted into one v2 batch, as Kafka's LogValidator does (magic 0 messages have no timestamp: -1).
 * Anything unreadable is passed on as is, for the validator to refuse with Kafka's error code.
 */
function upConvert(records: Buffer | null): Buffer | null {
  if (records === null || records.length < 17 || records.readInt8(16) === 2) return records;
  let messages;
  try {
    messages = readLegacyMessageSet(records);
  } catch {
    return records;
  }
  if (messages.length === 0) return records;
  return encodeRecordBatch({
    baseTimestamp: messages[0]!.timestamp,
    records: messages.map((m) => ({ key: m.key, value: m.value, timestamp: m.timestamp })),
  });
}
